import { describe, expect, it } from 'vitest';
import { DataCategory, Purpose } from '../../shared/enums';
import { CaptureMethod, Consent, LawfulBasis } from '../entities/Consent';
import type { Person } from '../entities/Person';
import { applicationGrantCategories, consentServesApplication, pickApplicationConsent } from './grants';

/** Which consent an application rests on, and what its grants cover (no database). */
const now = new Date('2026-11-23T12:00:00Z');
const consent = (over: Partial<Consent> = {}) =>
  Object.assign(new Consent(), {
    id: 'c1', person: { id: 'p1' } as Person, purposes: [Purpose.CASE_REVIEW], recipientAgencyIds: ['sevenoaks-dc', 'kent-police'],
    categories: [DataCategory.IDENTITY, DataCategory.INCIDENT_DETAIL], lawfulBasis: LawfulBasis.CONSENT, captureMethod: CaptureMethod.ONLINE,
    grantedAt: new Date('2026-10-01'), ...over,
  });
const q = { personId: 'p1', authorityAgencyId: 'sevenoaks-dc', purpose: Purpose.CASE_REVIEW };

describe('consentServesApplication', () => {
  it.each([
    ['an active consent for CASE_REVIEW naming the authority', consent(), true],
    ['another person’s consent', consent({ person: { id: 'p2' } as Person }), false],
    ['a consent not naming the authority', consent({ recipientAgencyIds: ['kent-police'] }), false],
    ['a consent for another purpose', consent({ purposes: [Purpose.CASE_MANAGEMENT] }), false],
    ['a withdrawn consent', consent({ withdrawnAt: new Date('2026-11-01') }), false],
    ['a superseded consent', consent({ supersededById: 'c2' }), false],
    ['an expired consent', consent({ expiresAt: new Date('2026-11-22') }), false],
    ['a consent expiring later', consent({ expiresAt: new Date('2026-12-22') }), true],
    ['a record on another lawful basis', consent({ lawfulBasis: LawfulBasis.PUBLIC_TASK }), false],
  ])('%s → %s', (_name, c, expected) => {
    expect(consentServesApplication(c, q, now)).toBe(expected);
  });
});

describe('pickApplicationConsent', () => {
  const older = consent({ id: 'c-old', grantedAt: new Date('2026-09-01') });
  const newer = consent({ id: 'c-new', grantedAt: new Date('2026-10-15') });
  const withdrawn = consent({ id: 'c-gone', grantedAt: new Date('2026-11-01'), withdrawnAt: new Date('2026-11-10') });

  it('takes the newest consent in force when none is named', () => {
    expect(pickApplicationConsent([older, withdrawn, newer], q, now)?.id).toBe('c-new');
  });
  it('takes only the named consent, and only if it serves', () => {
    expect(pickApplicationConsent([older, newer], { ...q, consentId: 'c-old' }, now)?.id).toBe('c-old');
    expect(pickApplicationConsent([older, withdrawn], { ...q, consentId: 'c-gone' }, now)).toBeNull();
    expect(pickApplicationConsent([older], { ...q, consentId: 'c-unknown' }, now)).toBeNull();
    expect(pickApplicationConsent([consent({ id: 'c-other', person: { id: 'p2' } as Person })], { ...q, consentId: 'c-other' }, now)).toBeNull();
  });
  it('finds nothing without a consent in force', () => {
    expect(pickApplicationConsent([withdrawn], q, now)).toBeNull();
    expect(pickApplicationConsent([], q, now)).toBeNull();
  });
});

describe('applicationGrantCategories', () => {
  it('grants what the consent covers of identity, contact and incident detail, never special category data', () => {
    expect(applicationGrantCategories(consent())).toEqual([DataCategory.IDENTITY, DataCategory.INCIDENT_DETAIL]);
    expect(applicationGrantCategories(consent({ categories: Object.values(DataCategory) }))).toEqual([DataCategory.IDENTITY, DataCategory.CONTACT, DataCategory.INCIDENT_DETAIL]);
    expect(applicationGrantCategories(consent({ categories: [DataCategory.SPECIAL_CATEGORY] }))).toEqual([]);
  });
});
