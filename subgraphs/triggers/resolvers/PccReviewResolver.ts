import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { NotPersonal } from '../../shared/declarations';
import { badInput, conflict, notFound } from '../../../platform/errors';
import { PccReview, PccReviewResult } from '../entities/PccReview';
import { TriggerApplication } from '../entities/TriggerApplication';
import { pccReviewRefusal } from '../rules/pcc-review';
import { correspondenceInForce } from './policies';
import { loadForSpoc } from './workflow';

const MESSAGES = {
  NOT_OFFERED: 'The area does not offer a Police and Crime Commissioner review of this decision',
  NOT_THRESHOLD_NOT_MET: 'Only a "threshold not met" decision can go to the Police and Crime Commissioner',
  ALREADY_REQUESTED: 'A Police and Crime Commissioner review of this decision was already requested',
} as const;

/**
 * The PCC review route (Crime and Policing Bill 2025, configurable per area in the authority's
 * letters data, ThresholdPolicy.correspondence.pccReview; CT2 says how): the SPOC records the
 * victim's request and, later, the Commissioner's result.
 */
@Resolver(() => TriggerApplication)
export class PccReviewResolver {
  @Mutation(() => PccReview, {
    description: 'Record the victim’s request that the Police and Crime Commissioner review a "threshold not met" decision, where the area offers it',
  })
  async requestPccReview(
    @Arg('applicationId', () => ID) applicationId: string,
    @Arg('reason', () => String) reason: string,
    @Ctx() ctx: HubContext,
  ): Promise<PccReview> {
    const app = await loadForSpoc(ctx, applicationId);
    const why = reason.trim();
    if (!why) throw badInput('PccReview.reason is required', 'reason');
    if (why.length > 4000) throw badInput('PccReview.reason must be at most 4,000 characters', 'reason');
    const [correspondence, existing] = await Promise.all([
      correspondenceInForce(ctx, app.authorityAgencyId, new Date()),
      ctx.em.count(PccReview, { applicationId }),
    ]);
    const route = correspondence?.pccReview ?? null;
    const refusal = pccReviewRefusal({ route, decision: app.decision, alreadyRequested: existing > 0 });
    if (refusal) throw conflict(MESSAGES[refusal], { reason: `PCC_REVIEW_${refusal}` });
    const row = ctx.em.create(PccReview, {
      applicationId,
      authorityAgencyId: app.authorityAgencyId,
      subjectPersonId: app.subjectPersonId,
      reviewer: route!.reviewer,
      reason: why,
      requestedAt: new Date(),
      requestedBy: ctx.caller.sub,
    });
    await ctx.em.flush();
    return row;
  }

  @Mutation(() => PccReview, { description: 'Record the Police and Crime Commissioner’s result of a review requested' })
  async recordPccReviewResult(
    @Arg('applicationId', () => ID) applicationId: string,
    @Arg('result', () => PccReviewResult) result: PccReviewResult,
    @Ctx() ctx: HubContext,
    @Arg('note', () => String, { nullable: true }) note?: string | null,
  ): Promise<PccReview> {
    await loadForSpoc(ctx, applicationId);
    const row = await ctx.em.findOne(PccReview, { applicationId });
    if (!row) throw notFound('PccReview', { field: 'applicationId' });
    if (row.result) throw conflict('The result of this review is on record already', { result: row.result });
    if (note != null && note.length > 4000) throw badInput('PccReview.resultNote must be at most 4,000 characters', 'note');
    row.result = result;
    row.resultNote = note?.trim() || null;
    row.resultAt = new Date();
    row.resultBy = ctx.caller.sub;
    await ctx.em.flush();
    return row;
  }

  @NotPersonal()
  @FieldResolver(() => PccReview, {
    nullable: true,
    description: 'The request for a Police and Crime Commissioner review of a "threshold not met" decision, and its result',
  })
  pccReview(@Root() app: TriggerApplication, @Ctx() ctx: HubContext): Promise<PccReview | null> {
    return ctx.em.findOne(PccReview, { applicationId: app.id });
  }
}
