import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { LetterKind } from '../letters/render';
import { DataCategory } from '../../shared/enums';
import { DataSubject, NotPersonal, Personal } from '../../shared/declarations';

registerEnumType(LetterKind, { name: 'LetterKind', description: 'CT1 acknowledgement, CT2 not met, CT3 met but all action taken, CT4 outcome and actions, CT5 closed, REVIEW_ACTIVATED the case review (or second-stage review) activated' });

/**
 * A letter to the applicant, as rendered and sent: the application's correspondence log. Never
 * edited. The bodies carry incident detail and are guarded as INCIDENT_DETAIL.
 */
@Entity({ tableName: 'letter' })
@ObjectType({ description: 'A letter in the correspondence log of an application' })
@DataSubject((l: Letter) => ({ personId: l.subjectPersonId ?? l.recipientPersonId, controllerAgencyIds: [l.authorityAgencyId] }))
@Directive('@key(fields: "id")')
export class Letter {
  [OptionalProps]?: 'id' | 'sentAt';

  @NotPersonal()
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @Property({ type: 'uuid' })
  applicationId!: string;

  @NotPersonal()
  @Field(() => LetterKind)
  @Enum({ items: () => LetterKind, type: 'string' })
  kind!: LetterKind;

  @NotPersonal()
  @Field(() => String)
  @Property({ type: 'string' })
  subject!: string;

  @Personal(DataCategory.INCIDENT_DETAIL)
  @Field(() => String, { nullable: true, description: 'The letter as HTML (incident detail)' })
  @Property({ type: 'text' })
  html!: string;

  @Personal(DataCategory.INCIDENT_DETAIL)
  @Field(() => String, { nullable: true, description: 'The letter as plain text (incident detail)' })
  @Property({ type: 'text' })
  text!: string;

  @Personal(DataCategory.INCIDENT_DETAIL)
  @Field(() => String, { nullable: true, description: 'The letter as a PDF (A4, base64), as sent (incident detail)' })
  @Property({ type: 'text', nullable: true })
  pdf?: string | null;

  @Personal(DataCategory.CONTACT, {
    note: 'the applicant’s name and address as the authority’s SPOC could see them when the letter was sent',
    subject: (l: Letter) => ({ personId: l.recipientPersonId ?? l.subjectPersonId, controllerAgencyIds: [l.authorityAgencyId] }),
  })
  @Field(() => String, { nullable: true, description: 'The address block as printed: name, address and postcode lines (contact)' })
  @Property({ type: 'text', nullable: true })
  addressee?: string | null;

  /** The person it is addressed to (the applicant, or the victim when an agency applied). */
  @Property({ type: 'uuid', nullable: true })
  recipientPersonId?: string | null;

  /** The person whose experience it describes (the victim): the data subject its guard asks about. */
  @Property({ type: 'uuid', nullable: true })
  subjectPersonId?: string | null;

  @Property({ type: 'string' })
  authorityAgencyId!: string;

  @NotPersonal()
  @Field(() => Date)
  @Property({ type: 'Date' })
  sentAt: Date = new Date();

  @Property({ type: 'string' })
  sentBy!: string;
}
