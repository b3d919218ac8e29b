import { describe, expect, it } from 'vitest';
import { DataCategory, Purpose } from '../../shared/enums';
import { LawfulBasis } from '../entities/Consent';
import { agreementInForce, refuseDpoGrant, type AgreementTerms, type DpoGrantRequest } from './grant-authority';

const now = new Date('2026-12-01T10:00:00Z');
const agreement: AgreementTerms = {
  reference: 'DSA-T', parties: ['a', 'b'], purposes: [Purpose.CASE_REVIEW], categories: [DataCategory.CONTACT, DataCategory.IDENTITY],
  lawfulBasis: LawfulBasis.PUBLIC_TASK, startsOn: '2026-01-01', endsOn: '2026-12-31',
};
const req = (over: Partial<DpoGrantRequest> = {}): DpoGrantRequest => ({
  supplierAgencyId: 'a', supplierHoldsRecord: true, granteeAgencyId: 'b', categories: [DataCategory.CONTACT], purpose: Purpose.CASE_REVIEW,
  basis: LawfulBasis.PUBLIC_TASK, expiresAt: new Date('2026-12-31T23:00:00Z'), ...over,
});

describe('refuseDpoGrant', () => {
  it('allows what the agreement covers, up to the end of its last day', () => {
    expect(refuseDpoGrant(req(), agreement, now)).toBeNull();
  });
  it.each([
    ['the supplier holds no record of the person', req({ supplierHoldsRecord: false }), agreement, 'FORBIDDEN', 'input.personId'],
    ['the grantee is the supplier', req({ granteeAgencyId: 'a' }), agreement, 'FORBIDDEN', 'input.agencyId'],
    ['no agreement', req(), null, 'NOT_FOUND', 'input.agreementRef'],
    ['the agreement has ended', req(), { ...agreement, endsOn: '2026-11-30' }, 'FORBIDDEN', 'input.agreementRef'],
    ['the agreement has not started', req(), { ...agreement, startsOn: '2026-12-02' }, 'FORBIDDEN', 'input.agreementRef'],
    ['the supplier is not a party', req({ supplierAgencyId: 'c' }), agreement, 'FORBIDDEN', 'input.agreementRef'],
    ['the grantee is not a party', req({ granteeAgencyId: 'c' }), agreement, 'FORBIDDEN', 'input.agencyId'],
    ['the purpose is not covered', req({ purpose: Purpose.CASE_MANAGEMENT }), agreement, 'FORBIDDEN', 'input.purpose'],
    ['a category is not covered', req({ categories: [DataCategory.CONTACT, DataCategory.SPECIAL_CATEGORY] }), agreement, 'FORBIDDEN', 'input.categories'],
    ['the basis differs', req({ basis: LawfulBasis.VITAL_INTERESTS }), agreement, 'FORBIDDEN', 'input.basis'],
    ['it outlasts the agreement', req({ expiresAt: new Date('2027-01-01T00:00:01Z') }), agreement, 'BAD_USER_INPUT', 'input.expiresAt'],
  ] as const)('refuses when %s', (_what, r, a, code, field) => {
    expect(refuseDpoGrant(r, a, now)).toMatchObject({ code, field });
  });
  it('is in force from the first to the end of the last day', () => {
    expect(agreementInForce(agreement, new Date('2026-01-01T00:00:00Z'))).toBe(true);
    expect(agreementInForce(agreement, new Date('2026-12-31T23:59:59Z'))).toBe(true);
    expect(agreementInForce(agreement, new Date('2027-01-01T00:00:00Z'))).toBe(false);
  });
});
