import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { badInput, conflict, forbidden, notFound } from '../../../platform/errors';
import { CalendarDate } from '../../../platform/scalars';
import { reviewStep } from '../clients/peers';
import { CaseReview, CaseReviewStatus } from '../entities/CaseReview';
import { ActionItem, ActionItemStatus, FindingKind, InformationRequest, MeetingMode, ReviewFinding, ReviewMeeting, VictimMeetingInvitation } from '../entities/ReviewRecords';
import { addMonths, addWorkingDays, FINAL_REVIEW_MONTHS, londonDate, OUTCOME_WORKING_DAYS } from '../../shared/calendar';
import { unansweredFindingText } from '../rules/findings';
import { CaseReviewActionPlan } from '../entities/ReviewTemplates';
import { isConveningSpoc, isPanelMember } from '../../shared/scope';

/**
 * The review from its meeting to closure (docs/design.md, "review", "timescale", "follow-up"): the
 * victim's invitation, information requests and answers, the meeting with its attendance (where an
 * unanswered request becomes a finding), findings and recommendations, the action plan, the outcome
 * to the victim (CT4 through the triggers subgraph, due 5 working days after the meeting), the final
 * review six months on. The SPOC of the authority that opened the review runs it; panel agencies
 * answer requests, record findings and report on their actions.
 */
const text = (v: string | null | undefined) => (v ?? '').trim();

async function loadReview(ctx: HubContext, id: string): Promise<CaseReview> {
  const review = await ctx.em.findOne(CaseReview, { id });
  if (!review) throw notFound('CaseReview', { field: 'reviewId' });
  return review;
}

/** The SPOC of the authority that opened the review. */
async function reviewForSpoc(ctx: HubContext, id: string): Promise<CaseReview> {
  const review = await loadReview(ctx, id);
  if (!isConveningSpoc(ctx.caller, review)) {
    throw forbidden(`Only ${review.openedByAgencyId}'s SPOC can do this for the review`);
  }
  return review;
}

function assertOpen(review: CaseReview) {
  if (review.status === CaseReviewStatus.CLOSED) throw conflict('The review is closed', { status: review.status });
}

const owned = (review: CaseReview) => ({ reviewId: review.id, subjectPersonId: review.subjectPersonId ?? null, authorityAgencyId: review.openedByAgencyId });

@Resolver(() => CaseReview)
export class ReviewWorkflowResolver {
  @Mutation(() => CaseReview, { description: 'Records that the victim was invited to a meeting of the review (optionally its time), in person or virtually: each invitation is kept' })
  async inviteVictim(
    @Arg('reviewId', () => ID) reviewId: string,
    @Ctx() ctx: HubContext,
    @Arg('meetingAt', () => Date, { nullable: true }) meetingAt?: Date | null,
    @Arg('mode', () => MeetingMode, { nullable: true, description: 'In person (the default) or virtual' }) mode?: MeetingMode | null,
  ): Promise<CaseReview> {
    const review = await reviewForSpoc(ctx, reviewId);
    assertOpen(review);
    const now = new Date();
    review.victimInvitedAt = now;
    if (meetingAt && review.status === CaseReviewStatus.OPEN) review.meetingAt = meetingAt;
    ctx.em.create(VictimMeetingInvitation, {
      ...owned(review), meetingAt: meetingAt ?? review.meetingAt ?? null, mode: mode ?? MeetingMode.IN_PERSON,
      finalReview: review.status === CaseReviewStatus.FINAL_REVIEW, invitedAt: now, invitedBy: ctx.caller.sub,
    });
    await ctx.em.flush();
    return review;
  }

  @Mutation(() => CaseReview, { description: 'Records that the victim was consulted on the action plan before it is final (2025 guidance); before the outcome is sent' })
  async recordVictimConsultation(
    @Arg('reviewId', () => ID) reviewId: string,
    @Ctx() ctx: HubContext,
    @Arg('consultedAt', () => Date, { nullable: true, description: 'Default: now' }) consultedAt?: Date | null,
  ): Promise<CaseReview> {
    const review = await reviewForSpoc(ctx, reviewId);
    if (review.status !== CaseReviewStatus.OPEN) throw conflict('The action plan is final: the outcome has been sent', { status: review.status });
    const at = consultedAt ?? new Date();
    if (at.getTime() > Date.now() + 60_000) throw badInput('CaseReview.victimConsultedOnActionPlanAt cannot be in the future', 'consultedAt');
    if (at < review.openedAt) throw badInput('CaseReview.victimConsultedOnActionPlanAt cannot be before the review opened', 'consultedAt');
    review.victimConsultedOnActionPlanAt = at;
    await ctx.em.flush();
    return review;
  }

