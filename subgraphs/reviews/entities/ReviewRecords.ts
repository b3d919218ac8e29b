import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { CalendarDate } from '../../shared/scalars';

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

@Entity({ tableName: 'review_meeting' })
@ObjectType({ description: 'A meeting of the review panel, with who attended' })
export class ReviewMeeting implements ReviewOwned {
  [OptionalProps]?: 'id' | 'recordedAt' | 'finalReview';

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

  @Field(() => Date, { description: 'When the meeting was held' })
  @Property({ type: 'Date' })
  heldAt!: Date;

  @Property({ type: 'text[]' })
  attendingAgencyIds!: string[];

  @Field(() => Boolean, { nullable: true, description: 'Whether the victim attended (null: not recorded)' })
  @Property({ type: 'boolean', nullable: true })
  victimAttended?: boolean | null;

  @Field(() => Boolean, { description: 'The six-month final review meeting' })
  @Property({ type: 'boolean', default: false })
  finalReview: boolean = false;

  @Property({ type: 'Date' })
  recordedAt: Date = new Date();
}

@Entity({ tableName: 'information_request' })
@ObjectType({ description: 'A request to an agency for information for the review' })
export class InformationRequest implements ReviewOwned {
  [OptionalProps]?: 'id' | 'requestedAt';

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

  @Field(() => String, { nullable: true, description: 'What is asked (incident detail)' })
  @Property({ type: 'text' })
  request!: string;

  @Field(() => CalendarDate)
  @Property({ type: 'string', columnType: 'date' })
  dueOn!: string;

  @Field(() => Date)
  @Property({ type: 'Date' })
  requestedAt: Date = new Date();

  @Field(() => String, { nullable: true, description: "The agency's answer (incident detail)" })
  @Property({ type: 'text', nullable: true })
  response?: string | null;

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
export class ReviewFinding implements ReviewOwned {
  [OptionalProps]?: 'id' | 'recordedAt' | 'automatic';

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

  @Field(() => FindingKind)
  @Enum({ items: () => FindingKind, type: 'string' })
  kind!: FindingKind;

  @Field(() => String, { nullable: true, description: 'The finding (incident detail)' })
  @Property({ type: 'text' })
  text!: string;

  /** The agency the finding is about, if any. */
  @Property({ type: 'string', nullable: true })
  agencyId?: string | null;

  @Field(() => Boolean, { description: 'Recorded by the hub: an information request unanswered by the meeting' })
  @Property({ type: 'boolean', default: false })
  automatic: boolean = false;

  /** The unanswered request an automatic finding records (one finding per request). */
  @Index()
  @Property({ type: 'uuid', nullable: true, unique: true })
  informationRequestId?: string | null;

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
export class ActionItem implements ReviewOwned {
  [OptionalProps]?: 'id' | 'status' | 'createdAt';

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

  @Field(() => String, { nullable: true, description: 'What is to be done (incident detail)' })
  @Property({ type: 'text' })
  description!: string;

  @Field(() => CalendarDate)
  @Property({ type: 'string', columnType: 'date' })
  dueOn!: string;

  @Field(() => ActionItemStatus)
  @Enum({ items: () => ActionItemStatus, type: 'string' })
  status: ActionItemStatus = ActionItemStatus.OPEN;

  @Field(() => String, { nullable: true, description: 'Evidence of completion (incident detail)' })
  @Property({ type: 'text', nullable: true })
  completionEvidence?: string | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  completedAt?: Date | null;

  @Field(() => Date)
  @Property({ type: 'Date' })
  createdAt: Date = new Date();
}
