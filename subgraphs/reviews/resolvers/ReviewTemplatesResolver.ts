import { Arg, Ctx, Field, FieldResolver, ID, InputType, Mutation, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { NotPersonal } from '../../shared/declarations';
import { badInput, conflict, forbidden, notFound } from '../../../platform/errors';
import { byIdLoader, groupedLoader } from '../../shared/loaders';
import { CalendarDate } from '../../../platform/scalars';
import { isConveningSpoc, isPanelMember } from '../../shared/scope';
import { CaseReview, CaseReviewStatus } from '../entities/CaseReview';
import { AgencyRef } from '../entities/external';
import { ActionItem } from '../entities/ReviewRecords';
import { CaseReviewActionPlan, CaseReviewAgenda, CaseReviewAgendaItem, PerpetratorProportionalityAssessment } from '../entities/ReviewTemplates';
import { londonDate } from '../../shared/calendar';
import { actionPlan, agendaItems, proportionalityAssessment, ProportionalityConclusion } from '../rules/templates';

@InputType({ description: 'An item of a meeting agenda' })
export class CaseReviewAgendaItemInput {
  @Field(() => String) heading!: string;
  @Field(() => ID, { nullable: true, description: 'The agency leading the item' }) leadAgencyId?: string | null;
  @Field(() => String, { nullable: true, description: 'Notes (incident detail)' }) notes?: string | null;
}

@InputType({ description: 'The agenda of a review meeting (Derbyshire template)' })
export class CaseReviewAgendaInput {
  @Field(() => ID) reviewId!: string;
  @Field(() => Date) meetingAt!: Date;
  @Field(() => String, { nullable: true }) venue?: string | null;
  @Field(() => [CaseReviewAgendaItemInput], { nullable: true, description: 'Default: the template’s headings' }) items?: CaseReviewAgendaItemInput[] | null;
}

@InputType({ description: 'The action plan of a review (Derbyshire template); recording it again makes a new version' })
export class CaseReviewActionPlanInput {
  @Field(() => ID) reviewId!: string;
  @Field(() => String, { description: 'The issues the plan addresses (incident detail)' }) issues!: string;
  @Field(() => String, { nullable: true, description: 'The outcome the victim wants (incident detail)' }) desiredOutcome?: string | null;
  @Field(() => String, { nullable: true, description: 'The lead officer: a role, not a private person' }) leadOfficer?: string | null;
  @Field(() => CalendarDate, { nullable: true, description: 'When the plan is reviewed' }) reviewOn?: string | null;
}

@InputType({ description: 'A proportionality assessment of action against the perpetrator (Derbyshire template)' })
export class PerpetratorProportionalityAssessmentInput {
  @Field(() => ID) reviewId!: string;
  @Field(() => ID, { nullable: true, description: 'The action item assessed, if any' }) actionItemId?: string | null;
  @Field(() => ID, { nullable: true, description: 'The perpetrator, when registered as a Person' }) perpetratorPersonId?: string | null;
  @Field(() => String) proposedAction!: string;
  @Field(() => String, { nullable: true }) circumstances?: string | null;
  @Field(() => Boolean) necessary!: boolean;
  @Field(() => String, { nullable: true }) lessIntrusiveOptions?: string | null;
  @Field(() => String, { nullable: true }) impactOnOthers?: string | null;
  @Field(() => String, { nullable: true }) equalityConsiderations?: string | null;
  @Field(() => ProportionalityConclusion) conclusion!: ProportionalityConclusion;
  @Field(() => String, { nullable: true, description: 'For PROPORTIONATE_WITH_CHANGES: which changes' }) changes?: string | null;
  @Field(() => String) reasons!: string;
}

async function openReview(ctx: HubContext, id: string): Promise<CaseReview> {
  const review = await ctx.em.findOne(CaseReview, { id });
  if (!review) throw notFound('CaseReview', { field: 'input.reviewId' });
  if (review.status === CaseReviewStatus.CLOSED) throw conflict('The review is closed', { status: review.status });
  return review;
}

/** Derbyshire's templates as records of a review: the SPOC keeps the agenda and the plan; the panel assesses proportionality. */
@Resolver(() => CaseReview)
export class ReviewTemplatesResolver {
  @Mutation(() => CaseReviewAgenda, { description: 'Records the agenda of a review meeting (default headings: the template’s)' })
  async recordCaseReviewAgenda(@Arg('input', () => CaseReviewAgendaInput) input: CaseReviewAgendaInput, @Ctx() ctx: HubContext): Promise<CaseReviewAgenda> {
    const review = await openReview(ctx, input.reviewId);
    if (!isConveningSpoc(ctx.caller, review)) throw forbidden(`Only ${review.openedByAgencyId}'s SPOC can record the agenda`);
    const venue = (input.venue ?? '').trim() || null;
    if (venue && venue.length > 300) throw badInput('input.venue is longer than 300 characters', 'input.venue');
    const items = agendaItems(input.items);
    const row = ctx.em.create(CaseReviewAgenda, {
      reviewId: review.id,
      subjectPersonId: review.subjectPersonId ?? null,
      authorityAgencyId: review.openedByAgencyId,
      meetingAt: input.meetingAt,
      venue,
      finalReview: review.status === CaseReviewStatus.FINAL_REVIEW,
      items,
      recordedBy: ctx.caller.sub,
    });
    await ctx.em.flush();
    return row;
  }

  @Mutation(() => CaseReviewActionPlan, {
    description: 'Records the action plan (its actions are the review’s action items); recording it again makes a new version',
  })
  async recordActionPlan(
    @Arg('input', () => CaseReviewActionPlanInput) input: CaseReviewActionPlanInput,
    @Ctx() ctx: HubContext,
  ): Promise<CaseReviewActionPlan> {
    const review = await openReview(ctx, input.reviewId);
    if (!isConveningSpoc(ctx.caller, review)) throw forbidden(`Only ${review.openedByAgencyId}'s SPOC can record the action plan`);
    const data = actionPlan(input, londonDate(new Date()));
    const existing = await ctx.em.findOne(CaseReviewActionPlan, { reviewId: review.id });
    if (existing) {
      Object.assign(existing, data, { version: existing.version + 1, updatedAt: new Date() });
      await ctx.em.flush();
      return existing;
    }
    const row = ctx.em.create(CaseReviewActionPlan, {
      reviewId: review.id,
      subjectPersonId: review.subjectPersonId ?? null,
      authorityAgencyId: review.openedByAgencyId,
      ...data,
    });
    await ctx.em.flush();
    return row;
  }

  @Mutation(() => PerpetratorProportionalityAssessment, {
    description: 'Records whether an action against the perpetrator is necessary and proportionate (the SPOC or a panel reviewer)',
  })
  async recordPerpetratorProportionalityAssessment(
    @Arg('input', () => PerpetratorProportionalityAssessmentInput) input: PerpetratorProportionalityAssessmentInput,
    @Ctx() ctx: HubContext,
  ): Promise<PerpetratorProportionalityAssessment> {
    const review = await openReview(ctx, input.reviewId);
    if (!isPanelMember(ctx.caller, review)) throw forbidden('Only the review’s SPOC or a panel reviewer can assess proportionality');
    const data = proportionalityAssessment(input);
    const actionItemId = (input.actionItemId ?? '').trim() || null;
    if (actionItemId && !(await ctx.em.count(ActionItem, { id: actionItemId, reviewId: review.id })))
      throw notFound('ActionItem', { field: 'input.actionItemId' });
    const row = ctx.em.create(PerpetratorProportionalityAssessment, {
      reviewId: review.id,
      authorityAgencyId: review.openedByAgencyId,
      perpetratorPersonId: (input.perpetratorPersonId ?? '').trim() || null,
      actionItemId,
      ...data,
      assessedByAgencyId: ctx.caller.agencyId,
      assessedBy: ctx.caller.sub,
    });
    await ctx.em.flush();
    return row;
  }

  @NotPersonal()
  @FieldResolver(() => [CaseReviewAgenda], { description: 'The agendas of its meetings (Derbyshire template)' })
  agendas(@Root() review: CaseReview, @Ctx() ctx: HubContext): Promise<CaseReviewAgenda[]> {
    return groupedLoader(ctx, CaseReviewAgenda, 'reviewId', { orderBy: { meetingAt: 'asc' } }).load(review.id);
  }

  @NotPersonal()
  @FieldResolver(() => CaseReviewActionPlan, { nullable: true, description: 'The action plan (Derbyshire template), when recorded' })
  async actionPlan(@Root() review: CaseReview, @Ctx() ctx: HubContext): Promise<CaseReviewActionPlan | null> {
    const plans = await groupedLoader(ctx, CaseReviewActionPlan, 'reviewId').load(review.id);
    return plans[0] ?? null;
  }

  @NotPersonal()
  @FieldResolver(() => [PerpetratorProportionalityAssessment], {
    description: 'Proportionality assessments of action against the perpetrator (kept to the agencies that made them)',
  })
  proportionalityAssessments(@Root() review: CaseReview, @Ctx() ctx: HubContext): Promise<PerpetratorProportionalityAssessment[]> {
    return groupedLoader(ctx, PerpetratorProportionalityAssessment, 'reviewId', { orderBy: { assessedAt: 'asc' } }).load(review.id);
  }
}

@Resolver(() => CaseReviewAgenda)
export class CaseReviewAgendaResolver {
  @NotPersonal()
  @FieldResolver(() => [CaseReviewAgendaItem], { description: 'The items, in order' })
  items(@Root() agenda: CaseReviewAgenda): CaseReviewAgendaItem[] {
    return agenda.items.map((i) =>
      Object.assign(new CaseReviewAgendaItem(), { ...i, subjectPersonId: agenda.subjectPersonId ?? null, authorityAgencyId: agenda.authorityAgencyId }),
    );
  }
}

@Resolver(() => CaseReviewAgendaItem)
export class CaseReviewAgendaItemResolver {
  @NotPersonal()
  @FieldResolver(() => AgencyRef, { nullable: true, description: 'The agency leading the item' })
  leadAgency(@Root() item: CaseReviewAgendaItem): AgencyRef | null {
    return item.leadAgencyId ? { id: item.leadAgencyId } : null;
  }
}

@Resolver(() => CaseReviewActionPlan)
export class CaseReviewActionPlanResolver {
  @NotPersonal()
  @FieldResolver(() => [ActionItem], { description: 'Its actions: the review’s action items' })
  actions(@Root() plan: CaseReviewActionPlan, @Ctx() ctx: HubContext): Promise<ActionItem[]> {
    return groupedLoader(ctx, ActionItem, 'reviewId', { orderBy: { dueOn: 'asc' } }).load(plan.reviewId);
  }
}

@Resolver(() => PerpetratorProportionalityAssessment)
export class ProportionalityAssessmentResolver {
  @NotPersonal()
  @FieldResolver(() => AgencyRef, { description: 'The agency that made the assessment' })
  assessedByAgency(@Root() a: PerpetratorProportionalityAssessment): AgencyRef {
    return { id: a.assessedByAgencyId };
  }

  @NotPersonal()
  @FieldResolver(() => ActionItem, { nullable: true, description: 'The action item assessed' })
  actionItem(@Root() a: PerpetratorProportionalityAssessment, @Ctx() ctx: HubContext): Promise<ActionItem | null> | null {
    return a.actionItemId ? byIdLoader(ctx, ActionItem).load(a.actionItemId) : null;
  }
}