  @Mutation(() => InformationRequest, { description: 'Asks an agency for information for the review, by a due date' })
  async requestInformation(
    @Arg('reviewId', () => ID) reviewId: string,
    @Arg('agencyId', () => ID) agencyId: string,
    @Arg('request', () => String) request: string,
    @Arg('dueOn', () => CalendarDate) dueOn: string,
    @Ctx() ctx: HubContext,
  ): Promise<InformationRequest> {
    const review = await reviewForSpoc(ctx, reviewId);
    assertOpen(review);
    if (!text(agencyId)) throw badInput('Name the agency asked', 'agencyId');
    if (!text(request)) throw badInput('Say what information is asked for', 'request');
    const row = ctx.em.create(InformationRequest, { ...owned(review), agencyId: text(agencyId), request: text(request), dueOn });
    await ctx.em.flush();
    return row;
  }

  @Mutation(() => InformationRequest, { description: "The asked agency's answer (its SPOC or reviewer), marked when it includes vexatious reports or work in progress (Kent)" })
  async respondToInformationRequest(
    @Arg('id', () => ID) id: string,
    @Arg('response', () => String) response: string,
    @Ctx() ctx: HubContext,
    @Arg('includesVexatiousReports', () => Boolean, { defaultValue: false, description: 'The answer includes reports the agency judged vexatious' }) includesVexatiousReports: boolean = false,
    @Arg('includesWorkInProgress', () => Boolean, { defaultValue: false, description: 'The answer includes work still in progress' }) includesWorkInProgress: boolean = false,
  ): Promise<InformationRequest> {
    const row = await ctx.em.findOne(InformationRequest, { id });
    if (!row) throw notFound('InformationRequest', { field: 'id' });
    if (row.agencyId !== ctx.caller.agencyId) throw forbidden(`Only ${row.agencyId} can answer this request`);
    if (row.respondedAt) throw conflict('The information request has been answered already', { field: 'id' });
    if (!text(response)) throw badInput('The response is empty', 'response');
    row.response = text(response);
    row.includesVexatiousReports = includesVexatiousReports === true;
    row.includesWorkInProgress = includesWorkInProgress === true;
    row.respondedAt = new Date();
    row.respondedBy = ctx.caller.sub;
    await ctx.em.flush();
    return row;
  }

  /**
   * The panel met. Attendance per agency is recorded; every information request still unanswered
   * is recorded as a finding ("No information provided by <agency> ...", once per request); the
   * first panel meeting sets the outcome's due date, 5 working days on.
   */
  @Mutation(() => ReviewMeeting)
  async recordReviewMeeting(
    @Arg('reviewId', () => ID) reviewId: string,
    @Arg('attendingAgencyIds', () => [ID]) attendingAgencyIds: string[],
    @Ctx() ctx: HubContext,
    @Arg('heldAt', () => Date, { nullable: true, description: 'Default: now' }) heldAt?: Date | null,
    @Arg('victimAttended', () => Boolean, { nullable: true }) victimAttended?: boolean | null,
  ): Promise<ReviewMeeting> {
    const review = await reviewForSpoc(ctx, reviewId);
    assertOpen(review);
    const at = heldAt ?? new Date();
    if (at.getTime() > Date.now() + 60_000) throw badInput('A meeting is recorded once held: heldAt is in the future', 'heldAt');
    const finalReview = review.status === CaseReviewStatus.FINAL_REVIEW;
    const [requests, findings] = await Promise.all([
      ctx.em.find(InformationRequest, { reviewId, respondedAt: null }, { orderBy: { requestedAt: 'asc', id: 'asc' } }),
      ctx.em.find(ReviewFinding, { reviewId, automatic: true }),
    ]);
    const recorded = new Set(findings.map((f) => f.informationRequestId));
    const meeting = ctx.em.create(ReviewMeeting, {
      ...owned(review), heldAt: at, attendingAgencyIds: [...new Set(attendingAgencyIds.map((a) => a.trim()).filter(Boolean))], victimAttended: victimAttended ?? null, finalReview,
    });
    for (const q of requests) {
      if (recorded.has(q.id)) continue;
      ctx.em.create(ReviewFinding, {
        ...owned(review), kind: FindingKind.FINDING, automatic: true, agencyId: q.agencyId, informationRequestId: q.id,
        text: unansweredFindingText(q.agencyId, londonDate(q.requestedAt), q.dueOn), recordedAt: at,
      });
    }
    if (!finalReview) {
      review.meetingAt = at;
      review.outcomeDueOn ??= addWorkingDays(at, OUTCOME_WORKING_DAYS);
    }
    await ctx.em.flush();
    return meeting;
  }

