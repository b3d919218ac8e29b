import { raw, UniqueConstraintViolationException } from '@mikro-orm/core';
import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { ApplicantType, ApplicationChannel, TriggerDecision } from '../../shared/enums';
import { badInput, conflict } from '../../../platform/errors';
import { CalendarDate } from '../../../platform/scalars';
import { validateInput } from '../../shared/validation';
import { IntelligenceRecord } from '../entities/Intelligence';
import { ApplicationStatus as S, DiscretionGround, NotPursuedReason, TriggerApplication } from '../entities/TriggerApplication';
import { LetterKind, type LetterData } from '../letters/render';
import { addMonths, addWorkingDays, FINAL_REVIEW_MONTHS, PROCESS_WORKING_DAYS } from '../rules/deadlines';
import { LifecycleEvent as E, OPEN_STATUSES, transition } from '../rules/lifecycle';
import { applicationInputSchema, TriggerApplicationInput } from './inputs';
import { findApplicationConsent, issueApplicationGrants, revokeApplicationGrants } from '../clients/consent';
import { consentOutcome, needsConsentLookup } from '../rules/consent';
import { assertActsFor, flushEndingGrants, issueActivationLetter, issueLetter, latestEvaluation, letterIncidents, loadForSpoc, nextReference } from './workflow';

const text = (v: string | null | undefined) => (v ?? '').trim();

export type ApplicationData = ReturnType<typeof applicationInputSchema.parse>;

export interface Referral {
  /** Written in the application's transaction, beside it (or beside the open one a repeat joins). */
  record(app: TriggerApplication, repeat: boolean): void;
}

/**
 * Intake (submitTriggerApplication, and referTriggerApplication for the authority). Anonymous
 * applications are refused (BAD_USER_INPUT) and their details kept as intelligence. The application
 * rests on the consent record of the person it is about, in force for CASE_REVIEW and naming the
 * authority (rules/consent.ts): the one named in `consentId` (else BAD_USER_INPUT on that field), or
 * the one the consent subgraph finds. Without consent to share, or with no such consent on record,
 * it is recorded as NOT_PURSUED, saying which. An accepted application's grants (the authority sees
 * the identity, contact and incident detail the consent covers) are issued in the same transaction
 * as the application is written. An online application is acknowledged at once (CT1), a referred
 * one by the SPOC; a repeat by the same person while one of theirs is open with the same authority
 * is flagged on that application and returned, not duplicated.
 */
