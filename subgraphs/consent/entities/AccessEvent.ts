import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { NotPersonal } from '../../shared/declarations';

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
  @NotPersonal()
  @Field(() => ID, { description: 'Position in the hash chain' })
  @PrimaryKey({ type: 'bigint' })
  seq!: string;

  @NotPersonal()
  @Field(() => Date)
  @Property({ type: 'Date' })
  occurredAt!: Date;

  @NotPersonal()
  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  requestId?: string | null;

  @NotPersonal()
  @Field(() => String, { description: 'The user or system (sub)' })
  @Index()
  @Property({ type: 'string' })
  actorSub!: string;

  @NotPersonal()
  @Field(() => ID)
  @Property({ type: 'string' })
  actorAgencyId!: string;

  @NotPersonal()
  @Field(() => [String])
  @Property({ type: 'text[]' })
  actorRoles!: string[];

  @NotPersonal()
  @Field(() => String)
  @Property({ type: 'string' })
  purpose!: string;

  @NotPersonal()
  @Field(() => ID, { nullable: true })
  @Index()
  @Property({ type: 'uuid', nullable: true })
  reviewId?: string | null;

  @NotPersonal()
  @Field(() => ID, { nullable: true, description: 'The data subject (null for system operations over many)' })
  @Property({ type: 'uuid', nullable: true })
  personId?: string | null;

  @NotPersonal()
  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  category?: string | null;

  @NotPersonal()
  @Field(() => AccessOutcome)
  @Enum({ items: () => AccessOutcome, type: 'string' })
  decision!: AccessOutcome;

  @NotPersonal()
  @Field(() => String, { description: 'What the decision rests on: controller, grant:<id>, or why it was denied' })
  @Property({ type: 'string' })
  basis!: string;

  @NotPersonal()
  @Field(() => ID, { nullable: true })
  @Property({ type: 'uuid', nullable: true })
  grantId?: string | null;

  @NotPersonal()
  @Field(() => ID, { nullable: true })
  @Property({ type: 'uuid', nullable: true })
  consentId?: string | null;

  @NotPersonal()
  @Field(() => String, { description: 'The operation and field, e.g. "query CaseHistory / Person.givenName"' })
  @Property({ type: 'string' })
  operation!: string;

  @NotPersonal()
  @Field(() => String)
  @Property({ type: 'string' })
  subgraph!: string;

  @NotPersonal()
  @Field(() => String)
  @Property({ type: 'string', length: 64 })
  prevHash!: string;

  @NotPersonal()
  @Field(() => String)
  @Property({ type: 'string', length: 64 })
  hash!: string;
}
