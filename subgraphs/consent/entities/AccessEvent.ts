import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum AccessOutcome {
  ALLOW = 'ALLOW',
  DENY = 'DENY',
}
registerEnumType(AccessOutcome, { name: 'AccessOutcome' });

/**
 * One decision on personal data (allowed or denied), appended to a hash-chained log:
 * `hash = sha256(prevHash ‖ canonical row)` (rules/audit-log.ts). Appends are serialised by an
 * advisory lock so concurrent writers cannot fork the chain, and the database refuses UPDATE,
 * DELETE and TRUNCATE on the table (see the migration).
 */
@Entity({ tableName: 'access_event' })
@Index({ properties: ['personId', 'seq'] })
@Index({ properties: ['actorAgencyId', 'seq'] })
@ObjectType({ description: 'One access decision on personal data, as logged' })
export class AccessEvent {
  /** Position in the chain, 1, 2, 3... */
  @Field(() => ID, { description: 'Position in the hash chain' })
  @PrimaryKey({ type: 'bigint' })
  seq!: string;

  @Field(() => Date)
  @Property({ type: 'Date' })
  occurredAt!: Date;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  requestId?: string | null;

  @Field(() => String, { description: 'The user or system (sub)' })
  @Index()
  @Property({ type: 'string' })
  actorSub!: string;

  @Field(() => ID)
  @Property({ type: 'string' })
  actorAgencyId!: string;

  @Field(() => [String])
  @Property({ type: 'text[]' })
  actorRoles!: string[];

  @Field(() => String)
  @Property({ type: 'string' })
  purpose!: string;

  @Field(() => ID, { nullable: true })
  @Index()
  @Property({ type: 'uuid', nullable: true })
  reviewId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The data subject (null for system operations over many)' })
  @Property({ type: 'uuid', nullable: true })
  personId?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  category?: string | null;

  @Field(() => AccessOutcome)
  @Enum({ items: () => AccessOutcome, type: 'string' })
  decision!: AccessOutcome;

  @Field(() => String, { description: 'What the decision rests on: controller, grant:<id>, or why it was denied' })
  @Property({ type: 'string' })
  basis!: string;

  @Field(() => ID, { nullable: true })
  @Property({ type: 'uuid', nullable: true })
  grantId?: string | null;

  @Field(() => ID, { nullable: true })
  @Property({ type: 'uuid', nullable: true })
  consentId?: string | null;

  @Field(() => String, { description: 'The operation and field, e.g. "query CaseHistory / Person.givenName"' })
  @Property({ type: 'string' })
  operation!: string;

  @Field(() => String)
  @Property({ type: 'string' })
  subgraph!: string;

  @Field(() => String)
  @Property({ type: 'string', length: 64 })
  prevHash!: string;

  @Field(() => String)
  @Property({ type: 'string', length: 64 })
  hash!: string;
}
