import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { conflict, forbidden, notFound } from '../../../platform/errors';
import { logger } from '../../../platform/logger';
import { applicationParties, involvedAgencies, issueReviewGrants, revokeReviewGrants, reviewStep } from '../clients/peers';
import { CaseReview, CaseReviewStatus } from '../entities/CaseReview';
import { planPanel } from '../rules/panel';
import { PanelMemberInput } from './inputs';
import { londonDate } from '../../shared/calendar';

/**
 * Forming and closing a review panel. The panel's rules (independence, a second stage's reuse of
 * the first's people or agencies) are rules/panel.ts `planPanel`; this file does the calls and the
 * writes. Opening a review asks the consent subgraph to issue the access grants the person's
 * consent covers: if the grants cannot be issued, the review is not opened. Closing ends the grants
 * the same way.
 *
 * The application's lifecycle follows (triggers subgraph, service-only `_reviewStep`): opening
 * begins the review (DECIDED/threshold met or APPEALED → IN_REVIEW) when the application is at that
 * point (a SPOC who already called `beginReview` is not refused); closing closes the application
 * (CT5) when it has had its outcome.
 *
 * No call to another subgraph is made inside this subgraph's own transaction (a connection held
 * open across another service's answer): the calls come first, and the review is written after
 * them in a short transaction that checks again what the calls relied on.
 */
export { MIN_PANEL_AGENCIES } from '../rules/panel';

@Resolver(() => CaseReview)
export class ReviewPanelResolver {
  @Mutation(() => CaseReview, {
    description:
      'Forms the panel (at least three agencies, a chair, where possible one member not previously involved with the case) and issues the access grants the consent covers. The panel may be given as people (members: name, role, agency; one chairs). On an appealed application it opens the second-stage review: none of its members may have sat on the first stage (an agency may take part again through other people; where the first stage recorded agencies only, no agency of it may sit again).',
  })
  async openCaseReview(
    @Arg('applicationId', () => ID) applicationId: string,
    @Arg('panelAgencyIds', () => [ID], { description: 'The panel agencies (those the members act for are added)' }) panelAgencyIds: string[],
    @Ctx() ctx: HubContext,
    @Arg('chairAgencyId', () => ID, { nullable: true, description: 'The chair’s agency; with members, the member marked chair says it' }) chairAgencyId?: string | null,
    @Arg('meetingAt', () => Date, { nullable: true, description: 'When the panel is to meet' }) meetingAt?: Date | null,
    @Arg('independenceNote', () => String, { nullable: true, description: 'Required when no panel agency or member is outside those involved with the case: why none could be' })
    independenceNote?: string | null,
    @Arg('members', () => [PanelMemberInput], { nullable: true, description: 'The panel as people (required for a second stage whose first stage recorded its people)' })
    memberInput?: PanelMemberInput[] | null,
  ): Promise<CaseReview> {
    const parties = await applicationParties(ctx, applicationId);
    if (parties.authorityAgencyId !== ctx.caller.agencyId) {
      throw forbidden(`Only ${parties.authorityAgencyId}'s SPOC can open a review of this application`);
    }
    const subjectPersonId = parties.victimPersonId ?? parties.applicantPersonId ?? null;
    // Agencies that received the person's incidents were involved; the convening authority is too.
    const involved = subjectPersonId ? await involvedAgencies(ctx, [subjectPersonId]) : [];
    const secondStage = parties.status === 'APPEALED';
    const earlier = await ctx.em.find(CaseReview, { applicationId }, { orderBy: { openedAt: 'asc' } });
    const plan = planPanel({
      panelAgencyIds, chairAgencyId, members: memberInput, independenceNote, secondStage, earlier,
      context: { involvedAgencyIds: involved, authorityAgencyId: parties.authorityAgencyId },
    });
    const underWay = async (em = ctx.em) => {
      if (await em.count(CaseReview, { applicationId, status: { $ne: CaseReviewStatus.CLOSED }, secondStage })) {
        throw conflict(`The application already has a ${secondStage ? 'second-stage ' : ''}review under way`, { field: 'applicationId' });
      }
    };
    await underWay();
    // The grants, then the application, then the review: if the consent or triggers call fails, any
    // grant issued is revoked, the application has not moved and no review is written, so nothing
    // is left half-written (npm run faults checks this). A retry finds the application where it
    // was, or IN_REVIEW if only triggers' answer was lost (BEGIN_REVIEW only if allowed).
    const reviewId = randomUUID();
    const personIds = [parties.applicantPersonId, parties.victimPersonId].filter((p): p is string => !!p);
    // The grants call may have been carried out with only its answer lost: end whatever it issued.
    const revoke = (why: string) =>
      revokeReviewGrants(ctx, reviewId, why).catch((revokeErr) => logger.error({ err: String(revokeErr), reviewId, requestId: ctx.requestId }, 'grants of a review not opened could not be revoked'));
    try {
      await issueReviewGrants(ctx, reviewId, personIds, plan.panelAgencyIds);
      await reviewStep(ctx, applicationId, 'BEGIN_REVIEW', { onlyIfAllowed: true, meetingOn: meetingAt ? londonDate(meetingAt) : null, panelAgencyIds: plan.panelAgencyIds });
      return await ctx.em.transactional(async (em) => {
        // Another review may have been opened while the calls were made: that one stands.
        await underWay(em);
        return em.create(CaseReview, {
          id: reviewId, applicationId, panelAgencyIds: plan.panelAgencyIds, chairAgencyId: plan.chairAgencyId, members: plan.members,
          openedByAgencyId: ctx.caller.agencyId, secondStage, meetingAt: meetingAt ?? null, subjectPersonId, involvedAgencyIds: involved,
          independentAgencyIds: plan.independentAgencyIds, independenceNote: plan.independenceNote, firstStageReviewId: plan.firstStageReviewId,
        });
      });
    } catch (err) {
      await revoke('review not opened');
      throw err;
    }
  }

  @Mutation(() => CaseReview, { description: 'Closes the review and ends its access grants; the application closes too (CT5) once it has had its outcome' })
  async closeCaseReview(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext, @Arg('reason', () => String, { nullable: true }) reason?: string): Promise<CaseReview> {
    const review = await ctx.em.findOne(CaseReview, { id });
    if (!review) throw notFound('CaseReview', { field: 'id' });
    if (review.openedByAgencyId !== ctx.caller.agencyId) throw forbidden(`Only ${review.openedByAgencyId}'s SPOC can close this review`);
    if (review.status === CaseReviewStatus.CLOSED) throw conflict('The review is already closed', { field: 'id' });
    // The grants end, then the application closes, then the review: if either call fails the review
    // stays open (as the application does when only its step failed), and a retry completes it.
    await revokeReviewGrants(ctx, id, reason?.trim() ? `review closed: ${reason.trim().slice(0, 200)}` : 'review closed');
    await reviewStep(ctx, review.applicationId, 'CLOSE', { onlyIfAllowed: true, reason: reason ?? null });
    return ctx.em.transactional(async (em) => {
      const current = await em.findOneOrFail(CaseReview, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      // Closed by another request while the calls were made.
      if (current.status === CaseReviewStatus.CLOSED) throw conflict('The review is already closed', { field: 'id' });
      current.status = CaseReviewStatus.CLOSED;
      current.closedAt = new Date();
      return current;
    });
  }
}
