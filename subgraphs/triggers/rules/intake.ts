import { ApplicantType, ApplicationChannel } from '../../shared/enums';
import { badInput } from '../../../platform/errors';
import type { TriggerApplication } from '../entities/TriggerApplication';
import type { ConsentOutcome } from './consent';
import { LifecycleEvent as E } from './lifecycle';
import type { ContactPreference } from './outbox';
import type { WorkflowEvent } from './workflow';

/**
 * Intake of a Community Trigger application, however it arrives (the SPOC's submitTriggerApplication,
 * the public online form, another agency's referral): who it is about, an anonymous one refused,
 * the fields it is recorded with and its first step. Pure: the intake service
 * (resolvers/intake.ts) asks the consent subgraph, writes, and issues the letters.
 */
export interface IntakeData {
  authorityId: string;
  channel: ApplicationChannel;
  applicantType: ApplicantType;
  applicantPersonId?: string | null;
  applicantAgencyId?: string | null;
  victimPersonId?: string | null;
  consentToShare: boolean;
  consentId?: string | null;
  summary?: string | null;
  receivedAt?: Date | null;
  meetingOn?: string | null;
  contactPreference?: ContactPreference | null;
}

/** The person the application is about: the victim, who is the applicant when the victim applies. */
export function subjectOf(data: IntakeData): string | null {
  return (data.applicantType === ApplicantType.VICTIM ? data.applicantPersonId : data.victimPersonId) ?? null;
}

/**
 * The input field whose absence makes the application anonymous (a representative unnamed, or no
 * person it is about), null when it names whom it needs to.
 */
export function anonymousField(data: IntakeData): string | null {
  if (data.applicantType === ApplicantType.REPRESENTATIVE && !data.applicantPersonId) return 'applicantPersonId';
  if (!subjectOf(data)) return data.applicantType === ApplicantType.VICTIM ? 'applicantPersonId' : 'victimPersonId';
  return null;
}

/** An anonymous application is refused as a Community Trigger; its details were kept as intelligence. */
export function anonymousRefusal(field: string, intelligenceRecordId: string) {
  return badInput(
    'Anonymous applications cannot be accepted as a Community Trigger; the details were recorded as intelligence for the partner agencies',
    `input.${field}`,
    { reason: 'ANONYMOUS', intelligenceRecordId },
  );
}

/** The fields a new application is recorded with (its reference is taken by the service). */
export function applicationFields(data: IntakeData, consent: ConsentOutcome, receivedAt: Date, recordedByAgencyId: string) {
  return {
    authorityAgencyId: data.authorityId,
    applicantPersonId: data.applicantPersonId ?? null,
    applicantAgencyId: data.applicantAgencyId ?? null,
    victimPersonId: data.applicantType === ApplicantType.VICTIM ? null : (data.victimPersonId ?? null),
    channel: data.channel,
    applicantType: data.applicantType,
    summary: data.summary ?? null,
    consentToShare: data.consentToShare,
    consentId: consent.consentId,
    receivedAt,
    meetingOn: data.meetingOn ?? null,
    contactPreference: data.contactPreference ?? null,
    recordedByAgencyId,
  } satisfies Partial<TriggerApplication>;
}

/**
 * The step a new application takes as it is received (rules/workflow.ts), null when none: without
 * consent it is not pursued, saying why; an online application (not a referral) is acknowledged at
 * once (CT1); any other waits for the SPOC to acknowledge it.
 */
export function firstStep(data: IntakeData, consent: ConsentOutcome, referred: boolean): WorkflowEvent | null {
  if (!consent.proceed) return { kind: E.NOT_PURSUE, reason: consent.reason };
  if (data.channel === ApplicationChannel.ONLINE && !referred) return { kind: E.ACKNOWLEDGE };
  return null;
}

/** The reference's prefix: SDC for sevenoaks-dc, EHDC for east-herts-dc, AVBC for amber-valley-bc. */
export function referencePrefix(authorityAgencyId: string): string {
  const parts = authorityAgencyId.split(/[^a-z0-9]+/i).filter(Boolean);
  if (parts.length === 0) return 'CT';
  const last = parts[parts.length - 1];
  if (parts.length > 1 && last.length <= 3) return (parts.slice(0, -1).map((p) => p[0]).join('') + last).toUpperCase();
  return parts.map((p) => p[0]).join('').toUpperCase();
}
