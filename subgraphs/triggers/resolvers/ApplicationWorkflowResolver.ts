import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { TriggerDecision } from '../../shared/enums';
import { CalendarDate } from '../../../platform/scalars';
import { DiscretionGround, NotPursuedReason, TriggerApplication } from '../entities/TriggerApplication';
import { anonymousRefusal } from '../rules/intake';
import { LifecycleEvent as E } from '../rules/lifecycle';
import type { WorkflowEvent } from '../rules/workflow';
import { TriggerApplicationInput } from './inputs';
import { applicationData, recordApplication } from './intake';
import { assertActsFor, latestEvaluation, loadForSpoc, takeStep } from './workflow';

/** The SPOC's step on one of its authority's applications (rules/workflow.ts), written. */
async function spocStep(ctx: HubContext, applicationId: string, event: (app: TriggerApplication) => WorkflowEvent | Promise<WorkflowEvent>): Promise<TriggerApplication> {
  const app = await loadForSpoc(ctx, applicationId);
  await takeStep(ctx, app, await event(app));
  return app;
}

/**
 * The SPOC's steps of the Community Trigger (docs/design.md, "What the process is"): each a thin
 * adapter over the intake service (resolvers/intake.ts) or the workflow (rules/workflow.ts).
 */
@Resolver(() => TriggerApplication)
export class ApplicationWorkflowResolver {
  /** Intake by the authority's SPOC (resolvers/intake.ts); an anonymous one is refused (BAD_USER_INPUT). */
  @Mutation(() => TriggerApplication)
  async submitTriggerApplication(@Arg('input', () => TriggerApplicationInput) input: TriggerApplicationInput, @Ctx() ctx: HubContext): Promise<TriggerApplication> {
    const data = applicationData(input);
    assertActsFor(ctx, data.authorityId);
    const recorded = await recordApplication(ctx, data);
    if (recorded.anonymous) throw anonymousRefusal(recorded.anonymous.field, recorded.anonymous.intelligenceRecordId);
    return recorded.app;
  }

  /** CT1: the acknowledgement, naming the meeting date. */
  @Mutation(() => TriggerApplication)
  acknowledgeApplication(
    @Arg('applicationId', () => ID) applicationId: string,
    @Arg('meetingOn', () => CalendarDate, { nullable: true }) meetingOn: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<TriggerApplication> {
    return spocStep(ctx, applicationId, () => ({ kind: E.ACKNOWLEDGE, meetingOn }));
  }

  /**
   * The threshold decision against the latest evaluation (rules/workflow.ts: deciding against it
   * needs a reason; not met sends CT2, met with all action taken CT3).
   */
  @Mutation(() => TriggerApplication)
  decideApplication(
    @Arg('applicationId', () => ID) applicationId: string,
    @Arg('decision', () => TriggerDecision) decision: TriggerDecision,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Arg('discretion', () => [DiscretionGround], { nullable: true, description: 'Grounds, when proceeding although the count fell short' })
    discretion: DiscretionGround[] | null,
    @Ctx() ctx: HubContext,
  ): Promise<TriggerApplication> {
    return spocStep(ctx, applicationId, async (app) => ({ kind: E.DECIDE, decision, reason, discretion, evaluation: await latestEvaluation(ctx, app.id) }));
  }

  @Mutation(() => TriggerApplication, { description: 'Records that the application is not pursued (e.g. consent withdrawn)' })
  markNotPursued(
    @Arg('applicationId', () => ID) applicationId: string,
    @Arg('reason', () => NotPursuedReason) reason: NotPursuedReason,
    @Ctx() ctx: HubContext,
  ): Promise<TriggerApplication> {
    return spocStep(ctx, applicationId, () => ({ kind: E.NOT_PURSUE, reason }));
  }

  @Mutation(() => TriggerApplication, { description: 'The case review begins (after THRESHOLD_MET, or the second-stage review after an appeal)' })
  beginReview(
    @Arg('applicationId', () => ID) applicationId: string,
    @Arg('meetingOn', () => CalendarDate, { nullable: true }) meetingOn: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<TriggerApplication> {
    return spocStep(ctx, applicationId, () => ({ kind: E.BEGIN_REVIEW, meetingOn }));
  }

  @Mutation(() => TriggerApplication, { description: 'The review outcome goes to the applicant (CT4: the actions agreed and the lead officer)' })
  recordOutcome(
    @Arg('applicationId', () => ID) applicationId: string,
    @Arg('actions', () => [String]) actions: string[],
    @Arg('leadOfficer', () => String, { nullable: true }) leadOfficer: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<TriggerApplication> {
    return spocStep(ctx, applicationId, () => ({ kind: E.SEND_OUTCOME, actions, leadOfficer }));
  }

  @Mutation(() => TriggerApplication)
  startActionPlan(@Arg('applicationId', () => ID) applicationId: string, @Ctx() ctx: HubContext): Promise<TriggerApplication> {
    return spocStep(ctx, applicationId, () => ({ kind: E.START_ACTION_PLAN }));
  }

  @Mutation(() => TriggerApplication, { description: 'The final review of the action plan (due six months after it started)' })
  startFinalReview(@Arg('applicationId', () => ID) applicationId: string, @Ctx() ctx: HubContext): Promise<TriggerApplication> {
    return spocStep(ctx, applicationId, () => ({ kind: E.START_FINAL_REVIEW }));
  }

  @Mutation(() => TriggerApplication, { description: 'Closes the application (CT5 after a review)' })
  closeApplication(
    @Arg('applicationId', () => ID) applicationId: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<TriggerApplication> {
    return spocStep(ctx, applicationId, () => ({ kind: E.CLOSE, reason }));
  }

  @Mutation(() => TriggerApplication, { description: 'The applicant asks for a second-stage review by an independent panel' })
  appealApplication(
    @Arg('applicationId', () => ID) applicationId: string,
    @Arg('reason', () => String) reason: string,
    @Ctx() ctx: HubContext,
  ): Promise<TriggerApplication> {
    return spocStep(ctx, applicationId, () => ({ kind: E.APPEAL, reason }));
  }
}
