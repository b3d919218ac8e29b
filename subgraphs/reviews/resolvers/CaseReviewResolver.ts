import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { byIdLoader, groupedLoader } from '../../shared/loaders';
import { CaseReview, CaseReviewStatus, PanelMember } from '../entities/CaseReview';
import { independentChair } from '../rules/members';
import { AgencyRef, TriggerApplicationRef } from '../entities/external';
import { ActionItem, ActionItemStatus, InformationRequest, ReviewFinding, ReviewMeeting, VictimMeetingInvitation } from '../entities/ReviewRecords';
import { londonDate } from '../../shared/calendar';
import { NotPersonal } from '../../shared/declarations';

const today = () => londonDate(new Date());

@Resolver(() => CaseReview)
export class CaseReviewResolver {
  @Query(() => CaseReview, { nullable: true })
  caseReview(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<CaseReview | null> {
    return byIdLoader(ctx, CaseReview).load(id);
  }

  @Query(() => [CaseReview], { description: "Reviews of the caller's agency: those whose panel it sits on or that it convened, newest first" })
  caseReviews(
    @Arg('includeClosed', () => Boolean, { defaultValue: false, description: 'Also closed reviews' }) includeClosed: boolean,
    @Ctx() ctx: HubContext,
  ): Promise<CaseReview[]> {
    const agency = ctx.caller.agencyId;
    return ctx.em.find(
      CaseReview,
      { $or: [{ panelAgencyIds: { $contains: [agency] } }, { openedByAgencyId: agency }], ...(includeClosed ? {} : { status: { $ne: CaseReviewStatus.CLOSED } }) },
      { orderBy: { openedAt: 'desc', id: 'asc' } },
    );
  }

  @NotPersonal()
  @FieldResolver(() => TriggerApplicationRef, { nullable: true, description: 'The application under review' })
  application(@Root() review: CaseReview): TriggerApplicationRef {
    return { id: review.applicationId };
  }

  @NotPersonal()
  @FieldResolver(() => [AgencyRef], { description: 'The panel: at least three partner agencies' })
  panel(@Root() review: CaseReview): AgencyRef[] {
    return review.panelAgencyIds.map((id) => ({ id }));
  }

  @NotPersonal()
  @FieldResolver(() => AgencyRef, { nullable: true, description: 'The chair’s agency (null when the chair acts for no agency)' })
  chair(@Root() review: CaseReview): AgencyRef | null {
    return review.chairAgencyId ? { id: review.chairAgencyId } : null;
  }

  @NotPersonal()
  @FieldResolver(() => [PanelMember], { description: 'The panel as people (empty when the review recorded its panel as agencies only)' })
  members(@Root() review: CaseReview): PanelMember[] {
    return (review.members ?? []).map((m) => Object.assign(new PanelMember(), m));
  }

  @NotPersonal()
  @FieldResolver(() => PanelMember, { nullable: true, description: 'The chair, as a person (null when the panel was recorded as agencies only)' })
  chairMember(@Root() review: CaseReview): PanelMember | null {
    const chair = (review.members ?? []).find((m) => m.chair);
    return chair ? Object.assign(new PanelMember(), chair) : null;
  }

  @NotPersonal()
  @FieldResolver(() => Boolean, { nullable: true, description: 'Whether the chair is independent of the case (2025 guidance); null when the chair was not recorded as a person' })
  independentChair(@Root() review: CaseReview): boolean | null {
    return independentChair(review.members ?? []);
  }

  @NotPersonal()
  @FieldResolver(() => [AgencyRef], { description: 'Agencies that received the person’s incidents before the review (previously involved)' })
  involvedAgencies(@Root() review: CaseReview): AgencyRef[] {
    return review.involvedAgencyIds.map((id) => ({ id }));
  }

  @NotPersonal()
  @FieldResolver(() => [AgencyRef], { description: 'Panel agencies not previously involved with the case (empty: see independenceNote)' })
  independentAgencies(@Root() review: CaseReview): AgencyRef[] {
    return review.independentAgencyIds.map((id) => ({ id }));
  }

  @NotPersonal()
  @FieldResolver(() => Boolean, { description: 'Whether an agency or member not previously involved with the case sits on the panel' })
  independentMemberIncluded(@Root() review: CaseReview): boolean {
    return review.independentAgencyIds.length > 0 || (review.members ?? []).some((m) => m.independent);
  }

  @NotPersonal()
  @FieldResolver(() => CaseReview, { nullable: true, description: 'For a second-stage review: the first-stage review it follows' })
  firstStageReview(@Root() review: CaseReview, @Ctx() ctx: HubContext): Promise<CaseReview | null> | null {
    return review.firstStageReviewId ? byIdLoader(ctx, CaseReview).load(review.firstStageReviewId) : null;
  }

  @NotPersonal()
  @FieldResolver(() => Boolean, { description: 'The outcome is past its due date (5 working days after the meeting) and not sent' })
  outcomeOverdue(@Root() review: CaseReview): boolean {
    return !review.outcomeSentAt && !!review.outcomeDueOn && today() > review.outcomeDueOn;
  }

  @NotPersonal()
  @FieldResolver(() => Boolean, { description: 'The outcome went out after its due date' })
  outcomeSentLate(@Root() review: CaseReview): boolean {
    return !!review.outcomeSentAt && !!review.outcomeDueOn && londonDate(review.outcomeSentAt) > review.outcomeDueOn;
  }

  @NotPersonal()
  @FieldResolver(() => Boolean, { description: 'The final review is past its due date (six months after the outcome) and not held' })
  finalReviewOverdue(@Root() review: CaseReview): boolean {
    return !review.finalReviewAt && !!review.finalReviewDueOn && today() > review.finalReviewDueOn;
  }

  @NotPersonal()
  @FieldResolver(() => [VictimMeetingInvitation], { description: 'Every invitation of the victim to a meeting of the review, in person or virtual, oldest first' })
  victimInvitations(@Root() review: CaseReview, @Ctx() ctx: HubContext): Promise<VictimMeetingInvitation[]> {
    return groupedLoader(ctx, VictimMeetingInvitation, 'reviewId', { orderBy: { invitedAt: 'asc', id: 'asc' } }).load(review.id);
  }

  @NotPersonal()
  @FieldResolver(() => [ReviewMeeting])
  meetings(@Root() review: CaseReview, @Ctx() ctx: HubContext): Promise<ReviewMeeting[]> {
    return groupedLoader(ctx, ReviewMeeting, 'reviewId', { orderBy: { heldAt: 'asc' } }).load(review.id);
  }

  @NotPersonal()
  @FieldResolver(() => [InformationRequest])
  informationRequests(@Root() review: CaseReview, @Ctx() ctx: HubContext): Promise<InformationRequest[]> {
    return groupedLoader(ctx, InformationRequest, 'reviewId', { orderBy: { requestedAt: 'asc' } }).load(review.id);
  }

  @NotPersonal()
  @FieldResolver(() => [ReviewFinding], { description: 'Findings and recommendations, including those the hub recorded for unanswered requests' })
  findings(@Root() review: CaseReview, @Ctx() ctx: HubContext): Promise<ReviewFinding[]> {
    return groupedLoader(ctx, ReviewFinding, 'reviewId', { orderBy: { recordedAt: 'asc' } }).load(review.id);
  }

  @NotPersonal()
  @FieldResolver(() => [ActionItem], { description: 'The action plan' })
  actionItems(@Root() review: CaseReview, @Ctx() ctx: HubContext): Promise<ActionItem[]> {
    return groupedLoader(ctx, ActionItem, 'reviewId', { orderBy: { dueOn: 'asc' } }).load(review.id);
  }
}

@Resolver(() => PanelMember)
export class PanelMemberResolver {
  @NotPersonal()
  @FieldResolver(() => AgencyRef, { nullable: true, description: 'The agency the member acts for' })
  agency(@Root() m: PanelMember): AgencyRef | null {
    return m.agencyId ? { id: m.agencyId } : null;
  }
}

@Resolver(() => ReviewMeeting)
export class ReviewMeetingResolver {
  @NotPersonal()
  @FieldResolver(() => [AgencyRef], { description: 'The agencies that attended' })
  attendingAgencies(@Root() m: ReviewMeeting): AgencyRef[] {
    return m.attendingAgencyIds.map((id) => ({ id }));
  }
}

@Resolver(() => InformationRequest)
export class InformationRequestResolver {
  @NotPersonal()
  @FieldResolver(() => AgencyRef, { description: 'The agency asked' })
  agency(@Root() q: InformationRequest): AgencyRef {
    return { id: q.agencyId };
  }

