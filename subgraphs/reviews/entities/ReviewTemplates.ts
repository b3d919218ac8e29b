import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CalendarDate } from '../../../platform/scalars';
import { DataCategory } from '../../shared/enums';
import { DataSubject, NotPersonal, Personal } from '../../shared/declarations';
import { ProportionalityConclusion, type AgendaItemData } from '../rules/templates';

/**
 * Derbyshire's templates kept as records of a review (rules/templates.ts): the meeting agenda, the
 * action plan, the perpetrator proportionality assessment. Like the other review records, each row
 * carries the review's data subject and authority so its personal text is guarded on its own.
 */
registerEnumType(ProportionalityConclusion, { name: 'ProportionalityConclusion', description: 'Whether the action against the perpetrator is proportionate' });

@ObjectType('CaseReviewAgendaItem', { description: 'An item of the meeting agenda' })
@DataSubject((i: CaseReviewAgendaItem) => ({ personId: i.subjectPersonId, controllerAgencyIds: [i.authorityAgencyId] }))
export class CaseReviewAgendaItem {
  subjectPersonId!: string | null;
  authorityAgencyId!: string;
  /** The agency leading the item (resolved as `leadAgency`). */
  leadAgencyId!: string | null;

  @NotPersonal({ note: 'a heading of the agenda (the template’s, or the SPOC’s)' })
  @Field(() => String)
  heading!: string;

  @Personal(DataCategory.INCIDENT_DETAIL, { emptyIsNull: true })
  @Field(() => String, { nullable: true, description: 'Notes for or from the item (incident detail)' })
  notes!: string | null;
}

@Entity({ tableName: 'review_agenda' })
@ObjectType('CaseReviewAgenda', { description: 'The agenda of a review meeting (Derbyshire template)' })
export class CaseReviewAgenda {
  [OptionalProps]?: 'id' | 'recordedAt';

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
  @Field(() => Date, { description: 'When the meeting is (or was) held' })
  @Property({ type: 'Date' })
  meetingAt!: Date;

  @NotPersonal({ note: 'a meeting room or online meeting, not the person’s address' })
  @Field(() => String, { nullable: true, description: 'Where the meeting is held' })
  @Property({ type: 'text', nullable: true })
  venue?: string | null;

  @NotPersonal()
  @Field(() => Boolean, { description: 'The agenda of the six-month final review' })
  @Property({ type: 'boolean', default: false })
  finalReview: boolean = false;

  @Property({ type: 'json' })
  items!: AgendaItemData[];

  @NotPersonal()
  @Field(() => Date)
  @Property({ type: 'Date' })
  recordedAt: Date = new Date();

  @Property({ type: 'string' })
  recordedBy!: string;
}

@Entity({ tableName: 'review_action_plan' })
@ObjectType('CaseReviewActionPlan', {
  description: 'The action plan of a review (Derbyshire template): what it addresses, its lead officer, its review date, and its actions',
})
@DataSubject((p: CaseReviewActionPlan) => ({ personId: p.subjectPersonId, controllerAgencyIds: [p.authorityAgencyId] }))
export class CaseReviewActionPlan {
  [OptionalProps]?: 'id' | 'recordedAt' | 'updatedAt' | 'version';

  @NotPersonal()
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @Property({ type: 'uuid', unique: true })
  reviewId!: string;

  @Property({ type: 'uuid', nullable: true })
  subjectPersonId?: string | null;

  @Property({ type: 'string' })
  authorityAgencyId!: string;

  @Personal(DataCategory.INCIDENT_DETAIL)
  @Field(() => String, { nullable: true, description: 'The issues the plan addresses (incident detail)' })
  @Property({ type: 'text' })
  issues!: string;

  @Personal(DataCategory.INCIDENT_DETAIL, { emptyIsNull: true })
  @Field(() => String, { nullable: true, description: 'The outcome the victim wants (incident detail)' })
  @Property({ type: 'text', nullable: true })
  desiredOutcome?: string | null;

  @Personal(DataCategory.INCIDENT_DETAIL, { emptyIsNull: true, note: 'part of the agreed action plan (CT4), as on the application' })
  @Field(() => String, { nullable: true, description: 'The lead officer (a role, not a private person; incident detail)' })
  @Property({ type: 'string', nullable: true })
  leadOfficer?: string | null;

  @NotPersonal()
  @Field(() => CalendarDate, { nullable: true, description: 'When the plan is reviewed' })
  @Property({ type: 'string', columnType: 'date', nullable: true })
  reviewOn?: string | null;

