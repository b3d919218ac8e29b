import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ApplicantType, ApplicationChannel, TriggerDecision } from '../../shared/enums';
import { CalendarDate } from '../../../platform/scalars';
import { ApplicationStatus } from './status';
import { DataCategory } from '../../shared/enums';
import { DataSubject, NotPersonal, Personal } from '../../shared/declarations';
import { ContactPreference } from '../rules/outbox';
import { VictimInvolvement, type VictimContactDetails, type VictimEvent } from '../rules/victim';

registerEnumType(VictimInvolvement, {
  name: 'VictimInvolvement',
  description: 'How the victim wants to take part in the case review',
  valuesConfig: {
    ATTEND_IN_PERSON: { description: 'Attend the case review meeting in person' },
    ATTEND_VIRTUALLY: { description: 'Attend the meeting by video or phone' },
    WRITTEN_SUBMISSION: { description: 'Send a written account to the panel instead of attending' },
    KEPT_INFORMED: { description: 'Not take part, but be kept informed' },
  },
});
registerEnumType(ContactPreference, { name: 'ContactPreference', description: 'How the applicant asked to be sent letters' });

/** The victim's single point of contact: an officer's work details (not the victim's data). */
@ObjectType('VictimContact', { description: "The officer who is the victim's single point of contact for the case review (work contact details)" })
export class VictimContact implements VictimContactDetails {
  @NotPersonal({ note: "an officer's name at work, not the victim's" })
  @Field(() => String)
  name!: string;

  @NotPersonal()
  @Field(() => String, { description: "The officer's role, e.g. Neighbourhood Officer" })
  role!: string;

  @NotPersonal()
  @Field(() => ID, { description: "The id of the officer's agency" })
  agencyId!: string;

  @NotPersonal({ note: "the officer's work telephone" })
  @Field(() => String, { nullable: true })
  phone?: string | null;

  @NotPersonal({ note: "the officer's work e-mail" })
  @Field(() => String, { nullable: true })
  email?: string | null;
}

export { ApplicationStatus };

/** Why the SPOC used discretion to proceed when the count fell short (docs/design.md, "threshold"). */
export enum DiscretionGround {
  PERSISTENCE = 'PERSISTENCE',
  HARM = 'HARM',
  ADEQUACY_OF_RESPONSE = 'ADEQUACY_OF_RESPONSE',
}
registerEnumType(DiscretionGround, { name: 'DiscretionGround', description: 'Grounds for discretion when the threshold count falls short' });

export enum NotPursuedReason {
  NO_CONSENT = 'NO_CONSENT',
  NO_CONSENT_RECORD = 'NO_CONSENT_RECORD',
  CONSENT_WITHDRAWN = 'CONSENT_WITHDRAWN',
  WITHDRAWN_BY_APPLICANT = 'WITHDRAWN_BY_APPLICANT',
  OTHER = 'OTHER',
}
registerEnumType(NotPursuedReason, {
  name: 'NotPursuedReason',
  valuesConfig: {
    NO_CONSENT: { description: 'The victim did not consent to share their details with the partner agencies' },
    NO_CONSENT_RECORD: { description: 'No consent in force for CASE_REVIEW naming the authority was on record for the victim when the application was made' },
    CONSENT_WITHDRAWN: { description: 'The victim withdrew their consent' },
  },
});

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
@DataSubject((a: TriggerApplication) => ({ personId: a.victimPersonId ?? a.applicantPersonId, controllerAgencyIds: [a.authorityAgencyId] }))
@Directive('@key(fields: "id")')
export class TriggerApplication {
  [OptionalProps]?: 'id' | 'createdAt' | 'status' | 'receivedAt' | 'consentToShare' | 'discretionGrounds' | 'agreedActions' | 'recommendationsMade' | 'repeatCount' | 'secondStage' | 'recordKey' | 'victimEvents';

  @NotPersonal()
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @NotPersonal()
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

  @NotPersonal()
  @Field(() => ApplicationChannel)
  @Enum({ items: () => ApplicationChannel, type: 'string' })
  channel!: ApplicationChannel;

  @NotPersonal()
  @Field(() => ApplicantType)
  @Enum({ items: () => ApplicantType, type: 'string' })
  applicantType!: ApplicantType;

  /** INCIDENT_DETAIL: what the applicant says is happening. */
  @Personal(DataCategory.INCIDENT_DETAIL)
  @Field(() => String, { nullable: true, description: 'What the applicant describes (incident detail)' })
  @Property({ type: 'text', nullable: true })
  summary?: string | null;

  @NotPersonal()
  @Field(() => Boolean, { description: 'The victim consented to their details being shared with the partner agencies' })
  @Property({ type: 'boolean', default: false })
  consentToShare: boolean = false;

  @NotPersonal()
  @Field(() => ID, { nullable: true, description: 'The consent record (consent subgraph) the application rests on: in force for CASE_REVIEW and naming the authority when it was made' })
  @Index()
  @Property({ type: 'uuid', nullable: true })
  consentId?: string | null;