  @NotPersonal()
  @FieldResolver(() => Boolean, { description: 'Unanswered past its due date' })
  overdue(@Root() q: InformationRequest): boolean {
    return !q.respondedAt && today() > q.dueOn;
  }
}

@Resolver(() => ReviewFinding)
export class ReviewFindingResolver {
  @NotPersonal()
  @FieldResolver(() => AgencyRef, { nullable: true, description: 'The agency the finding concerns' })
  agency(@Root() f: ReviewFinding): AgencyRef | null {
    return f.agencyId ? { id: f.agencyId } : null;
  }

  @NotPersonal()
  @FieldResolver(() => ID, { nullable: true, description: 'The unanswered request an automatic finding records' })
  informationRequestId(@Root() f: ReviewFinding): string | null {
    return f.informationRequestId ?? null;
  }
}

@Resolver(() => ActionItem)
export class ActionItemResolver {
  @NotPersonal()
  @FieldResolver(() => AgencyRef, { description: 'The agency that owns the action' })
  ownerAgency(@Root() a: ActionItem): AgencyRef {
    return { id: a.ownerAgencyId };
  }

  @NotPersonal()
  @FieldResolver(() => Boolean, { description: 'Not done past its due date' })
  overdue(@Root() a: ActionItem): boolean {
    return (a.status === ActionItemStatus.OPEN || a.status === ActionItemStatus.IN_PROGRESS) && today() > a.dueOn;
  }
}
