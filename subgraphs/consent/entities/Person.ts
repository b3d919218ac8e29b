import { randomUUID } from 'node:crypto';
import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { CalendarDate } from '../../shared/scalars';

/**
 * A data subject: an applicant, victim or other person an incident concerns. Its id is a
 * pseudonymous reference, shared freely between subgraphs; every detail is personal data guarded
 * by category (rules/index.ts).
 */
@Entity({ tableName: 'person' })
@ObjectType({ description: 'A data subject (victim, applicant or other person concerned)' })
@Directive('@key(fields: "id")')
export class Person {
  [OptionalProps]?: 'id' | 'createdAt' | 'vulnerabilities' | 'controllerAgencyIds';

  @Field(() => ID, { description: 'A pseudonymous reference: not personal detail by itself' })
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** IDENTITY */
  @Field(() => String, { nullable: true })
  @Property({ type: 'string' })
  givenName!: string;

  /** IDENTITY */
  @Field(() => String, { nullable: true })
  @Property({ type: 'string' })
  familyName!: string;

  /** IDENTITY */
  @Field(() => CalendarDate, { nullable: true })
  @Property({ type: 'string', columnType: 'date', nullable: true })
  dateOfBirth?: string | null;

  /** CONTACT */
  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  address?: string | null;

  /** CONTACT */
  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  postcode?: string | null;

  /** CONTACT */
  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  phone?: string | null;

  /** CONTACT */
  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  email?: string | null;

  /** SPECIAL_CATEGORY (UK GDPR Art. 9): health, disability, vulnerability. */
  @Field(() => [String], { nullable: true })
  @Property({ type: 'text[]', default: '{}' })
  vulnerabilities: string[] = [];

  /** The agency that registered the person: a controller of these details. */
  @Property({ type: 'string' })
  registeredByAgencyId!: string;

  /** Every agency that has contributed this person's details (registered or reported them). */
  @Index({ type: 'gin' })
  @Property({ type: 'text[]', default: '{}' })
  controllerAgencyIds: string[] = [];

  /** Normalised name + date of birth + postcode, for deterministic matching of reports. */
  @Index()
  @Property({ type: 'string', nullable: true })
  matchKey?: string | null;

  @Field(() => Date)
  @Property({ type: 'Date', onCreate: () => new Date() })
  createdAt: Date = new Date();
}
