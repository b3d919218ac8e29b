import { Arg, Ctx, Field, FieldResolver, ID, ObjectType, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { byIdLoader, groupedLoader } from '../../shared/loaders';
import { CalendarDate } from '../../../platform/scalars';
import { AgencyRef, PersonRef } from '../entities/external';
import { Letter } from '../entities/Letter';
import { ThresholdEvaluation } from '../entities/ThresholdEvaluation';
import { TriggerApplication } from '../entities/TriggerApplication';
import { DeadlineKind } from '../rules/deadlines';
import { queueOrder } from '../rules/queue';
import { ApplicationStatus } from '../entities/status';
import { deadlinesFor } from './workflow';
import { riskTargetsOf } from './RiskAssessmentResolver';
import { NotPersonal } from '../../shared/declarations';
import { requireOwnAuthority } from '../../shared/scope';

registerEnumType(DeadlineKind, {
  name: 'DeadlineKind',
  description: 'ACKNOWLEDGEMENT (2 working days, same day online), PROCESS (25 working days from acknowledgement), OUTCOME (5 working days after the meeting), FINAL_REVIEW (6 months after the action plan)',
});

@ObjectType('ApplicationDeadline', { description: 'A time limit of the Community Trigger process, in England and Wales working days' })
export class ApplicationDeadline {
  @NotPersonal()
  @Field(() => DeadlineKind) kind!: DeadlineKind;
  @NotPersonal()
  @Field(() => CalendarDate) dueOn!: string;
  @NotPersonal()
  @Field(() => Date, { nullable: true, description: 'When it was met' }) metAt!: Date | null;
  @NotPersonal()
  @Field(() => Boolean, { description: 'Past its date and not met' }) overdue!: boolean;
}

@Resolver(() => TriggerApplication)
export class TriggerApplicationResolver {
  @Query(() => TriggerApplication, { nullable: true })
  triggerApplication(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<TriggerApplication | null> {
    return byIdLoader(ctx, TriggerApplication).load(id);
  }

  @Query(() => [TriggerApplication], {
    description: "The SPOC's work queue: an authority's applications, overdue first, then a high-risk victim's, then by the earliest time limit not yet met (a SPOC: its own authority only, the default)",
  })
  async triggerApplications(
    @Arg('authority', () => ID, { nullable: true }) authority: string | null,
    @Arg('includeClosed', () => Boolean, { defaultValue: false, description: 'Also closed and not-pursued applications' }) includeClosed: boolean,
    @Ctx() ctx: HubContext,
  ): Promise<TriggerApplication[]> {
    if (authority) requireOwnAuthority(ctx.caller, authority, 'The work queue is of the caller’s own authority');
    const where = includeClosed ? {} : { status: { $nin: [ApplicationStatus.CLOSED, ApplicationStatus.NOT_PURSUED] } };
    const rows = await ctx.em.find(TriggerApplication, { authorityAgencyId: authority ?? ctx.caller.agencyId, ...where }, { orderBy: { receivedAt: 'asc', id: 'asc' } });
    const now = new Date();
    const risk = await riskTargetsOf(ctx, rows, now);
    return queueOrder(
      rows.map((row) => ({ id: row.id, receivedAt: row.receivedAt, deadlines: deadlinesFor(row, now), highRisk: risk.get(row.id)?.high, target: risk.get(row.id)?.target, row })),
    ).map((q) => q.row);
  }

  @NotPersonal()
  @FieldResolver(() => AgencyRef, { nullable: true, description: 'The authority whose SPOC handles the application' })
  authority(@Root() app: TriggerApplication): AgencyRef {
    return { id: app.authorityAgencyId };
  }

  @NotPersonal()
  @FieldResolver(() => PersonRef, { nullable: true, description: 'Who applied (null when a partner agency applied)' })
  applicant(@Root() app: TriggerApplication): PersonRef | null {
    return app.applicantPersonId ? { id: app.applicantPersonId } : null;
  }

  @NotPersonal()
  @FieldResolver(() => AgencyRef, { nullable: true, description: 'The partner agency that applied' })
  applicantAgency(@Root() app: TriggerApplication): AgencyRef | null {
    return app.applicantAgencyId ? { id: app.applicantAgencyId } : null;
  }

  @NotPersonal()
  @FieldResolver(() => PersonRef, { nullable: true, description: 'The victim, when someone applied on their behalf' })
  victim(@Root() app: TriggerApplication): PersonRef | null {
    return app.victimPersonId ? { id: app.victimPersonId } : null;
  }

  @NotPersonal()
  @FieldResolver(() => [ApplicationDeadline], { description: 'Every time limit that applies so far, with its due date' })
  deadlines(@Root() app: TriggerApplication): ApplicationDeadline[] {
    return deadlinesFor(app);
  }

  @NotPersonal()
  @FieldResolver(() => [DeadlineKind], { description: 'The time limits now past and not met' })
  overdue(@Root() app: TriggerApplication): DeadlineKind[] {
    return deadlinesFor(app).filter((d) => d.overdue).map((d) => d.kind);
  }

  @NotPersonal()
  @FieldResolver(() => [ThresholdEvaluation], { description: 'Every threshold evaluation, newest first' })
  evaluations(@Root() app: TriggerApplication, @Ctx() ctx: HubContext): Promise<ThresholdEvaluation[]> {
    return groupedLoader(ctx, ThresholdEvaluation, 'applicationId', { orderBy: { evaluatedAt: 'desc' } }).load(app.id);
  }

  @NotPersonal()
  @FieldResolver(() => ThresholdEvaluation, { nullable: true })
  async latestEvaluation(@Root() app: TriggerApplication, @Ctx() ctx: HubContext): Promise<ThresholdEvaluation | null> {
    const all = await groupedLoader(ctx, ThresholdEvaluation, 'applicationId', { orderBy: { evaluatedAt: 'desc' } }).load(app.id);
    return all[0] ?? null;
  }

  @NotPersonal()
  @FieldResolver(() => [Letter], { description: 'The correspondence log, oldest first' })
  letters(@Root() app: TriggerApplication, @Ctx() ctx: HubContext): Promise<Letter[]> {
    return groupedLoader(ctx, Letter, 'applicationId', { orderBy: { sentAt: 'asc' } }).load(app.id);
  }
}
