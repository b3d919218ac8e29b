import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DataSubject, NotPersonal, Personal } from '../../shared/declarations';
import { DataCategory } from '../../shared/enums';
import { LetterKind } from '../letters/render';
import { OutboxChannel, OutboxStatus } from '../rules/outbox';

registerEnumType(OutboxChannel, { name: 'OutboxChannel', description: 'EMAIL or POST' });
registerEnumType(OutboxStatus, {
  name: 'OutboxStatus',
  description: 'Where a message to send stands',
  valuesConfig: {
    QUEUED: { description: 'Waiting to be sent (a retry waits until nextAttemptAt)' },
    SENDING: { description: 'Handed to the provider, waiting for its answer on delivery' },
    DELIVERED: { description: 'Delivered (an e-mail) or handed to the postal service (a letter)' },
    FAILED: { description: 'Given up: see lastError' },
  },
});

/**
 * A letter or message the hub must send, and how its delivery went (triggers/outbox/): written in
 * the same transaction as the letter it carries, sent by the configured adapter (GOV.UK Notify, or
 * a folder in development), retried with backoff. The SPOC reads it with `outbox(filter)`.
 */
@Entity({ tableName: 'outbox_message' })
@Index({ name: 'outbox_message_due', properties: ['status', 'nextAttemptAt'] })
@ObjectType('OutboxMessage', { description: 'A letter or message to send, with its delivery status' })
@DataSubject((m: OutboxMessage) => ({ personId: m.recipientPersonId ?? null, controllerAgencyIds: [m.authorityAgencyId] }))
export class OutboxMessage {
  [OptionalProps]?: 'id' | 'status' | 'attempts' | 'createdAt' | 'nextAttemptAt';

  @NotPersonal()
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @Property({ type: 'string' })
  authorityAgencyId!: string;

  @NotPersonal()
  @Field(() => ID)
  @Index()
  @Property({ type: 'uuid' })
  applicationId!: string;

  @NotPersonal({ note: 'the application reference, as the letter quotes it' })
  @Field(() => String)
  @Property({ type: 'string' })
  reference!: string;

  @NotPersonal()
  @Field(() => ID, { description: 'The letter it carries (the correspondence log)' })
  @Index()
  @Property({ type: 'uuid' })
  letterId!: string;

  @NotPersonal()
  @Field(() => LetterKind)
  @Enum({ items: () => LetterKind, type: 'string' })
  kind!: LetterKind;

  @NotPersonal()
  @Field(() => String)
  @Property({ type: 'string' })
  subject!: string;

  @NotPersonal()
  @Field(() => OutboxChannel, { nullable: true, description: 'Null when no address was on record' })
  @Enum({ items: () => OutboxChannel, type: 'string', nullable: true })
  channel?: OutboxChannel | null;

  @Property({ type: 'uuid', nullable: true })
  recipientPersonId?: string | null;

  @Personal(DataCategory.CONTACT, { note: 'the e-mail address or the printed address block it is sent to' })
  @Field(() => String, { nullable: true, description: 'The e-mail address or the postal address block it goes to (contact)' })
  @Property({ type: 'text', nullable: true })
  recipient?: string | null;

  /** The postcode, for a postal provider's last address line. */
  @Property({ type: 'string', nullable: true })
  postcode?: string | null;

  @NotPersonal()
  @Field(() => OutboxStatus)
  @Enum({ items: () => OutboxStatus, type: 'string' })
  status: OutboxStatus = OutboxStatus.QUEUED;

  @NotPersonal()
  @Field(() => Int, { description: 'Sending attempts so far' })
  @Property({ type: 'integer', default: 0 })
  attempts: number = 0;

  @NotPersonal({ note: 'a code and the provider’s error names; never an address or a body' })
  @Field(() => String, { nullable: true, description: 'Why the last attempt failed (no personal data)' })
  @Property({ type: 'text', nullable: true })
  lastError?: string | null;

  @NotPersonal()
  @Field(() => String, { nullable: true, description: "The provider's id of the message (GOV.UK Notify's notification id, or the file written)" })
  @Property({ type: 'string', nullable: true })
  providerId?: string | null;

  @NotPersonal()
  @Field(() => String, { nullable: true, description: 'The adapter that sent it: notify or file' })
  @Property({ type: 'string', nullable: true })
  adapter?: string | null;

  @NotPersonal()
  @Field(() => Date)
  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  @NotPersonal()
  @Field(() => Date, { nullable: true, description: 'When it is next tried (QUEUED) or its delivery next asked about (SENDING)' })
  @Property({ type: 'Date', nullable: true })
  nextAttemptAt?: Date | null = new Date();

  @NotPersonal()
  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  lastAttemptAt?: Date | null;

  /** A worker holds the message until then (claimed for sending); another takes it over after. */
  @Property({ type: 'Date', nullable: true })
  lockedUntil?: Date | null;

  @NotPersonal()
  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  deliveredAt?: Date | null;

  @NotPersonal()
  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  failedAt?: Date | null;
}
