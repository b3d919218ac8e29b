import { randomUUID } from 'node:crypto';
import { Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { DataSubject, NotPersonal, Personal } from '../../shared/declarations';
import { DataCategory } from '../../shared/enums';
import { CalendarDate } from '../../../platform/scalars';

/**
 * One agency's details of a person: personal data belongs to the agency that supplied it. Each
 * value is that agency's (it is the controller); another agency sees it only under a grant.
 */
@Entity({ tableName: 'person_record' })
@Unique({ properties: ['personId', 'agencyId'] })
@ObjectType({ description: 'The details of a person as one agency supplied them' })
@DataSubject((r: PersonRecord) => ({ personId: r.personId, controllerAgencyIds: [r.agencyId] }))
export class PersonRecord {
  [OptionalProps]?: 'id' | 'suppliedAt' | 'updatedAt' | 'vulnerabilities';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @Property({ type: 'uuid' })
  personId!: string;

  /** The supplying agency (controller of these values). */
  @Index()
  @Property({ type: 'string' })
  agencyId!: string;

  @NotPersonal()
  @Field(() => Date, { description: 'When the agency first supplied the details' })
  @Property({ type: 'Date', onCreate: () => new Date() })
  suppliedAt: Date = new Date();

  @NotPersonal()
  @Field(() => Date, { description: 'When the agency last changed them' })
  @Property({ type: 'Date', onCreate: () => new Date(), onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Personal(DataCategory.IDENTITY)
  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  givenName?: string | null;

  @Personal(DataCategory.IDENTITY)
  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  familyName?: string | null;

  @Personal(DataCategory.IDENTITY)
  @Field(() => CalendarDate, { nullable: true })
  @Property({ type: 'string', columnType: 'date', nullable: true })
  dateOfBirth?: string | null;

  @Personal(DataCategory.CONTACT)
  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  address?: string | null;

  @Personal(DataCategory.CONTACT)
  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  postcode?: string | null;

  @Personal(DataCategory.CONTACT)
  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  phone?: string | null;

  @Personal(DataCategory.CONTACT)
  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  email?: string | null;

  /** SPECIAL_CATEGORY (UK GDPR Art. 9): health, disability, vulnerability. */
  @Personal(DataCategory.SPECIAL_CATEGORY)
  @Field(() => [String], { nullable: true })
  @Property({ type: 'text[]', default: '{}' })
  vulnerabilities: string[] = [];
}

/** Which category each detail of a record is. */
export const RECORD_FIELDS = {
  givenName: DataCategory.IDENTITY,
  familyName: DataCategory.IDENTITY,
  dateOfBirth: DataCategory.IDENTITY,
  address: DataCategory.CONTACT,
  postcode: DataCategory.CONTACT,
  phone: DataCategory.CONTACT,
  email: DataCategory.CONTACT,
  vulnerabilities: DataCategory.SPECIAL_CATEGORY,
} as const satisfies Record<string, DataCategory>;
export type RecordField = keyof typeof RECORD_FIELDS;

