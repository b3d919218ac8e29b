import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { badInput, conflict, forbidden, notFound } from '../../shared/errors';
import { callService } from '../../shared/service-client';
import { CaseReview, CaseReviewStatus } from '../entities/CaseReview';

/**
 * Forming and closing a review panel. Opening a review asks the consent subgraph to issue the
 * access grants the person's consent covers, inside the review's transaction: if the grants cannot
 * be issued, the review is not opened. Closing ends the grants the same way.
 */
export const MIN_PANEL_AGENCIES = 3;

interface Parties {
  id: string;
  authorityAgencyId: string;
  applicantPersonId: string | null;
  victimPersonId: string | null;
  status: string;
}

async function applicationParties(ctx: HubContext, applicationId: string): Promise<Parties> {
  const data = await callService<{ _applicationParties: Parties | null }>(
    'reviews',
    ctx.peers('triggers'),
    'query Parties($id: ID!) { _applicationParties(id: $id) { id authorityAgencyId applicantPersonId victimPersonId status } }',
    { id: applicationId },
    ctx.requestId,
  );
  if (!data._applicationParties) throw notFound('TriggerApplication', applicationId);
  return data._applicationParties;
}

@Resolver(() => CaseReview)
export class ReviewPanelResolver {
  @Mutation(() => CaseReview, { description: 'Forms the panel (at least three agencies) and issues the access grants the consent covers' })
  async openCaseReview(
    @Arg('applicationId', () => ID) applicationId: string,
    @Arg('panelAgencyIds', () => [ID]) panelAgencyIds: string[],
    @Arg('chairAgencyId', () => ID) chairAgencyId: string,
    @Ctx() ctx: HubContext,
  ): Promise<CaseReview> {
    const panel = [...new Set(panelAgencyIds.map((a) => a.trim()).filter(Boolean))];
    if (panel.length < MIN_PANEL_AGENCIES) {
      throw badInput(`A review panel needs at least ${MIN_PANEL_AGENCIES} partner agencies (got ${panel.length})`, 'panelAgencyIds');
    }
    if (!panel.includes(chairAgencyId)) throw badInput('The chair must be one of the panel agencies', 'chairAgencyId');
    const parties = await applicationParties(ctx, applicationId);
    if (parties.authorityAgencyId !== ctx.caller.agencyId) {
      throw forbidden(`Only ${parties.authorityAgencyId}'s SPOC can open a review of this application`);
    }
    return ctx.em.transactional(async (em) => {
      const open = await em.count(CaseReview, { applicationId, status: { $ne: CaseReviewStatus.CLOSED }, secondStage: false });
      if (open) throw conflict(`Application ${applicationId} already has a review under way`);
      const review = em.create(CaseReview, { applicationId, panelAgencyIds: panel, chairAgencyId, openedByAgencyId: ctx.caller.agencyId });
      await em.flush();
      const personIds = [parties.applicantPersonId, parties.victimPersonId].filter((p): p is string => !!p);
      await callService(
        'reviews',
        ctx.peers('consent'),
        'mutation Grants($r: ID!, $p: [ID!]!, $a: [ID!]!, $by: String!) { _issueReviewGrants(reviewId: $r, personIds: $p, agencyIds: $a, issuedBy: $by) }',
        { r: review.id, p: personIds, a: panel, by: ctx.caller.sub },
        ctx.requestId,
      );
      return review;
    });
  }

  @Mutation(() => CaseReview, { description: 'Closes the review and ends its access grants' })
  async closeCaseReview(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext, @Arg('reason', () => String, { nullable: true }) reason?: string): Promise<CaseReview> {
    return ctx.em.transactional(async (em) => {
      const review = await em.findOne(CaseReview, { id });
      if (!review) throw notFound('CaseReview', id);
      if (review.openedByAgencyId !== ctx.caller.agencyId) throw forbidden(`Only ${review.openedByAgencyId}'s SPOC can close this review`);
      if (review.status === CaseReviewStatus.CLOSED) throw conflict(`Review ${id} is already closed`);
      review.status = CaseReviewStatus.CLOSED;
      review.closedAt = new Date();
      await em.flush();
      await callService(
        'reviews',
        ctx.peers('consent'),
        'mutation Revoke($r: ID!, $why: String!) { _revokeReviewGrants(reviewId: $r, reason: $why) }',
        { r: id, why: reason?.trim() ? `review closed: ${reason.trim().slice(0, 200)}` : 'review closed' },
        ctx.requestId,
      );
      return review;
    });
  }
}
