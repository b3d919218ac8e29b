import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { CalendarDate } from '../../../platform/scalars';
import { DataCategory } from '../../shared/enums';
import { DataSubject, NotPersonal, Personal } from '../../shared/declarations';

/**
 * What a review records: meetings (with attendance), information requests to agencies and their
 * answers, findings and recommendations, and the action plan. Each row carries the review's data
 * subject and authority so that its personal text can be guarded without loading the review.
 */
interface ReviewOwned {
  reviewId: string;
  subjectPersonId?: string | null;
  authorityAgencyId: string;
}

export enum MeetingMode {
  IN_PERSON = 'IN_PERSON',
  VIRTUAL = 'VIRTUAL',
}
registerEnumType(MeetingMode, { name: 'MeetingMode', description: 'How the victim is invited to take part in a meeting: in person or virtually' });

/** The victim's invitation to one meeting of the review (2025 guidance: the victim's part), in person or virtual. */
@Entity({ tableName: 'victim_meeting_invitation' })
@ObjectType({ description: 'The victim invited to a meeting of the review' })
export class VictimMeetingInvitation implements ReviewOwned {
  [OptionalProps]?: 'id' | 'invitedAt' | 'finalReview';

  @NotPersonal()
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @Property({ type: 'uuid' })
  reviewId!: string;

  @Property({ type: 'uuid', nullable: true })
  subjectPersonId?: string | null;

  @Property({ type: 'string' })
  authorityAgencyId!: string;

  @NotPersonal()
  @Field(() => Date, { nullable: true, description: 'The meeting invited to (null: the review generally, no time set yet)' })
  @Property({ type: 'Date', nullable: true })
  meetingAt?: Date | null;

  @NotPersonal()
  @Field(() => MeetingMode)
  @Enum({ items: () => MeetingMode, type: 'string' })
  mode!: MeetingMode;

  @NotPersonal()
  @Field(() => Boolean, { description: 'The six-month final review meeting' })
  @Property({ type: 'boolean', default: false })
  finalReview: boolean = false;

  @NotPersonal()
  @Field(() => Date)
  @Property({ type: 'Date' })
  invitedAt: Date = new Date();

  @Property({ type: 'string' })
  invitedBy!: string;
}

@Entity({ tableName: 'review_meeting' })
@ObjectType({ description: 'A meeting of the review panel, with who attended' })
export class ReviewMeeting implements ReviewOwned {
  [OptionalProps]?: 'id' | 'recordedAt' | 'finalReview';

  @NotPersonal()
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @Property({ type: 'uuid' })
  reviewId!: string;

  @Property({ type: 'uuid', nullable: true })
  subjectPersonId?: string | null;

  @Property({ type: 'string' })
  authorityAgencyId!: string;

  @NotPersonal()
  @Field(() => Date, { description: 'When the meeting was held' })
  @Property({ type: 'Date' })
  heldAt!: Date;

  @Property({ type: 'text[]' })
  attendingAgencyIds!: string[];

  @NotPersonal()
  @Field(() => Boolean, { nullable: true, description: 'Whether the victim attended (null: not recorded)' })
  @Property({ type: 'boolean', nullable: true })
  victimAttended?: boolean | null;

  @NotPersonal()
  @Field(() => Boolean, { description: 'The six-month final review meeting' })
  @Property({ type: 'boolean', default: false })
  finalReview: boolean = false;

  @Property({ type: 'Date' })
  recordedAt: Date = new Date();
}

@Entity({ tableName: 'information_request' })
@ObjectType({ description: 'A request to an agency for information for the review' })
@DataSubject((q: InformationRequest) => ({ personId: q.subjectPersonId, controllerAgencyIds: [q.authorityAgencyId, q.agencyId] }))
export class InformationRequest implements ReviewOwned {
  [OptionalProps]?: 'id' | 'requestedAt' | 'includesVexatiousReports' | 'includesWorkInProgress';

  @NotPersonal()
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @Property({ type: 'uuid' })
  reviewId!: string;

  @Property({ type: 'uuid', nullable: true })
  subjectPersonId?: string | null;

  @Property({ type: 'string' })
  authorityAgencyId!: string;

  @Property({ type: 'string' })
  agencyId!: string;

  @Personal(DataCategory.INCIDENT_DETAIL)
  @Field(() => String, { nullable: true, description: 'What is asked (incident detail)' })
  @Property({ type: 'text' })
  request!: string;

  @NotPersonal()
  @Field(() => CalendarDate)
  @Property({ type: 'string', columnType: 'date' })
  dueOn!: string;

  @NotPersonal()
  @Field(() => Date)
  @Property({ type: 'Date' })
  requestedAt: Date = new Date();

  @Personal(DataCategory.INCIDENT_DETAIL, { emptyIsNull: true })
  @Field(() => String, { nullable: true, description: "The agency's answer (incident detail)" })
  @Property({ type: 'text', nullable: true })
  response?: string | null;

