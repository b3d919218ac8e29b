import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum CaseReviewStatus {
  OPEN = 'OPEN',
  OUTCOME_SENT = 'OUTCOME_SENT',
  ACTION_PLAN = 'ACTION_PLAN',
  FINAL_REVIEW = 'FINAL_REVIEW',
  CLOSED = 'CLOSED',
}
registerEnumType(CaseReviewStatus, { name: 'CaseReviewStatus' });

/** A multi-agency case review of one Community Trigger application. */
@Entity({ tableName: 'case_review' })
@ObjectType({ description: 'A multi-agency ASB case review' })
@Directive('@key(fields: "id")')
export class CaseReview {
  [OptionalProps]?: 'id' | 'status' | 'secondStage' | 'openedAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @Property({ type: 'uuid' })
  applicationId!: string;

  @Index({ type: 'gin' })
  @Property({ type: 'text[]' })
  panelAgencyIds!: string[];

  @Property({ type: 'string' })
  chairAgencyId!: string;

  @Field(() => CaseReviewStatus)
  @Enum({ items: () => CaseReviewStatus, type: 'string' })
  status: CaseReviewStatus = CaseReviewStatus.OPEN;

  @Field(() => Boolean, { description: 'Second-stage review on appeal, by an independent panel' })
  @Property({ type: 'boolean', default: false })
  secondStage: boolean = false;

  @Field(() => Date, { nullable: true, description: 'When the panel meets' })
  @Property({ type: 'Date', nullable: true })
  meetingAt?: Date | null;

  @Field(() => Date)
  @Property({ type: 'Date' })
  openedAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  closedAt?: Date | null;

  @Property({ type: 'string' })
  openedByAgencyId!: string;
}
