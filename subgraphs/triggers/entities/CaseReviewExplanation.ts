import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { ContactChannel, DataCategory } from '../../shared/enums';
import { DataSubject, NotPersonal, Personal } from '../../shared/declarations';

/**
 * The ASB Case Review explained to a victim at their second separate report within six months
 * (2025 statutory guidance; rules/second-report.ts decides when): raised for the authority's SPOC
 * as the report lands, whether or not any threshold is met, then sent by letter (the letter system's
 * CASE_REVIEW_EXPLANATION template, kept here as sent), email, or a recorded phone call. One per
 * person, authority and second report (unique): nothing is raised twice for the same six months.
 */
@Entity({ tableName: 'case_review_explanation' })
@Unique({ properties: ['authorityAgencyId', 'personId', 'secondClusterId'] })
@Index({ properties: ['authorityAgencyId', 'sentAt'] })
@ObjectType('CaseReviewExplanation', {
  description: 'The ASB Case Review (Community Trigger) explained to a victim at their second report within six months (2025 guidance)',
})
@DataSubject((e: CaseReviewExplanation) => ({ personId: e.personId, controllerAgencyIds: [e.authorityAgencyId] }))
export class CaseReviewExplanation {
  [OptionalProps]?: 'id' | 'raisedAt';

  @NotPersonal()
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @NotPersonal()
  @Field(() => String, { description: 'The reference the victim may quote, e.g. SDC-CRX-2026-1A2B3C' })
  @Property({ type: 'string' })
  reference!: string;

  @Property({ type: 'string' })
  authorityAgencyId!: string;

  /** The victim (the reporter of both reports). */
  @Index()
  @Property({ type: 'uuid' })
  personId!: string;

  @Personal(DataCategory.INCIDENT_DETAIL)
  @Field(() => Date, { nullable: true, description: 'When the first of the two reports was made (incident detail)' })
  @Property({ type: 'Date' })
  firstReportAt!: Date;

  @Personal(DataCategory.INCIDENT_DETAIL)
  @Field(() => Date, { nullable: true, description: 'When the second separate report was made (incident detail)' })
  @Property({ type: 'Date' })
  secondReportAt!: Date;

  @NotPersonal()
  @Field(() => Date, { description: 'The end of the six months this explanation covers: a further report before it raises no other' })
  @Property({ type: 'Date' })
  coversUntil!: Date;

  @Property({ type: 'uuid' })
  firstClusterId!: string;

  @Property({ type: 'uuid' })
  secondClusterId!: string;

  /** Every incident of the two same-incident clusters. */
  @Property({ type: 'text[]' })
  incidentIds!: string[];

  @NotPersonal()
  @Field(() => Date, { description: 'When the hub asked the SPOC to send it' })
  @Property({ type: 'Date' })
  raisedAt: Date = new Date();

  @NotPersonal()
  @Field(() => Date, { nullable: true, description: 'When it was sent (null: still due)' })
  @Property({ type: 'Date', nullable: true })
  sentAt?: Date | null;

  @NotPersonal()
  @Field(() => ContactChannel, { nullable: true, description: 'How it was sent' })
  @Enum({ items: () => ContactChannel, type: 'string', nullable: true })
  channel?: ContactChannel | null;

  @NotPersonal()
  @Field(() => String, { nullable: true, description: 'Who sent it (the SPOC’s user id)' })
  @Property({ type: 'string', nullable: true })
  sentBy?: string | null;

  @NotPersonal()
  @Field(() => String, { nullable: true, description: 'The letter’s subject, when sent by letter or email' })
  @Property({ type: 'string', nullable: true })
  letterSubject?: string | null;

  @Personal(DataCategory.CONTACT)
  @Field(() => String, { nullable: true, description: 'The letter as HTML, as sent (addressed: contact)' })
  @Property({ type: 'text', nullable: true })
  letterHtml?: string | null;

  @Personal(DataCategory.CONTACT)
  @Field(() => String, { nullable: true, description: 'The letter as plain text, as sent (contact)' })
  @Property({ type: 'text', nullable: true })
  letterText?: string | null;

  @Personal(DataCategory.CONTACT)
  @Field(() => String, { nullable: true, description: 'The letter as a PDF (A4, base64), as sent (contact)' })
  @Property({ type: 'text', nullable: true })
  letterPdf?: string | null;

  @Personal(DataCategory.INCIDENT_DETAIL)
  @Field(() => String, { nullable: true, description: 'What the SPOC noted of the phone call (incident detail)' })
  @Property({ type: 'text', nullable: true })
  note?: string | null;
}