  /** When the consent was withdrawn, as the consent subgraph told (served by ApplicationConsentResolver). */
  @Property({ type: 'Date', nullable: true })
  consentWithdrawnAt?: Date | null;

  @NotPersonal()
  @Field(() => ApplicationStatus)
  @Enum({ items: () => ApplicationStatus, type: 'string' })
  status: ApplicationStatus = ApplicationStatus.RECEIVED;

  @NotPersonal()
  @Field(() => NotPursuedReason, { nullable: true })
  @Enum({ items: () => NotPursuedReason, type: 'string', nullable: true })
  notPursuedReason?: NotPursuedReason | null;

  @NotPersonal()
  @Field(() => Date)
  @Property({ type: 'Date' })
  receivedAt: Date = new Date();

  @NotPersonal()
  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  acknowledgedAt?: Date | null;

  @NotPersonal()
  @Field(() => CalendarDate, { nullable: true, description: 'The case review meeting' })
  @Property({ type: 'string', columnType: 'date', nullable: true })
  meetingOn?: string | null;

  @NotPersonal()
  @Field(() => CalendarDate, { nullable: true, description: 'The day the review panel met (the outcome is due 5 working days on)' })
  @Property({ type: 'string', columnType: 'date', nullable: true })
  meetingHeldOn?: string | null;

  @NotPersonal()
  @Field(() => TriggerDecision, { nullable: true })
  @Enum({ items: () => TriggerDecision, type: 'string', nullable: true })
  decision?: TriggerDecision | null;

  @NotPersonal()
  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  decidedAt?: Date | null;

  @Personal(DataCategory.INCIDENT_DETAIL)
  @Field(() => String, { nullable: true, description: "The SPOC's reasons for the decision" })
  @Property({ type: 'text', nullable: true })
  decisionReason?: string | null;

  @NotPersonal()
  @Field(() => [DiscretionGround], { description: 'Grounds for discretion, when the SPOC proceeded although the count fell short' })
  @Property({ type: 'text[]', default: '{}' })
  discretionGrounds: DiscretionGround[] = [];

  @NotPersonal()
  @Field(() => Boolean, { description: 'Second-stage review, on appeal' })
  @Property({ type: 'boolean', default: false })
  secondStage: boolean = false;

  @NotPersonal()
  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  reviewStartedAt?: Date | null;

  @NotPersonal()
  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  outcomeSentAt?: Date | null;

  @Personal(DataCategory.INCIDENT_DETAIL, { note: 'the same text as the CT4 letter' })
  @Field(() => [String], { nullable: true, description: 'Actions the review agreed (its recommendations; incident detail)' })
  @Property({ type: 'text[]', default: '{}' })
  agreedActions: string[] = [];

  /**
   * How many recommendations the review made, as the reviews subgraph told at the outcome: a review
   * "resulted in recommendations" with one recommendation or one agreed action (rules/statistics.ts).
   */
  @Property({ type: 'integer', default: 0 })
  recommendationsMade: number = 0;

  @Personal(DataCategory.INCIDENT_DETAIL, { note: 'part of the agreed action plan (CT4)' })
  @Field(() => String, { nullable: true, description: 'The lead officer for the action plan (a role, not a private person; incident detail)' })
  @Property({ type: 'string', nullable: true })
  leadOfficer?: string | null;

  @NotPersonal()
  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  actionPlanAt?: Date | null;

  @NotPersonal()
  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  finalReviewAt?: Date | null;

  @NotPersonal()
  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  closedAt?: Date | null;

  @NotPersonal()
  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  appealedAt?: Date | null;

  @Personal(DataCategory.INCIDENT_DETAIL)
  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  appealReason?: string | null;

  @NotPersonal()
  @Field(() => Int, { description: 'Times the same person applied again while this application was open (flagged, not duplicated)' })
  @Property({ type: 'integer', default: 0 })
  repeatCount: number = 0;

  @NotPersonal()
  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  lastRepeatAt?: Date | null;

  @NotPersonal({ note: "an officer's work details; the victim is not described" })
  @Field(() => VictimContact, { nullable: true, description: "The victim's single point of contact (the named officer), set by the SPOC" })
  @Property({ type: 'json', nullable: true })
  victimContact?: VictimContact | null;

  @Personal(DataCategory.CONTACT, { note: 'how the victim wants to take part and be contacted about the review' })
  @Field(() => VictimInvolvement, { nullable: true, description: 'How the victim chose to take part in the review (on their page, or recorded by the SPOC)' })
  @Enum({ items: () => VictimInvolvement, type: 'string', nullable: true })
  victimInvolvement?: VictimInvolvement | null;

  /** Each change of the contact or the involvement, oldest first (the case history shows them). */
  @Property({ type: 'json', default: '[]' })
  victimEvents: VictimEvent[] = [];

  @Personal(DataCategory.CONTACT, { note: 'how the applicant asked to be sent letters (the online form)' })
  @Field(() => ContactPreference, { nullable: true, description: 'How the applicant asked to be sent letters: the outbox sends by it when the address is on record' })
  @Enum({ items: () => ContactPreference, type: 'string', nullable: true })
  contactPreference?: ContactPreference | null;

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
