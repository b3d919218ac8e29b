import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { NotPersonal } from '../../shared/declarations';

export enum AccessOutcome {
  ALLOW = 'ALLOW',
  DENY = 'DENY',
}
registerEnumType(AccessOutcome, { name: 'AccessOutcome' });

/** What was done with the personal data (DPA 2018 s.62: collection, alteration, consultation, disclosure, combination, erasure). */
export enum ProcessingAction {
  CONSULT = 'CONSULT',
  DISCLOSE = 'DISCLOSE',
  COLLECT = 'COLLECT',
  ALTER = 'ALTER',
  COMBINE = 'COMBINE',
  ERASE = 'ERASE',
}
registerEnumType(ProcessingAction, {
  name: 'ProcessingAction',
  description: 'What was done with personal data (DPA 2018 s.62)',
  valuesConfig: {
    CONSULT: { description: 'Read (a decision on a personal field, allowed or denied)' },
    DISCLOSE: { description: 'Sent outside the hub (a letter, a subject access export)' },
    COLLECT: { description: 'Received from an agency (a new record of the person)' },
    ALTER: { description: 'Changed (an agency updated its record of the person)' },
    COMBINE: { description: 'Linked to another agency’s record by identity matching' },
    ERASE: { description: 'Removed or anonymised (retention)' },
  },
});

/**
 * One processing step on personal data (a decision to consult, allowed or denied, or a collection,
 * alteration, combination, disclosure or erasure), appended to a keyed chain:
 * `hash = HMAC-SHA256(key, prevHash ‖ canonical row)` (rules/audit-log.ts). Appends are serialised by an
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
  @Field(() => ProcessingAction, { description: 'What was done: CONSULT for a decision on a field; DISCLOSE, COLLECT, ALTER, COMBINE or ERASE otherwise' })
  @Enum({ items: () => ProcessingAction, type: 'string' })
  action: ProcessingAction = ProcessingAction.CONSULT;

  @NotPersonal()
  @Field(() => String, { nullable: true, description: 'Why: the purpose, review, grant or agreement, letter or policy it rested on' })
  @Property({ type: 'text', nullable: true })
  justification?: string | null;

  @NotPersonal()
  @Field(() => String, { nullable: true, description: 'The key the link was computed with (null: an unkeyed row from before keyed chains)' })
  @Property({ type: 'string', length: 64, nullable: true })
  keyId?: string | null;

  @NotPersonal()
  @Field(() => String)
  @Property({ type: 'string', length: 64 })
  prevHash!: string;

  @NotPersonal()
  @Field(() => String)
  @Property({ type: 'string', length: 64 })
  hash!: string;
}
