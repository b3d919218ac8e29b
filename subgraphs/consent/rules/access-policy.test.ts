import { describe, expect, it } from 'vitest';
import { DataCategory, Purpose } from '../../shared/enums';
import { AccessGrant } from '../entities/AccessGrant';
import { CaptureMethod, Consent, LawfulBasis } from '../entities/Consent';
import { Person } from '../entities/Person';
import { ACCESS_RULES, decideAccess, type AccessQuestionFacts } from './access-policy';

/** The decision function alone (no database): each rule, and the reasons a denial gives. */
const now = new Date('2026-11-23T12:00:00Z');
const person = Object.assign(new Person(), { id: 'p1' });
const consent = (over: Partial<Consent> = {}) =>
  Object.assign(new Consent(), {
    id: 'c1', person, purposes: [Purpose.CASE_REVIEW], recipientAgencyIds: ['kent-police'], categories: [DataCategory.IDENTITY],
    lawfulBasis: LawfulBasis.CONSENT, captureMethod: CaptureMethod.ONLINE, grantedAt: new Date('2026-10-01'), ...over,
  });
const grant = (over: Partial<AccessGrant> = {}) =>
  Object.assign(new AccessGrant(), {
    id: 'g1', agencyId: 'kent-police', personId: 'p1', category: DataCategory.IDENTITY, purpose: Purpose.CASE_REVIEW, basis: LawfulBasis.CONSENT,
    consentId: 'c1', reviewId: 'r1', validFrom: new Date('2026-11-01'), ...over,
  });
const facts = (over: Partial<AccessQuestionFacts> = {}): AccessQuestionFacts => ({
  agencyId: 'kent-police', roles: ['reviewer'], personId: 'p1', category: DataCategory.IDENTITY, purpose: Purpose.CASE_REVIEW,
  controllerAgencyIds: ['sevenoaks-dc'], grants: [grant()], consents: new Map([['c1', consent()]]), now, ...over,
});

describe('decideAccess', () => {
  it.each([
    ['a consent grant in force', facts(), true, 'grant:g1', 'consent-grant-for-review'],
    ['the controller, with no grant', facts({ agencyId: 'sevenoaks-dc', grants: [] }), true, 'controller', 'controller-sees-own-records'],
    ['an analyst, even the controller', facts({ roles: ['analyst'], agencyId: 'sevenoaks-dc' }), false, 'analyst-role', 'analysts-see-aggregates-only'],
    ['a contributor system on the panel', facts({ roles: ['contributor'] }), false, 'role-not-covered', 'deny-by-default'],
    ['no grant', facts({ grants: [] }), false, 'no-grant', 'deny-by-default'],
    ['a revoked grant', facts({ grants: [grant({ revokedAt: new Date('2026-11-20'), revokedReason: 'review closed' })] }), false, 'grant-revoked', 'deny-by-default'],
    ['a grant not yet in force', facts({ grants: [grant({ validFrom: new Date('2026-12-01') })] }), false, 'grant-expired', 'deny-by-default'],
    ['a withdrawn consent', facts({ consents: new Map([['c1', consent({ withdrawnAt: new Date('2026-11-22') })]]) }), false, 'consent-withdrawn', 'deny-by-default'],
    ['an expired consent', facts({ consents: new Map([['c1', consent({ expiresAt: new Date('2026-11-23T11:00:00Z') })]]) }), false, 'consent-expired', 'deny-by-default'],
    ['a consent not covering the category', facts({ category: DataCategory.CONTACT, grants: [grant({ category: DataCategory.CONTACT })] }), false, 'consent-active', 'deny-by-default'],
    ['another purpose', facts({ purpose: Purpose.CASE_MANAGEMENT }), false, 'no-grant', 'deny-by-default'],
    ['a DPO grant on public task', facts({ grants: [grant({ basis: LawfulBasis.PUBLIC_TASK, consentId: null, supplierAgencyId: 'sevenoaks-dc', reason: 'safeguarding', agreementRef: 'DSA-7', validUntil: new Date('2027-01-01') })] }), true, 'grant:g1', 'dpo-recorded-grant'],
    ['a DPO grant of another supplier’s data', facts({ grants: [grant({ basis: LawfulBasis.PUBLIC_TASK, consentId: null, supplierAgencyId: 'derbyshire-police', validUntil: new Date('2027-01-01') })] }), false, 'grant-other-supplier', 'deny-by-default'],
    ['a DPO grant naming no supplier', facts({ grants: [grant({ basis: LawfulBasis.PUBLIC_TASK, consentId: null, supplierAgencyId: null, validUntil: new Date('2027-01-01') })] }), false, 'grant-other-supplier', 'deny-by-default'],
    ['a DPO grant of one of several suppliers', facts({ controllerAgencyIds: ['kent-police-x', 'sevenoaks-dc'], grants: [grant({ basis: LawfulBasis.PUBLIC_TASK, consentId: null, supplierAgencyId: 'sevenoaks-dc', validUntil: new Date('2027-01-01') })] }), true, 'grant:g1', 'dpo-recorded-grant'],
    ['an expired DPO grant', facts({ grants: [grant({ basis: LawfulBasis.VITAL_INTERESTS, consentId: null, supplierAgencyId: 'sevenoaks-dc', validUntil: new Date('2026-11-22') })] }), false, 'grant-expired', 'deny-by-default'],
  ])('%s', (_label, f, allowed, basis, ruleId) => {
    const d = decideAccess(f);
    expect({ allowed: d.allowed, basis: d.basis, ruleId: d.ruleId }).toEqual({ allowed, basis, ruleId });
    expect(d.explanation.length).toBeGreaterThan(10);
  });

  it('every rule the function can apply is listed for DPOs, deny-by-default last', () => {
    expect(ACCESS_RULES.map((r) => r.id)).toEqual(['analysts-see-aggregates-only', 'controller-sees-own-records', 'consent-grant-for-review', 'dpo-recorded-grant', 'deny-by-default']);
  });
});
