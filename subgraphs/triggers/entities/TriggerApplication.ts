import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ApplicantType, ApplicationChannel, TriggerDecision } from '../../shared/enums';
import { CalendarDate } from '../../shared/scalars';
import { ApplicationStatus } from './status';

export { ApplicationStatus };

/** Why the SPOC used discretion to proceed when the count fell short (DESIGN.md, "threshold"). */
export enum DiscretionGround {
  PERSISTENCE = 'PERSISTENCE',
  HARM = 'HARM',
  ADEQUACY_OF_RESPONSE = 'ADEQUACY_OF_RESPONSE',
}
registerEnumType(DiscretionGround, { name: 'DiscretionGround', description: 'Grounds for discretion when the threshold count falls short' });

export enum NotPursuedReason {
  NO_CONSENT = 'NO_CONSENT',
  CONSENT_WITHDRAWN = 'CONSENT_WITHDRAWN',
  WITHDRAWN_BY_APPLICANT = 'WITHDRAWN_BY_APPLICANT',
  OTHER = 'OTHER',
}
registerEnumType(NotPursuedReason, { name: 'NotPursuedReason' });

/** A Community Trigger (ASB Case Review) application, handled by one authority's SPOC. */
@Entity({ tableName: 'trigger_application' })
@Unique({ properties: ['authorityAgencyId', 'reference'] })
// One open application per person and authority: a repeat is flagged on it, even under concurrency.
@Unique({
  name: 'trigger_application_one_open_per_subject',
  expression:
    'create unique index "trigger_application_one_open_per_subject" on "triggers"."trigger_application" ("authority_agency_id", coalesce("victim_person_id", "applicant_person_id")) where "status" not in (\'CLOSED\', \'NOT_PURSUED\')',
})
@ObjectType({ description: 'A Community Trigger (ASB Case Review) application' })
@Directive('@key(fields: "id")')
export class TriggerApplication {
  [OptionalProps]?: 'id' | 'createdAt' | 'status' | 'receivedAt' | 'consentToShare' | 'discretionGrounds' | 'agreedActions' | 'repeatCount' | 'secondStage' | 'recordKey';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field(() => String, { description: "The authority's human reference, e.g. SDC-CT-2026-0001" })
  @Property({ type: 'string' })
  reference!: string;

  @Index()
  @Property({ type: 'string' })
  authorityAgencyId!: string;

  /** The person who applied (null when a partner agency applied). */
  @Index()
  @Property({ type: 'uuid', nullable: true })
  applicantPersonId?: string | null;

  /** The partner agency that applied, when the applicant type is AGENCY. */
  @Property({ type: 'string', nullable: true })
  applicantAgencyId?: string | null;

  /** The victim when the applicant applies on their behalf. */
  @Index()
  @Property({ type: 'uuid', nullable: true })
  victimPersonId?: string | null;

  @Field(() => ApplicationChannel)
  @Enum({ items: () => ApplicationChannel, type: 'string' })
  channel!: ApplicationChannel;

  @Field(() => ApplicantType)
  @Enum({ items: () => ApplicantType, type: 'string' })
  applicantType!: ApplicantType;

  /** INCIDENT_DETAIL: what the applicant says is happening. */
  @Field(() => String, { nullable: true, description: 'What the applicant describes (incident detail)' })
  @Property({ type: 'text', nullable: true })
  summary?: string | null;

  @Field(() => Boolean, { description: 'The victim consented to their details being shared with the partner agencies' })
  @Property({ type: 'boolean', default: false })
  consentToShare: boolean = false;

  @Field(() => ID, { nullable: true, description: 'The consent record (consent subgraph) the SPOC quoted, if any' })
  @Property({ type: 'uuid', nullable: true })
  consentId?: string | null;

  @Field(() => ApplicationStatus)
  @Enum({ items: () => ApplicationStatus, type: 'string' })
  status: ApplicationStatus = ApplicationStatus.RECEIVED;

  @Field(() => NotPursuedReason, { nullable: true })
  @Enum({ items: () => NotPursuedReason, type: 'string', nullable: true })
  notPursuedReason?: NotPursuedReason | null;

  @Field(() => Date)
  @Property({ type: 'Date' })
  receivedAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  acknowledgedAt?: Date | null;

  @Field(() => CalendarDate, { nullable: true, description: 'The case review meeting' })
  @Property({ type: 'string', columnType: 'date', nullable: true })
  meetingOn?: string | null;

  @Field(() => TriggerDecision, { nullable: true })
  @Enum({ items: () => TriggerDecision, type: 'string', nullable: true })
  decision?: TriggerDecision | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  decidedAt?: Date | null;

  @Field(() => String, { nullable: true, description: "The SPOC's reasons for the decision" })
  @Property({ type: 'text', nullable: true })
  decisionReason?: string | null;

  @Field(() => [DiscretionGround], { description: 'Grounds for discretion, when the SPOC proceeded although the count fell short' })
  @Property({ type: 'text[]', default: '{}' })
  discretionGrounds: DiscretionGround[] = [];

  @Field(() => Boolean, { description: 'Second-stage review, on appeal' })
  @Property({ type: 'boolean', default: false })
  secondStage: boolean = false;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  reviewStartedAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  outcomeSentAt?: Date | null;

  @Field(() => [String], { description: 'Actions the review agreed (its recommendations)' })
  @Property({ type: 'text[]', default: '{}' })
  agreedActions: string[] = [];

  @Field(() => String, { nullable: true, description: 'The lead officer for the action plan (a role, not a private person)' })
  @Property({ type: 'string', nullable: true })
  leadOfficer?: string | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  actionPlanAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  finalReviewAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  closedAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  appealedAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  appealReason?: string | null;

  @Field(() => Int, { description: 'Times the same person applied again while this application was open (flagged, not duplicated)' })
  @Property({ type: 'integer', default: 0 })
  repeatCount: number = 0;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  lastRepeatAt?: Date | null;

  /** The agency whose user recorded the application. */
  @Property({ type: 'string' })
  recordedByAgencyId!: string;

  @Property({ type: 'Date', onCreate: () => new Date() })
  createdAt: Date = new Date();

  /**
   * Disclosure control's record key (shared/disclosure.ts): fixed and random, set by the database
   * when the application is recorded, never changed, never shown (not a GraphQL field).
   */
  @Property({ type: 'smallint', defaultRaw: 'get_byte(uuid_send(gen_random_uuid()), 15)::smallint', lazy: true, hidden: true })
  recordKey?: number;

  /** The person the application is about: the victim, else the applicant. */
  get subjectPersonId(): string | null {
    return this.victimPersonId ?? this.applicantPersonId ?? null;
  }
}