  @Mutation(() => ReviewFinding, { description: 'A finding or recommendation (the SPOC, or a panel reviewer)' })
  async recordFinding(
    @Arg('reviewId', () => ID) reviewId: string,
    @Arg('kind', () => FindingKind) kind: FindingKind,
    @Arg('text', () => String) findingText: string,
    @Ctx() ctx: HubContext,
    @Arg('agencyId', () => ID, { nullable: true, description: 'The agency it concerns, if any' }) agencyId?: string | null,
  ): Promise<ReviewFinding> {
    const review = await loadReview(ctx, reviewId);
    if (!isPanelMember(ctx.caller, review)) throw forbidden('Only the review’s SPOC or a panel reviewer can record findings');
    assertOpen(review);
    if (!text(findingText)) throw badInput('The finding is empty', 'text');
    const row = ctx.em.create(ReviewFinding, { ...owned(review), kind, text: text(findingText), agencyId: text(agencyId) || null });
    await ctx.em.flush();
    return row;
  }

  @Mutation(() => ActionItem, { description: 'An item of the action plan: the owner agency, what, by when' })
  async addActionItem(
    @Arg('reviewId', () => ID) reviewId: string,
    @Arg('ownerAgencyId', () => ID) ownerAgencyId: string,
    @Arg('description', () => String) description: string,
    @Arg('dueOn', () => CalendarDate) dueOn: string,
    @Ctx() ctx: HubContext,
  ): Promise<ActionItem> {
    const review = await reviewForSpoc(ctx, reviewId);
    assertOpen(review);
    if (!text(ownerAgencyId)) throw badInput('Name the agency that owns the action', 'ownerAgencyId');
    if (!text(description)) throw badInput('Describe the action', 'description');
    const row = ctx.em.create(ActionItem, { ...owned(review), ownerAgencyId: text(ownerAgencyId), description: text(description), dueOn });
    await ctx.em.flush();
    return row;
  }

  @Mutation(() => ActionItem, { description: 'Progress on an action (its owner agency, or the SPOC); DONE needs completion evidence' })
  async updateActionItem(
    @Arg('id', () => ID) id: string,
    @Arg('status', () => ActionItemStatus) status: ActionItemStatus,
    @Ctx() ctx: HubContext,
    @Arg('completionEvidence', () => String, { nullable: true }) completionEvidence?: string | null,
  ): Promise<ActionItem> {
    const row = await ctx.em.findOne(ActionItem, { id });
    if (!row) throw notFound('ActionItem', { field: 'id' });
    const spoc = isConveningSpoc(ctx.caller, { openedByAgencyId: row.authorityAgencyId });
    if (!spoc && row.ownerAgencyId !== ctx.caller.agencyId) throw forbidden(`Only ${row.ownerAgencyId} or the review's SPOC can update this action`);
    if (row.status === ActionItemStatus.DONE || row.status === ActionItemStatus.CANCELLED) throw conflict(`The action is ${row.status}`, { field: 'id', status: row.status });
    if (status === ActionItemStatus.DONE && !text(completionEvidence)) throw badInput('Completing an action needs the evidence', 'completionEvidence');
    row.status = status;
    if (text(completionEvidence)) row.completionEvidence = text(completionEvidence);
    if (status === ActionItemStatus.DONE) row.completedAt = new Date();
    await ctx.em.flush();
    return row;
  }