  /**
   * Kent: an agency's answer may include reports it judged vexatious, or work still in progress;
   * the panel weighs the answer knowing it. Judgements about the person's reports: incident detail.
   */
  @Personal(DataCategory.INCIDENT_DETAIL, { note: 'a judgement about the person’s reports (Kent)' })
  @Field(() => Boolean, { nullable: true, description: 'The response includes reports the agency judged vexatious (incident detail)' })
  @Property({ type: 'boolean', default: false })
  includesVexatiousReports: boolean = false;

  @Personal(DataCategory.INCIDENT_DETAIL, { note: 'the state of the agency’s work on the person’s case (Kent)' })
  @Field(() => Boolean, { nullable: true, description: 'The response includes work still in progress (incident detail)' })
  @Property({ type: 'boolean', default: false })
  includesWorkInProgress: boolean = false;

  @NotPersonal()
  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  respondedAt?: Date | null;

  @Property({ type: 'string', nullable: true })
  respondedBy?: string | null;
}

export enum FindingKind {
  FINDING = 'FINDING',
  RECOMMENDATION = 'RECOMMENDATION',
}
registerEnumType(FindingKind, { name: 'FindingKind' });

@Entity({ tableName: 'review_finding' })
@ObjectType({ description: 'A finding or recommendation of the review' })
@DataSubject((f: ReviewFinding) => ({ personId: f.subjectPersonId, controllerAgencyIds: [f.authorityAgencyId] }))
export class ReviewFinding implements ReviewOwned {
  [OptionalProps]?: 'id' | 'recordedAt' | 'automatic';

  @NotPersonal()
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @Property({ type: 'uuid' })
  reviewId!: string;

  @Property({ type: 'uuid', nullable: true })
  subjectPersonId?: string | null;

  @Property({ type: 'string' })
  authorityAgencyId!: string;

  @NotPersonal()
  @Field(() => FindingKind)
  @Enum({ items: () => FindingKind, type: 'string' })
  kind!: FindingKind;

  @Personal(DataCategory.INCIDENT_DETAIL, { notPersonalWhen: (f: ReviewFinding) => f.automatic === true, note: 'the hub’s own finding for an unanswered request names an agency and dates only' })
  @Field(() => String, { nullable: true, description: 'The finding (incident detail)' })
  @Property({ type: 'text' })
  text!: string;

  /** The agency the finding is about, if any. */
  @Property({ type: 'string', nullable: true })
  agencyId?: string | null;

  @NotPersonal()
  @Field(() => Boolean, { description: 'Recorded by the hub: an information request unanswered by the meeting' })
  @Property({ type: 'boolean', default: false })
  automatic: boolean = false;

  /** The unanswered request an automatic finding records (one finding per request). */
  @Index()
  @Property({ type: 'uuid', nullable: true, unique: true })
  informationRequestId?: string | null;

  @NotPersonal()
  @Field(() => Date)
  @Property({ type: 'Date' })
  recordedAt: Date = new Date();
}

export enum ActionItemStatus {
  OPEN = 'OPEN',
  IN_PROGRESS = 'IN_PROGRESS',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}
registerEnumType(ActionItemStatus, { name: 'ActionItemStatus' });

@Entity({ tableName: 'action_item' })
@ObjectType({ description: 'An item of the action plan, owned by one agency' })
@DataSubject((a: ActionItem) => ({ personId: a.subjectPersonId, controllerAgencyIds: [a.authorityAgencyId, a.ownerAgencyId] }))
export class ActionItem implements ReviewOwned {
  [OptionalProps]?: 'id' | 'status' | 'createdAt';

  @NotPersonal()
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @Property({ type: 'uuid' })
  reviewId!: string;

  @Property({ type: 'uuid', nullable: true })
  subjectPersonId?: string | null;

  @Property({ type: 'string' })
  authorityAgencyId!: string;

  @Property({ type: 'string' })
  ownerAgencyId!: string;

  @Personal(DataCategory.INCIDENT_DETAIL)
  @Field(() => String, { nullable: true, description: 'What is to be done (incident detail)' })
  @Property({ type: 'text' })
  description!: string;

  @NotPersonal()
  @Field(() => CalendarDate)
  @Property({ type: 'string', columnType: 'date' })
  dueOn!: string;

  @NotPersonal()
  @Field(() => ActionItemStatus)
  @Enum({ items: () => ActionItemStatus, type: 'string' })
  status: ActionItemStatus = ActionItemStatus.OPEN;

  @Personal(DataCategory.INCIDENT_DETAIL, { emptyIsNull: true })
  @Field(() => String, { nullable: true, description: 'Evidence of completion (incident detail)' })
  @Property({ type: 'text', nullable: true })
  completionEvidence?: string | null;

  @NotPersonal()
  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  completedAt?: Date | null;

  @NotPersonal()
  @Field(() => Date)
  @Property({ type: 'Date' })
  createdAt: Date = new Date();
}