export async function recordApplication(
  ctx: HubContext,
  data: ApplicationData,
  referral?: Referral,
  /** The online form's: what the acknowledgement adds (the applicant's link), once the application has its id. */
  acknowledgement?: (app: TriggerApplication) => Promise<Partial<LetterData>>,
): Promise<{ app: TriggerApplication; repeat: boolean }> {
  const receivedAt = data.receivedAt ?? new Date();

  const subject = data.applicantType === ApplicantType.VICTIM ? data.applicantPersonId : data.victimPersonId;
  const missing = data.applicantType === ApplicantType.REPRESENTATIVE && !data.applicantPersonId ? 'applicantPersonId' : !subject ? (data.applicantType === ApplicantType.VICTIM ? 'applicantPersonId' : 'victimPersonId') : null;
  if (missing) {
    const intelligence = ctx.em.create(IntelligenceRecord, {
      authorityAgencyId: data.authorityId,
      channel: data.channel,
      details: data.summary ?? null,
      receivedAt,
      recordedBy: ctx.caller.sub,
    });
    await ctx.em.flush();
    throw badInput(
      'Anonymous applications cannot be accepted as a Community Trigger; the details were recorded as intelligence for the partner agencies',
      `input.${missing}`,
      { reason: 'ANONYMOUS', intelligenceRecordId: intelligence.id },
    );
  }

  const found = needsConsentLookup(data) ? await findApplicationConsent(ctx, { personId: subject!, authorityAgencyId: data.authorityId, consentId: data.consentId }) : null;
  const consent = consentOutcome(data, found);

  const repeated = await flagRepeat(ctx, data.authorityId, subject!, receivedAt);
  if (repeated) {
    if (referral) {
      referral.record(repeated, true);
      await ctx.em.flush();
    }
    return { app: repeated, repeat: true };
  }

  const app = ctx.em.create(TriggerApplication, {
    reference: await nextReference(ctx, data.authorityId, receivedAt),
    authorityAgencyId: data.authorityId,
    applicantPersonId: data.applicantPersonId ?? null,
    applicantAgencyId: data.applicantAgencyId ?? null,
    victimPersonId: data.applicantType === ApplicantType.VICTIM ? null : data.victimPersonId,
    channel: data.channel,
    applicantType: data.applicantType,
    summary: data.summary ?? null,
    consentToShare: data.consentToShare,
    consentId: consent.consentId,
    receivedAt,
    meetingOn: data.meetingOn ?? null,
    contactPreference: data.contactPreference ?? null,
    recordedByAgencyId: ctx.caller.agencyId,
  });
  if (!consent.proceed) {
    app.status = transition(app.status, E.NOT_PURSUE);
    app.notPursuedReason = consent.reason;
    app.closedAt = receivedAt;
  } else if (data.channel === ApplicationChannel.ONLINE && !referral) {
    await acknowledge(ctx, app, receivedAt, acknowledgement ? await acknowledgement(app) : {});
  }
  referral?.record(app, false);
  let granted = false;
  try {
    await ctx.em.begin();
    await ctx.em.flush();
    if (consent.proceed) {
      await issueApplicationGrants(ctx, { applicationId: app.id, consentId: consent.consentId, authorityAgencyId: app.authorityAgencyId });
      granted = true;
    }
    await ctx.em.commit();
  } catch (err) {
    await ctx.em.rollback().catch(() => undefined);
    // Grants for an application that was not written end at once (should the commit itself fail).
    if (granted) await revokeApplicationGrants(ctx, app.id, 'application not recorded').catch(() => undefined);
    // A concurrent submission for the same person won the one-open-application index: flag it.
    if (!(err instanceof UniqueConstraintViolationException) || !consent.proceed) throw err;
    ctx.em.clear();
    const repeat = await flagRepeat(ctx, data.authorityId, subject!, receivedAt);
    if (!repeat) throw err;
    if (referral) {
      referral.record(repeat, true);
      await ctx.em.flush();
    }
    return { app: repeat, repeat: true };
  }
  return { app, repeat: false };
}

/** The person's open application with the authority, flagged as applied for again; null if none. */
async function flagRepeat(ctx: HubContext, authorityAgencyId: string, subject: string, at: Date): Promise<TriggerApplication | null> {
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
  return open;
}

async function acknowledge(ctx: HubContext, app: TriggerApplication, at: Date, extra: Partial<LetterData> = {}) {
  app.status = transition(app.status, E.ACKNOWLEDGE);
  app.acknowledgedAt = at;
  await issueLetter(ctx, app, LetterKind.CT1, { processDueOn: addWorkingDays(at, PROCESS_WORKING_DAYS), ...extra });
}

/** The SPOC's steps of the Community Trigger (docs/design.md, "What the process is"). */
@Resolver(() => TriggerApplication)
export class ApplicationWorkflowResolver {
  /** Intake by the authority's SPOC (recordApplication). */
  @Mutation(() => TriggerApplication)
  async submitTriggerApplication(
    @Arg('input', () => TriggerApplicationInput) input: TriggerApplicationInput,
    @Ctx() ctx: HubContext,
    /** The online form's: what the acknowledgement adds (the applicant's link), once the application has its id. */
    acknowledgement?: (app: TriggerApplication) => Promise<Partial<LetterData>>,
  ): Promise<TriggerApplication> {
    const data = validateInput(applicationInputSchema, input);
    assertActsFor(ctx, data.authorityId);
    return (await recordApplication(ctx, data, undefined, acknowledgement)).app;
  }

