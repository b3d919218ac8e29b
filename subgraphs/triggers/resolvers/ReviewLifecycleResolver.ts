import { victimEventTitle } from '../rules/victim';
import { Arg, Ctx, Directive, Field, ID, Int, ObjectType, Query, Mutation, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { ApplicantType, ApplicationChannel, TriggerDecision } from '../../shared/enums';
import { badInput, forbidden, notFound } from '../../../platform/errors';
import { CalendarDate } from '../../../platform/scalars';
import { RiskAssessmentStage } from '../entities/RiskAssessment';
import { PccReviewResult } from '../entities/PccReview';
import { ApplicationStatus as S, TriggerApplication } from '../entities/TriggerApplication';
import { LetterKind } from '../letters/render';
import { LifecycleEvent as E } from '../rules/lifecycle';
import { allows, type WorkflowEvent } from '../rules/workflow';
import { takeStep } from './workflow';
import { applicationHistoryRow } from '../repositories/application-history';
import { NotPersonal, ServiceOnly } from '../../shared/declarations';

/**
 * Service-only operations for the reviews subgraph: it drives the application's
 * lifecycle as the review moves on (the same workflow, rules/workflow.ts, as the SPOC's own
 * mutations), and reads the application's history for the consolidated case history. Every field
 * is `@inaccessible` and allowed only with a service credential (rules/permissions.ts); the reviews
 * subgraph has already checked that the SPOC acts for the application's authority, and says so in
 * `actingAgencyId`, which is checked again here.
 */
@ObjectType('ApplicationHistoryLetter')
@Directive('@inaccessible')
export class ApplicationHistoryLetter {
  @NotPersonal()
  @Field(() => ID) id!: string;
  @NotPersonal()
  @Field(() => LetterKind) kind!: LetterKind;
  @NotPersonal()
  @Field(() => String) subject!: string;
  @NotPersonal()
  @Field(() => Date) sentAt!: Date;
}

@ObjectType('ApplicationHistoryVictimEvent', { description: "A change of the victim's named contact or chosen involvement" })
@Directive('@inaccessible')
export class ApplicationHistoryVictimEvent {
  @ServiceOnly() @Field(() => Date) at!: Date;
  @ServiceOnly() @Field(() => String, { description: 'INVOLVEMENT or CONTACT' }) kind!: string;
  @ServiceOnly() @Field(() => String, { description: "The case history's headline (non-personal)" }) title!: string;
}

@ObjectType('ApplicationHistoryRisk')
@Directive('@inaccessible')
export class ApplicationHistoryRisk {
  @ServiceOnly() @Field(() => ID) id!: string;
  @ServiceOnly() @Field(() => RiskAssessmentStage) stage!: RiskAssessmentStage;
  @ServiceOnly() @Field(() => Date) assessedAt!: Date;
}

@ObjectType('ApplicationHistoryPccReview')
@Directive('@inaccessible')
export class ApplicationHistoryPccReview {
  @ServiceOnly() @Field(() => ID) id!: string;
  @ServiceOnly() @Field(() => String) reviewer!: string;
  @ServiceOnly() @Field(() => Date) requestedAt!: Date;
  @ServiceOnly() @Field(() => PccReviewResult, { nullable: true }) result?: PccReviewResult | null;
  @ServiceOnly() @Field(() => Date, { nullable: true }) resultAt?: Date | null;
}

@ObjectType('ApplicationHistory', { description: 'An application and its decisions and letters, as the case history needs them' })
@Directive('@inaccessible')
export class ApplicationHistory {
  @NotPersonal()
  @Field(() => ID) id!: string;
  @NotPersonal()
  @Field(() => String) reference!: string;
  @NotPersonal()
  @Field(() => ID) authorityAgencyId!: string;
  @NotPersonal()
  @Field(() => ID, { nullable: true }) subjectPersonId?: string | null;
  @NotPersonal()
  @Field(() => ApplicationChannel) channel!: ApplicationChannel;
  @NotPersonal()
  @Field(() => ApplicantType) applicantType!: ApplicantType;
  @NotPersonal()
  @Field(() => S) status!: S;
  @NotPersonal()
  @Field(() => Date) receivedAt!: Date;
  @NotPersonal()
  @Field(() => Date, { nullable: true }) acknowledgedAt?: Date | null;
  @NotPersonal()
  @Field(() => TriggerDecision, { nullable: true }) decision?: TriggerDecision | null;
  @NotPersonal()
  @Field(() => Date, { nullable: true }) decidedAt?: Date | null;
  @NotPersonal()
  @Field(() => String, { nullable: true }) decisionReason?: string | null;
  @NotPersonal()
  @Field(() => Date, { nullable: true }) reviewStartedAt?: Date | null;
  @NotPersonal()
  @Field(() => Date, { nullable: true }) outcomeSentAt?: Date | null;
  @NotPersonal()
  @Field(() => Date, { nullable: true }) actionPlanAt?: Date | null;
  @NotPersonal()
  @Field(() => Date, { nullable: true }) finalReviewAt?: Date | null;
  @NotPersonal()
  @Field(() => Date, { nullable: true }) appealedAt?: Date | null;
  @NotPersonal()
  @Field(() => String, { nullable: true }) appealReason?: string | null;
  @NotPersonal()
  @Field(() => Date, { nullable: true }) closedAt?: Date | null;
  @ServiceOnly()
  @Field(() => [ApplicationHistoryLetter]) letters!: ApplicationHistoryLetter[];
  @ServiceOnly()
  @Field(() => [ApplicationHistoryVictimEvent], { description: "Each change of the victim's named contact or chosen involvement, oldest first" })
  victimEvents!: ApplicationHistoryVictimEvent[];
  @ServiceOnly()
  @Field(() => ApplicationHistoryPccReview, { nullable: true, description: 'The PCC review of a "threshold not met" decision, if requested' }) pccReview?: ApplicationHistoryPccReview | null;
  @ServiceOnly()
  @Field(() => [ApplicationHistoryRisk], { description: 'When the victim’s risk was assessed (the band, special category, is not in the case history)' }) riskAssessments!: ApplicationHistoryRisk[];
}

@ObjectType('ReviewStepResult')
@Directive('@inaccessible')
export class ReviewStepResult {
  @NotPersonal()
  @Field(() => S) status!: S;
  @NotPersonal()
  @Field(() => Boolean, { description: 'False when `onlyIfAllowed` was set and the step did not apply' })
  applied!: boolean;
  @NotPersonal()
  @Field(() => LetterKind, { nullable: true }) letter?: LetterKind | null;
}

/** The review steps that move the application on, with the workflow event each one is (rules/workflow.ts). */
const STEPS: Record<string, E.BEGIN_REVIEW | E.SEND_OUTCOME | E.START_ACTION_PLAN | E.START_FINAL_REVIEW | E.CLOSE> = {
  BEGIN_REVIEW: E.BEGIN_REVIEW,
  SEND_OUTCOME: E.SEND_OUTCOME,
  START_ACTION_PLAN: E.START_ACTION_PLAN,
  START_FINAL_REVIEW: E.START_FINAL_REVIEW,
  CLOSE: E.CLOSE,
};

@Resolver()
export class ReviewLifecycleResolver {
  /** One statement (repositories/application-history.ts): the application, its letters, risk assessments and PCC review. */
  @Query(() => ApplicationHistory, { nullable: true })
  @Directive('@inaccessible')
  async _applicationHistory(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<ApplicationHistory | null> {
    const app = await applicationHistoryRow(ctx.em, id);
    if (!app) return null;
    const at = (v: Date | string) => new Date(v);
    const maybe = (v: Date | string | null) => (v == null ? null : new Date(v));
    return {
      id: app.id, reference: app.reference, authorityAgencyId: app.authority_agency_id, subjectPersonId: app.victim_person_id ?? app.applicant_person_id ?? null,
      channel: app.channel, applicantType: app.applicant_type, status: app.status, receivedAt: at(app.received_at),
      acknowledgedAt: maybe(app.acknowledged_at), decision: app.decision ?? null, decidedAt: maybe(app.decided_at),
      decisionReason: app.decision_reason ?? null, reviewStartedAt: maybe(app.review_started_at), outcomeSentAt: maybe(app.outcome_sent_at),
      actionPlanAt: maybe(app.action_plan_at), finalReviewAt: maybe(app.final_review_at), appealedAt: maybe(app.appealed_at),
      appealReason: app.appeal_reason ?? null, closedAt: maybe(app.closed_at),
      letters: (app.letters ?? []).map((l) => ({ id: l.id, kind: l.kind as LetterKind, subject: l.subject, sentAt: at(l.sentAt) })),
      victimEvents: (app.victim_events ?? []).map((e) => ({ at: new Date(e.at), kind: e.kind, title: victimEventTitle(e) })),
      riskAssessments: (app.risks ?? []).map((r) => ({ id: r.id, stage: r.stage, assessedAt: at(r.assessedAt) })),
      pccReview: app.pcc ? { id: app.pcc.id, reviewer: app.pcc.reviewer, requestedAt: at(app.pcc.requestedAt), result: app.pcc.result ?? null, resultAt: maybe(app.pcc.resultAt) } : null,
    };
  }

  /**
   * One step of the lifecycle, as the review takes it: BEGIN_REVIEW (review opened), SEND_OUTCOME
   * (CT4 with the actions agreed and the lead officer), START_ACTION_PLAN, START_FINAL_REVIEW, CLOSE
   * (CT5 after a review). A transition the state machine refuses is CONFLICT, unless
   * `onlyIfAllowed`, when the application is left as it is (e.g. the SPOC already began the review).
   */
  @Mutation(() => ReviewStepResult)
  @Directive('@inaccessible')
  async _reviewStep(
    @Arg('applicationId', () => ID) applicationId: string,
    @Arg('step', () => String) step: string,
    @Arg('actingAgencyId', () => String) actingAgencyId: string,
    @Arg('actedBy', () => String) actedBy: string,
    @Arg('onlyIfAllowed', () => Boolean, { defaultValue: false }) onlyIfAllowed: boolean,
    @Ctx() ctx: HubContext,
    @Arg('meetingOn', () => CalendarDate, { nullable: true }) meetingOn?: string | null,
    @Arg('actions', () => [String], { nullable: true }) actions?: string[] | null,
    @Arg('leadOfficer', () => String, { nullable: true }) leadOfficer?: string | null,
    @Arg('reason', () => String, { nullable: true }) reason?: string | null,
    @Arg('actorToken', () => String, { nullable: true, description: 'The acting SPOC’s token: letters name people and agencies as that SPOC may see them' })
    actorToken?: string | null,
    @Arg('actionOwnerAgencyIds', () => [String], { nullable: true, description: 'SEND_OUTCOME: the agency owning each action, named in the letter' })
    actionOwnerAgencyIds?: string[] | null,
    @Arg('meetingHeldOn', () => CalendarDate, { nullable: true, description: 'SEND_OUTCOME: the day the panel met' }) meetingHeldOn?: string | null,
    @Arg('panelAgencyIds', () => [String], { nullable: true, description: 'BEGIN_REVIEW: the panel, named in the activation letter' }) panelAgencyIds?: string[] | null,
    @Arg('recommendationCount', () => Int, { nullable: true, description: 'SEND_OUTCOME: the recommendations the review made (with or without an action item)' })
    recommendationCount?: number | null,
  ): Promise<ReviewStepResult> {
    const kind = STEPS[step];
    if (!kind) throw badInput('step is not a known review step', 'step');
    const app = await ctx.em.findOne(TriggerApplication, { id: applicationId });
    if (!app) throw notFound('TriggerApplication', { field: 'applicationId' });
    if (app.authorityAgencyId !== actingAgencyId) throw forbidden('A SPOC may act only on its own authority’s applications');
    if (onlyIfAllowed && !allows(app, kind)) return { status: app.status, applied: false, letter: null };
    const event: WorkflowEvent =
      kind === E.BEGIN_REVIEW ? { kind, meetingOn }
      : kind === E.SEND_OUTCOME ? { kind, actions: actions ?? [], leadOfficer: leadOfficer ?? null, review: { meetingHeldOn: meetingHeldOn ?? null, recommendationCount: recommendationCount ?? null } }
      : kind === E.CLOSE ? { kind, reason: reason ?? null }
      : { kind };
    // Each step's letter names what that step was told: the panel as the review begins, the owners of the actions in CT4.
    const { letters } = await takeStep(ctx, app, event, {
      actorToken,
      ...(kind === E.BEGIN_REVIEW ? { panelAgencyIds: panelAgencyIds ?? undefined } : {}),
      ...(kind === E.SEND_OUTCOME ? { actionOwnerAgencyIds: actionOwnerAgencyIds ?? undefined } : {}),
      sentBy: actedBy,
    });
    const letter = letters.at(-1) ?? null;
    return { status: app.status, applied: true, letter: letter?.kind ?? null };
  }
}