  /**
   * Sends the outcome to the victim: CT4 (through the triggers subgraph) with the action plan and
   * the lead officer. Needs the panel meeting. With actions agreed, the action plan starts and its
   * final review falls due six months on.
   */
  @Mutation(() => CaseReview)
  async sendReviewOutcome(
    @Arg('reviewId', () => ID) reviewId: string,
    @Ctx() ctx: HubContext,
    @Arg('leadOfficer', () => String, { nullable: true, description: 'A role, not a private person; required when actions are agreed' }) leadOfficer?: string | null,
    @Arg('victimNotConsultedReason', () => String, { nullable: true, description: 'Why the victim was not consulted on the action plan, when they were not (else the outcome is refused)' })
    victimNotConsultedReason?: string | null,
  ): Promise<CaseReview> {
    const review = await reviewForSpoc(ctx, reviewId);
    if (review.status !== CaseReviewStatus.OPEN) throw conflict('The outcome of the review has been sent already', { status: review.status });
    const [meetings, recommendations, actions] = await Promise.all([
      ctx.em.count(ReviewMeeting, { reviewId, finalReview: false }),
      ctx.em.count(ReviewFinding, { reviewId, kind: FindingKind.RECOMMENDATION }),
      ctx.em.find(ActionItem, { reviewId, status: { $ne: ActionItemStatus.CANCELLED } }, { orderBy: { dueOn: 'asc', createdAt: 'asc' } }),
    ]);
    if (!meetings) throw conflict('Record the panel meeting before sending the outcome', { status: review.status });
    // The lead officer named on the recorded action plan, when none is given here.
    leadOfficer = text(leadOfficer) || (await ctx.em.findOne(CaseReviewActionPlan, { reviewId }))?.leadOfficer || null;
    if (actions.length && !text(leadOfficer)) throw badInput('A lead officer is required when actions are agreed', 'leadOfficer');
    // 2025 guidance: the victim is consulted on the action plan before it is final, or the reason recorded.
    const reason = text(victimNotConsultedReason);
    if (reason.length > 2000) throw badInput('CaseReview.victimNotConsultedReason must be at most 2,000 characters', 'victimNotConsultedReason');
    if (!review.victimConsultedOnActionPlanAt && !reason) {
      throw conflict('Consult the victim on the action plan (recordVictimConsultation), or give victimNotConsultedReason, before sending the outcome', { status: review.status, reason: 'VICTIM_NOT_CONSULTED' });
    }
    if (!review.victimConsultedOnActionPlanAt) review.victimNotConsultedReason = reason;
    const now = new Date();
    review.outcomeSentAt = now;
    review.status = CaseReviewStatus.OUTCOME_SENT;
    await reviewStep(ctx, review.applicationId, 'SEND_OUTCOME', {
      // The owner agencies go as ids beside the actions: the letter names them as the applicant knows them.
      actions: actions.map((a) => `${a.description} (by ${a.dueOn})`),
      actionOwnerAgencyIds: actions.map((a) => a.ownerAgencyId),
      meetingHeldOn: review.meetingAt ? londonDate(review.meetingAt) : null,
      leadOfficer: text(leadOfficer) || null,
      // The statutory figure counts a review with a recommendation even when no action item follows it.
      recommendationCount: recommendations,
    });
    if (actions.length) {
      await reviewStep(ctx, review.applicationId, 'START_ACTION_PLAN');
      review.status = CaseReviewStatus.ACTION_PLAN;
      review.finalReviewDueOn = addMonths(now, FINAL_REVIEW_MONTHS);
    }
    await ctx.em.flush();
    return review;
  }

  @Mutation(() => CaseReview, { description: 'The final review of the action plan (due six months after the outcome)' })
  async beginFinalReview(@Arg('reviewId', () => ID) reviewId: string, @Ctx() ctx: HubContext): Promise<CaseReview> {
    const review = await reviewForSpoc(ctx, reviewId);
    if (review.status !== CaseReviewStatus.ACTION_PLAN) throw conflict(`The final review needs an action plan under way (review is ${review.status})`, { status: review.status });
    await reviewStep(ctx, review.applicationId, 'START_FINAL_REVIEW');
    review.status = CaseReviewStatus.FINAL_REVIEW;
    review.finalReviewAt = new Date();
    await ctx.em.flush();
    return review;
  }
}
