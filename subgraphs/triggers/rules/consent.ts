import { ConsentStatus } from '../../shared/enums';
import { badInput } from '../../../platform/errors';
import { NotPursuedReason } from '../entities/TriggerApplication';

/**
 * Consent at intake and afterwards (docs/design.md: "without consent to share, the application is not
 * pursued"). An application proceeds only on a consent record of the person it is about (the
 * victim, or the applicant when the victim applies), in force for CASE_REVIEW and naming the
 * authority, as the consent subgraph finds it. Pure: the resolvers fetch, these decide.
 */
export type ConsentOutcome =
  | { proceed: true; consentId: string }
  | { proceed: false; reason: NotPursuedReason; consentId: string | null };

/** Whether the consent subgraph must be asked: the SPOC recorded consent to share, or named a consent. */
export const needsConsentLookup = (input: { consentToShare: boolean; consentId?: string | null }) => input.consentToShare || !!input.consentId;

/**
 * A named consent must be the person's, in force and naming the authority, else BAD_USER_INPUT on
 * `input.consentId` (never echoing it). Without consent to share, or with no such consent on record,
 * the application is not pursued, saying which.
 */
export function consentOutcome(input: { consentToShare: boolean; consentId?: string | null }, found: { id: string } | null): ConsentOutcome {
  if (input.consentId && found?.id !== input.consentId) {
    throw badInput(
      'The consent named is not a consent of the person the application is about that is in force for CASE_REVIEW and names the authority',
      'input.consentId',
    );
  }
  if (!input.consentToShare) return { proceed: false, reason: NotPursuedReason.NO_CONSENT, consentId: found?.id ?? null };
  if (!found) return { proceed: false, reason: NotPursuedReason.NO_CONSENT_RECORD, consentId: null };
  return { proceed: true, consentId: found.id };
}

/**
 * Where the application's consent stands as it is read: a withdrawal noted on the application
 * stands; otherwise the consent subgraph's answer now (which also shows a withdrawal whose notice was
 * lost, and an expiry). Null when the application rests on no consent record.
 */
export function applicationConsentStatus(
  app: { consentId?: string | null; consentWithdrawnAt?: Date | null },
  now: { status: ConsentStatus; withdrawnAt: string | null } | null,
): { status: ConsentStatus | null; withdrawnAt: Date | null } {
  if (app.consentWithdrawnAt) return { status: ConsentStatus.WITHDRAWN, withdrawnAt: app.consentWithdrawnAt };
  if (!app.consentId || !now) return { status: null, withdrawnAt: null };
  return { status: now.status, withdrawnAt: now.status === ConsentStatus.WITHDRAWN && now.withdrawnAt ? new Date(now.withdrawnAt) : null };
}
