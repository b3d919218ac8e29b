import { describe, expect, it } from 'vitest';
import { ConsentStatus } from '../../shared/enums';
import { NotPursuedReason } from '../entities/TriggerApplication';
import { applicationConsentStatus, consentOutcome, needsConsentLookup } from './consent';

/** Consent at intake and afterwards (no database). */
describe('consentOutcome', () => {
  const found = { id: 'c1' };

  it('proceeds on the consent found, keeping its id', () => {
    expect(consentOutcome({ consentToShare: true }, found)).toEqual({ proceed: true, consentId: 'c1' });
    expect(consentOutcome({ consentToShare: true, consentId: 'c1' }, found)).toEqual({ proceed: true, consentId: 'c1' });
  });
  it('is not pursued without a consent record, even when the SPOC recorded consent to share', () => {
    expect(consentOutcome({ consentToShare: true }, null)).toEqual({ proceed: false, reason: NotPursuedReason.NO_CONSENT_RECORD, consentId: null });
  });
  it('is not pursued without consent to share', () => {
    expect(consentOutcome({ consentToShare: false }, null)).toEqual({ proceed: false, reason: NotPursuedReason.NO_CONSENT, consentId: null });
  });
  it('refuses a named consent that does not serve, naming the field and not the value', () => {
    for (const input of [{ consentToShare: true, consentId: 'c-named' }, { consentToShare: false, consentId: 'c-named' }]) {
      let error: any;
      try {
        consentOutcome(input, null);
      } catch (e) {
        error = e;
      }
      expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.consentId' });
      expect(error.message).not.toContain('c-named');
    }
  });
  it('asks the consent subgraph only when consent to share is recorded or a consent is named', () => {
    expect(needsConsentLookup({ consentToShare: false })).toBe(false);
    expect(needsConsentLookup({ consentToShare: false, consentId: 'c1' })).toBe(true);
    expect(needsConsentLookup({ consentToShare: true })).toBe(true);
  });
});

describe('applicationConsentStatus', () => {
  const at = new Date('2026-11-20T10:00:00Z');
  it('keeps a withdrawal noted on the application', () => {
    expect(applicationConsentStatus({ consentId: 'c1', consentWithdrawnAt: at }, null)).toEqual({ status: ConsentStatus.WITHDRAWN, withdrawnAt: at });
  });
  it('otherwise shows where the consent stands now, a withdrawal whose notice was lost included', () => {
    expect(applicationConsentStatus({ consentId: 'c1' }, { status: ConsentStatus.ACTIVE, withdrawnAt: null })).toEqual({ status: ConsentStatus.ACTIVE, withdrawnAt: null });
    expect(applicationConsentStatus({ consentId: 'c1' }, { status: ConsentStatus.EXPIRED, withdrawnAt: null })).toEqual({ status: ConsentStatus.EXPIRED, withdrawnAt: null });
    expect(applicationConsentStatus({ consentId: 'c1' }, { status: ConsentStatus.WITHDRAWN, withdrawnAt: at.toISOString() })).toEqual({ status: ConsentStatus.WITHDRAWN, withdrawnAt: at });
  });
  it('is null for an application resting on no consent', () => {
    expect(applicationConsentStatus({ consentId: null }, null)).toEqual({ status: null, withdrawnAt: null });
  });
});