  /** CT1: the acknowledgement, naming the meeting date. */
  @Mutation(() => TriggerApplication)
  async acknowledgeApplication(
    @Arg('applicationId', () => ID) applicationId: string,
    @Arg('meetingOn', () => CalendarDate, { nullable: true }) meetingOn: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<TriggerApplication> {
    const app = await loadForSpoc(ctx, applicationId);
    if (meetingOn) app.meetingOn = meetingOn;
    await acknowledge(ctx, app, new Date());
    await ctx.em.flush();
    return app;
  }

  /**
   * The threshold decision. Deciding against the latest evaluation (met although the count fell
   * short: the SPOC's discretion for persistence, harm or adequacy of response; or not met although
   * it was reached) needs a reason. Not met sends CT2, met with all action taken CT3.
   */
  @Mutation(() => TriggerApplication)
  async decideApplication(
    @Arg('applicationId', () => ID) applicationId: string,
    @Arg('decision', () => TriggerDecision) decision: TriggerDecision,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Arg('discretion', () => [DiscretionGround], { nullable: true, description: 'Grounds, when proceeding although the count fell short' })
    discretion: DiscretionGround[] | null,
    @Ctx() ctx: HubContext,
  ): Promise<TriggerApplication> {
    const app = await loadForSpoc(ctx, applicationId);
    const to = transition(app.status, E.DECIDE);
    const evaluation = await latestEvaluation(ctx, app.id);
    if (!evaluation) throw conflict('Evaluate the threshold before deciding', { status: app.status });
    const saysMet = decision !== TriggerDecision.THRESHOLD_NOT_MET;
    const why = text(reason);
    if (saysMet !== evaluation.met && why.length < 10) {
      throw badInput(
        saysMet
          ? 'Deciding the threshold met when the count fell short uses discretion: give the reasons (persistence, harm or potential harm, adequacy of response)'
          : 'Deciding the threshold not met when the count was reached needs a reason',
        'reason',
      );
    }
    if (discretion?.length && (!saysMet || evaluation.met)) throw badInput('Discretion applies only when deciding met although the count fell short', 'discretion');
    app.status = to;
    app.decision = decision;
    app.decidedAt = new Date();
    app.decisionReason = why || null;
    app.discretionGrounds = discretion ?? [];
    const policyFacts = { policyName: evaluation.policyName, policyVersion: evaluation.policyVersion, counted: evaluation.counted };
    // CT2 lists every incident of the twelve months before the application and whether each was counted (Kent App. A).
    if (decision === TriggerDecision.THRESHOLD_NOT_MET) await issueLetter(ctx, app, LetterKind.CT2, { ...policyFacts, incidents: letterIncidents(evaluation, { verdicts: true }), reason: why || null });
    if (decision === TriggerDecision.MET_ALL_ACTION_TAKEN) await issueLetter(ctx, app, LetterKind.CT3, { ...policyFacts, incidents: letterIncidents(evaluation), reason: why || null });
    await ctx.em.flush();
    return app;
  }

  @Mutation(() => TriggerApplication, { description: 'Records that the application is not pursued (e.g. consent withdrawn)' })
  async markNotPursued(
    @Arg('applicationId', () => ID) applicationId: string,
    @Arg('reason', () => NotPursuedReason) reason: NotPursuedReason,
    @Ctx() ctx: HubContext,
  ): Promise<TriggerApplication> {
    const app = await loadForSpoc(ctx, applicationId);
    app.status = transition(app.status, E.NOT_PURSUE);
    app.notPursuedReason = reason;
    app.closedAt = new Date();
    await flushEndingGrants(ctx, app, 'application not pursued');
    return app;
  }

  @Mutation(() => TriggerApplication, { description: 'The case review begins (after THRESHOLD_MET, or the second-stage review after an appeal)' })
  async beginReview(
    @Arg('applicationId', () => ID) applicationId: string,
    @Arg('meetingOn', () => CalendarDate, { nullable: true }) meetingOn: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<TriggerApplication> {
    const app = await loadForSpoc(ctx, applicationId);
    const from = app.status;
    app.status = transition(app.status, E.BEGIN_REVIEW, app.decision ?? null);
    if (from === S.APPEALED) app.secondStage = true;
    if (meetingOn) app.meetingOn = meetingOn;
    app.reviewStartedAt = new Date();
    await issueActivationLetter(ctx, app);
    await ctx.em.flush();
    return app;
  }

  @Mutation(() => TriggerApplication, { description: 'The review outcome goes to the applicant (CT4: the actions agreed and the lead officer)' })
  async recordOutcome(
    @Arg('applicationId', () => ID) applicationId: string,
    @Arg('actions', () => [String]) actions: string[],
    @Arg('leadOfficer', () => String, { nullable: true }) leadOfficer: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<TriggerApplication> {
    const app = await loadForSpoc(ctx, applicationId);
    const to = transition(app.status, E.SEND_OUTCOME, app.decision ?? null);
    const agreed = actions.map((a) => a.trim()).filter(Boolean);
    if (agreed.length && !text(leadOfficer)) throw badInput('A lead officer is required when actions are agreed', 'leadOfficer');
    const now = new Date();
    app.status = to;
    app.outcomeSentAt = now;
    app.agreedActions = agreed;
    app.leadOfficer = text(leadOfficer) || null;
    await issueLetter(ctx, app, LetterKind.CT4, { actions: agreed, leadOfficer: app.leadOfficer, finalReviewDueOn: agreed.length ? addMonths(now, FINAL_REVIEW_MONTHS) : null });
    await ctx.em.flush();
    return app;
  }

  @Mutation(() => TriggerApplication)
  async startActionPlan(@Arg('applicationId', () => ID) applicationId: string, @Ctx() ctx: HubContext): Promise<TriggerApplication> {
    const app = await loadForSpoc(ctx, applicationId);
    app.status = transition(app.status, E.START_ACTION_PLAN, app.decision ?? null);
    app.actionPlanAt = new Date();
    await ctx.em.flush();
    return app;
  }

  @Mutation(() => TriggerApplication, { description: 'The final review of the action plan (due six months after it started)' })
  async startFinalReview(@Arg('applicationId', () => ID) applicationId: string, @Ctx() ctx: HubContext): Promise<TriggerApplication> {
    const app = await loadForSpoc(ctx, applicationId);
    app.status = transition(app.status, E.START_FINAL_REVIEW, app.decision ?? null);
    app.finalReviewAt = new Date();
    await ctx.em.flush();
    return app;
  }

  @Mutation(() => TriggerApplication, { description: 'Closes the application (CT5 after a review)' })
  async closeApplication(
    @Arg('applicationId', () => ID) applicationId: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<TriggerApplication> {
    const app = await loadForSpoc(ctx, applicationId);
    const from = app.status;
    app.status = transition(app.status, E.CLOSE, app.decision ?? null);
    app.closedAt = new Date();
    if (from === S.FINAL_REVIEW || from === S.OUTCOME_SENT) await issueLetter(ctx, app, LetterKind.CT5, { reason: text(reason) || null, finalReviewHeld: from === S.FINAL_REVIEW });
    await flushEndingGrants(ctx, app, 'application closed');
    return app;
  }

  @Mutation(() => TriggerApplication, { description: 'The applicant asks for a second-stage review by an independent panel' })
  async appealApplication(
    @Arg('applicationId', () => ID) applicationId: string,
    @Arg('reason', () => String) reason: string,
    @Ctx() ctx: HubContext,
  ): Promise<TriggerApplication> {
    const app = await loadForSpoc(ctx, applicationId);
    const to = transition(app.status, E.APPEAL, app.decision ?? null);
    if (!text(reason)) throw badInput('The appeal needs the applicant’s grounds', 'reason');
    app.status = to;
    app.appealedAt = new Date();
    app.appealReason = text(reason);
    await ctx.em.flush();
    return app;
  }
}
