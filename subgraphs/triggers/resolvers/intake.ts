import { raw, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { HubContext } from '../../shared/context';
import { validateInput } from '../../shared/validation';
import { findApplicationConsent, issueApplicationGrants, revokeApplicationGrants } from '../clients/consent';
import { IntelligenceRecord } from '../entities/Intelligence';
import { TriggerApplication } from '../entities/TriggerApplication';
import type { LetterData } from '../letters/render';
import { consentOutcome, needsConsentLookup } from '../rules/consent';
import { anonymousField, applicationFields, firstStep, subjectOf } from '../rules/intake';
import { LifecycleEvent as E, OPEN_STATUSES } from '../rules/lifecycle';
import { applicationInputSchema } from './inputs';
import { applyStep, nextReference } from './workflow';

/**
 * The intake service: how every way in (submitTriggerApplication, the online form, a referral)
 * records an application, on the pure rules of rules/intake.ts, rules/consent.ts and the first
 * step of rules/workflow.ts. The resolvers only translate their GraphQL input to it.
 */
export type ApplicationData = ReturnType<typeof applicationInputSchema.parse>;

/** The application's input checked (BAD_USER_INPUT naming the field). */
export const applicationData = (input: unknown): ApplicationData => validateInput(applicationInputSchema, input);

export interface Referral {
  /** Written with the application (or beside the open one a repeat joins). */
  record(app: TriggerApplication, repeat: boolean): void;
}

export type IntakeResult =
  | { anonymous: { field: string; intelligenceRecordId: string } }
  | { anonymous?: undefined; app: TriggerApplication; repeat: boolean };

/**
 * Anonymous applications are not recorded (the caller refuses them) and their details kept as
 * intelligence. The application rests on the consent record of the person it is about, in force
 * for CASE_REVIEW and naming the authority (rules/consent.ts): the one named in `consentId` (else
 * BAD_USER_INPUT on that field), or the one the consent subgraph finds. Without consent to share,
 * or with no such consent on record, it is recorded as NOT_PURSUED, saying which. An accepted
 * application's grants (the authority sees the identity, contact and incident detail the consent
 * covers) are issued just before it is written, never inside an open transaction, and end at once
 * should the write fail. An online application is acknowledged at once (CT1), a referred one by
 * the SPOC; a repeat by the same person while one of theirs is open with the same authority is
 * flagged on that application and returned, not duplicated.
 */
export async function recordApplication(
  ctx: HubContext,
  data: ApplicationData,
  referral?: Referral,
  /** The online form's: what the acknowledgement adds (the applicant's link), once the application has its id. */
  acknowledgement?: (app: TriggerApplication) => Promise<Partial<LetterData>>,
): Promise<IntakeResult> {
  const receivedAt = data.receivedAt ?? new Date();

  const missing = anonymousField(data);
  if (missing) {
    const intelligence = ctx.em.create(IntelligenceRecord, {
      authorityAgencyId: data.authorityId,
      channel: data.channel,
      details: data.summary ?? null,
      receivedAt,
      recordedBy: ctx.caller.sub,
    });
    await ctx.em.flush();
    return { anonymous: { field: missing, intelligenceRecordId: intelligence.id } };
  }
  const subject = subjectOf(data)!;

  const found = needsConsentLookup(data) ? await findApplicationConsent(ctx, { personId: subject, authorityAgencyId: data.authorityId, consentId: data.consentId }) : null;
  const consent = consentOutcome(data, found);

  const repeated = await joinRepeat(ctx, data.authorityId, subject, receivedAt, referral);
  if (repeated) return { app: repeated, repeat: true };

  const app = ctx.em.create(TriggerApplication, {
    reference: await nextReference(ctx, data.authorityId, receivedAt),
    ...applicationFields(data, consent, receivedAt, ctx.caller.agencyId),
  });
  let first = firstStep(data, consent, !!referral);
  if (first?.kind === E.ACKNOWLEDGE && acknowledgement) first = { ...first, letter: await acknowledgement(app) };
  if (first) await applyStep(ctx, app, first, { at: receivedAt });
  referral?.record(app, false);
  let granted = false;
  try {
    // The consent subgraph first (the application's id is its own, known before the write): if it
    // refuses, nothing is written; one flush then writes the application, its letter and referral.
    if (consent.proceed) {
      await issueApplicationGrants(ctx, { applicationId: app.id, consentId: consent.consentId, authorityAgencyId: app.authorityAgencyId });
      granted = true;
    }
    await ctx.em.flush();
  } catch (err) {
    // Grants for an application that was not written end at once.
    if (granted) await revokeApplicationGrants(ctx, app.id, 'application not recorded').catch(() => undefined);
    // A concurrent submission for the same person won the one-open-application index: flag it.
    if (!(err instanceof UniqueConstraintViolationException) || !consent.proceed) throw err;
    ctx.em.clear();
    const repeat = await joinRepeat(ctx, data.authorityId, subject, receivedAt, referral);
    if (!repeat) throw err;
    return { app: repeat, repeat: true };
  }
  return { app, repeat: false };
}

/** The person's open application with the authority, flagged as applied for again (and the referral written beside it); null if none. */
async function joinRepeat(ctx: HubContext, authorityAgencyId: string, subject: string, at: Date, referral?: Referral): Promise<TriggerApplication | null> {
  const open = await ctx.em.findOne(
    TriggerApplication,
    {
      authorityAgencyId,
      status: { $in: OPEN_STATUSES },
      $or: [{ victimPersonId: subject }, { victimPersonId: null, applicantPersonId: subject }],
    },
    { orderBy: { receivedAt: 'desc' } },
  );
  if (!open) return null;
  await ctx.em.nativeUpdate(TriggerApplication, { id: open.id }, { repeatCount: raw('"repeat_count" + 1'), lastRepeatAt: at });
  await ctx.em.refresh(open);
  if (referral) {
    referral.record(open, true);
    await ctx.em.flush();
  }
  return open;
}
