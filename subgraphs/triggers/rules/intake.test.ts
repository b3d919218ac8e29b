import { describe, expect, it } from 'vitest';
import { ApplicantType as A, ApplicationChannel as C } from '../../shared/enums';
import { NotPursuedReason } from '../entities/TriggerApplication';
import { anonymousField, anonymousRefusal, applicationFields, firstStep, referencePrefix, subjectOf, type IntakeData } from './intake';
import { LifecycleEvent as E } from './lifecycle';

/** Intake, however the application arrives (no database). */
const base: IntakeData = { authorityId: 'sevenoaks-dc', channel: C.PHONE, applicantType: A.VICTIM, applicantPersonId: 'p1', consentToShare: true };
const accepted = { proceed: true as const, consentId: 'c1' };

describe('who the application is about', () => {
  it('is the applicant when the victim applies, else the victim', () => {
    expect(subjectOf(base)).toBe('p1');
    expect(subjectOf({ ...base, applicantType: A.REPRESENTATIVE, victimPersonId: 'v1' })).toBe('v1');
    expect(subjectOf({ ...base, applicantType: A.AGENCY, applicantPersonId: null, applicantAgencyId: 'kent-police' })).toBeNull();
  });

  it('is anonymous without the person, naming the field missing', () => {
    expect(anonymousField(base)).toBeNull();
    expect(anonymousField({ ...base, applicantPersonId: null })).toBe('applicantPersonId');
    expect(anonymousField({ ...base, applicantType: A.REPRESENTATIVE, applicantPersonId: null, victimPersonId: 'v1' })).toBe('applicantPersonId');
    expect(anonymousField({ ...base, applicantType: A.REPRESENTATIVE })).toBe('victimPersonId');
    expect(anonymousField({ ...base, applicantType: A.AGENCY, applicantPersonId: null, applicantAgencyId: 'kent-police' })).toBe('victimPersonId');
  });

  it('refuses an anonymous one as BAD_USER_INPUT on the field, pointing at the intelligence kept', () => {
    const err = anonymousRefusal('victimPersonId', 'i1');
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.victimPersonId', reason: 'ANONYMOUS', intelligenceRecordId: 'i1' });
  });
});

describe('the application recorded', () => {
  const at = new Date('2026-03-02T10:00:00Z');

  it('keeps the victim only when someone else applies, and the consent it rests on', () => {
    expect(applicationFields({ ...base, victimPersonId: 'p1' }, accepted, at, 'sevenoaks-dc')).toMatchObject({ victimPersonId: null, applicantPersonId: 'p1', consentId: 'c1', receivedAt: at, recordedByAgencyId: 'sevenoaks-dc' });
    expect(applicationFields({ ...base, applicantType: A.REPRESENTATIVE, victimPersonId: 'v1' }, accepted, at, 'x')).toMatchObject({ victimPersonId: 'v1', applicantType: A.REPRESENTATIVE });
  });

  it('takes its first step: not pursued without consent, acknowledged at once online (not when referred), else none', () => {
    expect(firstStep(base, { proceed: false, reason: NotPursuedReason.NO_CONSENT_RECORD, consentId: null }, false)).toEqual({ kind: E.NOT_PURSUE, reason: NotPursuedReason.NO_CONSENT_RECORD });
    expect(firstStep({ ...base, channel: C.ONLINE }, accepted, false)).toEqual({ kind: E.ACKNOWLEDGE });
    expect(firstStep({ ...base, channel: C.ONLINE }, accepted, true)).toBeNull();
    expect(firstStep(base, accepted, false)).toBeNull();
  });

  it('takes its reference prefix from the authority', () => {
    expect(referencePrefix('sevenoaks-dc')).toBe('SDC');
    expect(referencePrefix('east-herts-dc')).toBe('EHDC');
    expect(referencePrefix('amber-valley-bc')).toBe('AVBC');
    expect(referencePrefix('camden')).toBe('C');
    expect(referencePrefix('--')).toBe('CT');
  });
});
