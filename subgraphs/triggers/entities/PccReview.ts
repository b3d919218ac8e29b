import { randomUUID } from 'node:crypto';
import { Entity, Enum, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DataCategory } from '../../shared/enums';
import { DataSubject, NotPersonal, Personal } from '../../shared/declarations';

export enum PccReviewResult {
  /** The Commissioner agreed the threshold was not met. */
  DECISION_UPHELD = 'DECISION_UPHELD',
  /** The Commissioner asked the partnership to carry out a case review (or reconsider). */
  REVIEW_RECOMMENDED = 'REVIEW_RECOMMENDED',
}
registerEnumType(PccReviewResult, { name: 'PccReviewResult', description: 'What the Police and Crime Commissioner decided on a "threshold not met" decision' });

/**
 * The victim's request that the Police and Crime Commissioner review a "threshold not met" decision
 * (Crime and Policing Bill 2025), where the area offers it, and its result. One per application.
 */
@Entity({ tableName: 'pcc_review' })
@Unique({ properties: ['applicationId'] })
@ObjectType('PccReview', { description: 'A request to the Police and Crime Commissioner to review a "threshold not met" decision, and its result' })
@DataSubject((r: PccReview) => ({ personId: r.subjectPersonId, controllerAgencyIds: [r.authorityAgencyId] }))
export class PccReview {
  [OptionalProps]?: 'id' | 'requestedAt';

  @NotPersonal()
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  applicationId!: string;

  @Property({ type: 'string' })
  authorityAgencyId!: string;

  @Property({ type: 'uuid', nullable: true })
  subjectPersonId?: string | null;

  @NotPersonal()
  @Field(() => String, { description: 'Who reviews (as the area’s letters name them)' })
  @Property({ type: 'string' })
  reviewer!: string;

  @Personal(DataCategory.INCIDENT_DETAIL)
  @Field(() => String, { nullable: true, description: 'Why the victim disagrees (incident detail)' })
  @Property({ type: 'text' })
  reason!: string;

  @NotPersonal()
  @Field(() => Date)
  @Property({ type: 'Date' })
  requestedAt: Date = new Date();

  @NotPersonal()
  @Field(() => String, { description: 'Who recorded the request (user id)' })
  @Property({ type: 'string' })
  requestedBy!: string;

  @NotPersonal()
  @Field(() => PccReviewResult, { nullable: true, description: 'The result (null: awaited)' })
  @Enum({ items: () => PccReviewResult, type: 'string', nullable: true })
  result?: PccReviewResult | null;

  @Personal(DataCategory.INCIDENT_DETAIL)
  @Field(() => String, { nullable: true, description: 'What the Commissioner said (incident detail)' })
  @Property({ type: 'text', nullable: true })
  resultNote?: string | null;

  @NotPersonal()
  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  resultAt?: Date | null;

  @NotPersonal()
  @Field(() => String, { nullable: true, description: 'Who recorded the result (user id)' })
  @Property({ type: 'string', nullable: true })
  resultBy?: string | null;
}
