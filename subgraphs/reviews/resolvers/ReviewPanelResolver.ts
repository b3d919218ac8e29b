import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { badInput, conflict, forbidden, notFound } from '../../../platform/errors';
import { logger } from '../../../platform/logger';
import { callService } from '../../../platform/service-client';
import { applicationParties, involvedAgencies, reviewStep } from '../clients/peers';
import { CaseReview, CaseReviewStatus } from '../entities/CaseReview';
import { checkPanel } from '../rules/panel';
import { agencyInvolved, chairAgencyOf, formMembers, panelAgencies, secondStageRefusal } from '../rules/members';
import { PanelMemberInput } from './inputs';
import { londonDate } from '../../shared/calendar';

/**
 * Forming and closing a review panel. Opening a review asks the consent subgraph to issue the
 * access grants the person's consent covers, inside the review's transaction: if the grants cannot
 * be issued, the review is not opened. Closing ends the grants the same way.
 *
 * The application's lifecycle follows (triggers subgraph, service-only `_reviewStep`): opening
 * begins the review (DECIDED/threshold met or APPEALED → IN_REVIEW) when the application is at that
 * point (a SPOC who already called `beginReview` is not refused); closing closes the application
 * (CT5) when it has had its outcome.
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
    const members = formMembers(memberInput ?? [], { involvedAgencyIds: involved, authorityAgencyId: parties.authorityAgencyId });
    const panel = panelAgencies(panelAgencyIds, members);
    const chair = chairAgencyOf(members, chairAgencyId);
    checkPanel(panel, chair);
    const secondStage = parties.status === 'APPEALED';
    const earlier = await ctx.em.find(CaseReview, { applicationId }, { orderBy: { openedAt: 'asc' } });
    if (secondStage) {
      const refusal = secondStageRefusal(earlier, panelAgencyIds, members);
      // Named by position in the input, not by value (errors never echo what was sent).
      if (refusal?.field === 'panelAgencyIds') {
        const at = refusal.positions.map((i) => `panelAgencyIds[${i}]`).join(', ') || 'a member’s agency';
        throw badInput(`A second-stage review needs an independent panel: ${at} sat on the first review, which recorded its panel as agencies only`, 'panelAgencyIds', { reused: refusal.reused });
      }
      if (refusal?.field === 'members') throw badInput('Name the second-stage panel’s members: the first stage recorded its people, and independence is of the people', 'members');
      if (refusal) {
        const at = refusal.positions.map((i) => `members[${i}]`);
        throw badInput(`A second-stage review needs an independent panel: ${at.join(', ')} sat on the first review`, `${at[0]}.name`, { reusedMembers: at });
      }
    }
    const independent = panel.filter((a) => !agencyInvolved(a, { involvedAgencyIds: involved, authorityAgencyId: parties.authorityAgencyId }));
    const note = independenceNote?.trim() || null;
    // A second stage named as people is independent by the rule above: none of them sat on the first.
    const anyIndependent = independent.length > 0 || members.some((m) => m.independent) || (secondStage && members.length > 0);
    if (!anyIndependent && !note) {
      throw badInput('No panel agency or member is outside those involved with the case: add one, or record why none could be', 'independenceNote', { involvedAgencyIds: involved });
    }
    return ctx.em.transactional(async (em) => {
      const open = await em.count(CaseReview, { applicationId, status: { $ne: CaseReviewStatus.CLOSED }, secondStage });
      if (open) throw conflict(`The application already has a ${secondStage ? 'second-stage ' : ''}review under way`, { field: 'applicationId' });
      const review = em.create(CaseReview, {
        applicationId, panelAgencyIds: panel, chairAgencyId: chair, members, openedByAgencyId: ctx.caller.agencyId, secondStage, meetingAt: meetingAt ?? null,
        subjectPersonId, involvedAgencyIds: involved, independentAgencyIds: independent, independenceNote: anyIndependent ? null : note,
        firstStageReviewId: secondStage ? (earlier.find((r) => !r.secondStage)?.id ?? null) : null,
      });
      // The review (its transaction still open), then the grants, then the application: if the
      // consent or triggers call fails, the review rolls back, any grant issued is revoked, and the
      // application has not moved, so nothing is left half-written (npm run faults checks this).
      // A retry finds the application where it was, or IN_REVIEW if only triggers' answer was lost.
      await em.flush();
      const personIds = [parties.applicantPersonId, parties.victimPersonId].filter((p): p is string => !!p);
      try {
        await callService(
          'reviews',
          ctx.peers('consent'),
          'mutation Grants($r: ID!, $p: [ID!]!, $a: [ID!]!, $by: String!) { _issueReviewGrants(reviewId: $r, personIds: $p, agencyIds: $a, issuedBy: $by) }',
          { r: review.id, p: personIds, a: panel, by: ctx.caller.sub },
          ctx.requestId,
        );
        await reviewStep(ctx, applicationId, 'BEGIN_REVIEW', { onlyIfAllowed: true, meetingOn: meetingAt ? londonDate(meetingAt) : null, panelAgencyIds: panel });
      } catch (err) {
        // The grants call may have been carried out with only its answer lost: end whatever it issued.
        await callService(
          'reviews',
          ctx.peers('consent'),
          'mutation Revoke($r: ID!, $why: String!) { _revokeReviewGrants(reviewId: $r, reason: $why) }',
          { r: review.id, why: 'review not opened' },
          ctx.requestId,
        ).catch((revokeErr) => logger.error({ err: String(revokeErr), reviewId: review.id, requestId: ctx.requestId }, 'grants of a review not opened could not be revoked'));
        throw err;
      }
      return review;
    });
  }

  @Mutation(() => CaseReview, { description: 'Closes the review and ends its access grants; the application closes too (CT5) once it has had its outcome' })
  async closeCaseReview(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext, @Arg('reason', () => String, { nullable: true }) reason?: string): Promise<CaseReview> {
    return ctx.em.transactional(async (em) => {
      const review = await em.findOne(CaseReview, { id });
      if (!review) throw notFound('CaseReview', { field: 'id' });
      if (review.openedByAgencyId !== ctx.caller.agencyId) throw forbidden(`Only ${review.openedByAgencyId}'s SPOC can close this review`);
      if (review.status === CaseReviewStatus.CLOSED) throw conflict('The review is already closed', { field: 'id' });
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
      await reviewStep(ctx, review.applicationId, 'CLOSE', { onlyIfAllowed: true, reason: reason ?? null });
      return review;
    });
  }
}
