import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { CalendarDate } from '../../../platform/scalars';
import { NotPersonal, Personal } from '../../shared/declarations';
import { DataCategory } from '../../shared/enums';
import type { PanelMemberData } from '../rules/members';

export enum CaseReviewStatus {
  OPEN = 'OPEN',
  OUTCOME_SENT = 'OUTCOME_SENT',
  ACTION_PLAN = 'ACTION_PLAN',
  FINAL_REVIEW = 'FINAL_REVIEW',
  CLOSED = 'CLOSED',
}
registerEnumType(CaseReviewStatus, { name: 'CaseReviewStatus' });

/**
 * A member of the review panel: a person acting in their role for an agency (or for none, like an
 * independent chair). Officers and elected members sit on the panel in their public role: their
 * names are not the personal data of the case's data subject that the access model guards
 * (docs/design.md, "Identity and access"), and the panel's own members need to know who sits.
 */
@ObjectType('PanelMember', { description: 'A member of the review panel: a person acting in their role' })
export class PanelMember {
  @NotPersonal({ note: 'an officer or elected member named in their public role on the panel, not the case’s data subject' })
  @Field(() => String)
  name!: string;

  @NotPersonal()
  @Field(() => String, { description: 'Their role, e.g. Community Safety Manager, elected member, independent chair' })
  role!: string;

  /** The agency the member acts for (resolved as `agency`); null for none. */
  agencyId!: string | null;

  @NotPersonal()
  @Field(() => Boolean, { description: 'Not previously involved with the case (declared by the SPOC, else: their agency did not deal with it)' })
  independent!: boolean;

  @NotPersonal()
  @Field(() => Boolean, { description: 'The member chairs the panel' })
  chair!: boolean;
}

/** A multi-agency case review of one Community Trigger application. */
@Entity({ tableName: 'case_review' })
@ObjectType({ description: 'A multi-agency ASB case review' })
@Directive('@key(fields: "id")')
export class CaseReview {
  [OptionalProps]?: 'id' | 'status' | 'secondStage' | 'openedAt' | 'involvedAgencyIds' | 'independentAgencyIds' | 'members';

  @NotPersonal()
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @Property({ type: 'uuid' })
  applicationId!: string;

  @Index({ type: 'gin' })
  @Property({ type: 'text[]' })
  panelAgencyIds!: string[];

  /** Null when the chair is a person acting for no agency (members). */
  @Property({ type: 'string', nullable: true })
  chairAgencyId!: string | null;

  /** The panel as people (rules/members.ts); empty when the review recorded agencies only. */
  @Property({ type: 'json', default: '[]' })
  members: PanelMemberData[] = [];

  @NotPersonal()
  @Field(() => CaseReviewStatus)
  @Enum({ items: () => CaseReviewStatus, type: 'string' })
  status: CaseReviewStatus = CaseReviewStatus.OPEN;

  @NotPersonal()
  @Field(() => Boolean, { description: 'Second-stage review on appeal, by an independent panel' })
  @Property({ type: 'boolean', default: false })
  secondStage: boolean = false;

  @NotPersonal()
  @Field(() => Date, { nullable: true, description: 'When the panel meets' })
  @Property({ type: 'Date', nullable: true })
  meetingAt?: Date | null;

  @NotPersonal()
  @Field(() => Date)
  @Property({ type: 'Date' })
  openedAt: Date = new Date();

  @NotPersonal()
  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  closedAt?: Date | null;

  @Property({ type: 'string' })
  openedByAgencyId!: string;

  /** The person the application is about (victim, else applicant): the data subject of the review's records. */
  @Property({ type: 'uuid', nullable: true })
  subjectPersonId?: string | null;

  /** Agencies that received the person's incidents when the review was opened (from the incidents subgraph). */
  @Property({ type: 'text[]', default: '{}' })
  involvedAgencyIds: string[] = [];

  /** Panel agencies not previously involved with the case (docs/design.md: "where possible one"). */
  @Property({ type: 'text[]', default: '{}' })
  independentAgencyIds: string[] = [];

  @NotPersonal()
  @Field(() => String, { nullable: true, description: 'Why no agency outside those involved sits on the panel (recorded when none does)' })
  @Property({ type: 'text', nullable: true })
  independenceNote?: string | null;

  /** The first-stage review an appeal's second-stage review follows. */
  @Property({ type: 'uuid', nullable: true })
  firstStageReviewId?: string | null;

  @NotPersonal()
  @Field(() => Date, { nullable: true, description: 'When the victim was invited to the review' })
  @Property({ type: 'Date', nullable: true })
  victimInvitedAt?: Date | null;

  @NotPersonal()
  @Field(() => Date, { nullable: true, description: 'When the victim was consulted on the action plan before it was final (2025 guidance); the outcome is not sent without it or a recorded reason' })
  @Property({ type: 'Date', nullable: true })
  victimConsultedOnActionPlanAt?: Date | null;

  @Personal(DataCategory.INCIDENT_DETAIL, { subject: (r: CaseReview) => ({ personId: r.subjectPersonId ?? null, controllerAgencyIds: [r.openedByAgencyId] }) })
  @Field(() => String, { nullable: true, description: 'Why the outcome was sent without consulting the victim on the action plan (incident detail)' })
  @Property({ type: 'text', nullable: true })
  victimNotConsultedReason?: string | null;

  @NotPersonal()
  @Field(() => CalendarDate, { nullable: true, description: 'Outcome to the victim due: 5 working days after the meeting' })
  @Property({ type: 'string', columnType: 'date', nullable: true })
  outcomeDueOn?: string | null;

  @NotPersonal()
  @Field(() => Date, { nullable: true, description: 'When the outcome letter (CT4) went to the victim' })
  @Property({ type: 'Date', nullable: true })
  outcomeSentAt?: Date | null;

  @NotPersonal()
  @Field(() => CalendarDate, { nullable: true, description: 'The final review of the action plan is due six months after the outcome' })
  @Property({ type: 'string', columnType: 'date', nullable: true })
  finalReviewDueOn?: string | null;

  @NotPersonal()
  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  finalReviewAt?: Date | null;
}