  @NotPersonal()
  @Field(() => Int, { description: 'Recorded again: each change is a new version of the plan' })
  @Property({ type: 'integer', default: 1 })
  version: number = 1;

  @NotPersonal()
  @Field(() => Date)
  @Property({ type: 'Date' })
  recordedAt: Date = new Date();

  @NotPersonal()
  @Field(() => Date)
  @Property({ type: 'Date' })
  updatedAt: Date = new Date();
}

/**
 * A proportionality assessment of action against the perpetrator. Its data subject is the
 * perpetrator, not the victim whose consent the review's grants rest on: it is kept to the agencies
 * that made it (the convening authority and the assessing agency), whoever else sits on the panel.
 */
@Entity({ tableName: 'perpetrator_proportionality_assessment' })
@ObjectType('PerpetratorProportionalityAssessment', {
  description: 'Whether an action against the perpetrator is necessary and proportionate (Derbyshire template)',
})
@DataSubject((a: PerpetratorProportionalityAssessment) => ({
  personId: a.perpetratorPersonId ?? null,
  controllerAgencyIds: [a.authorityAgencyId, a.assessedByAgencyId],
}))
export class PerpetratorProportionalityAssessment {
  [OptionalProps]?: 'id' | 'assessedAt';

  @NotPersonal()
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @Property({ type: 'uuid' })
  reviewId!: string;

  @Property({ type: 'string' })
  authorityAgencyId!: string;

  /** The perpetrator, when registered as a Person (their data subject); null otherwise. */
  @Property({ type: 'uuid', nullable: true })
  perpetratorPersonId?: string | null;

  /** The action item assessed, if any. */
  @Property({ type: 'uuid', nullable: true })
  actionItemId?: string | null;

  @Personal(DataCategory.INCIDENT_DETAIL)
  @Field(() => String, { nullable: true, description: 'The action against the perpetrator assessed (incident detail)' })
  @Property({ type: 'text' })
  proposedAction!: string;

  @Personal(DataCategory.SPECIAL_CATEGORY, { emptyIsNull: true, note: 'age, health, disability, household of the perpetrator' })
  @Field(() => String, { nullable: true, description: 'The perpetrator’s circumstances weighed: age, health, disability, household (special category)' })
  @Property({ type: 'text', nullable: true })
  circumstances?: string | null;

  @Personal(DataCategory.INCIDENT_DETAIL)
  @Field(() => Boolean, { nullable: true, description: 'The action is necessary (incident detail)' })
  @Property({ type: 'boolean' })
  necessary!: boolean;

  @Personal(DataCategory.INCIDENT_DETAIL, { emptyIsNull: true })
  @Field(() => String, { nullable: true, description: 'The less intrusive options weighed (incident detail)' })
  @Property({ type: 'text', nullable: true })
  lessIntrusiveOptions?: string | null;

  @Personal(DataCategory.INCIDENT_DETAIL, { emptyIsNull: true })
  @Field(() => String, { nullable: true, description: 'Its impact on others, e.g. the household (incident detail)' })
  @Property({ type: 'text', nullable: true })
  impactOnOthers?: string | null;

  @Personal(DataCategory.SPECIAL_CATEGORY, { emptyIsNull: true, note: 'protected characteristics (Equality Act 2010)' })
  @Field(() => String, { nullable: true, description: 'Equality duties considered (special category)' })
  @Property({ type: 'text', nullable: true })
  equalityConsiderations?: string | null;

  @Personal(DataCategory.INCIDENT_DETAIL)
  @Field(() => ProportionalityConclusion, { nullable: true, description: 'The conclusion (incident detail)' })
  @Enum({ items: () => ProportionalityConclusion, type: 'string' })
  conclusion!: ProportionalityConclusion;

  @Personal(DataCategory.INCIDENT_DETAIL, { emptyIsNull: true })
  @Field(() => String, { nullable: true, description: 'The changes that make it proportionate (incident detail)' })
  @Property({ type: 'text', nullable: true })
  changes?: string | null;

  @Personal(DataCategory.INCIDENT_DETAIL)
  @Field(() => String, { nullable: true, description: 'The reasons (incident detail)' })
  @Property({ type: 'text' })
  reasons!: string;

  @Property({ type: 'string' })
  assessedByAgencyId!: string;

  @Property({ type: 'string' })
  assessedBy!: string;

  @NotPersonal()
  @Field(() => Date)
  @Property({ type: 'Date' })
  assessedAt: Date = new Date();
}
