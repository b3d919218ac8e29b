import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { LetterKind } from '../letters/render';
import { DataCategory } from '../../shared/enums';
import { DataSubject, NotPersonal, Personal } from '../../shared/declarations';

registerEnumType(LetterKind, { name: 'LetterKind', description: 'CT1 acknowledgement, CT2 not met, CT3 met but all action taken, CT4 outcome and actions, CT5 closed' });

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
