import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ConsentStatus, DataCategory, Purpose } from '../../shared/enums';
import { Person } from './Person';
import { NotPersonal } from '../../shared/declarations';

export enum LawfulBasis {
  CONSENT = 'CONSENT',
  PUBLIC_TASK = 'PUBLIC_TASK',
  LEGAL_OBLIGATION = 'LEGAL_OBLIGATION',
  VITAL_INTERESTS = 'VITAL_INTERESTS',
}
registerEnumType(LawfulBasis, { name: 'LawfulBasis', description: 'UK GDPR Art. 6 basis a grant rests on' });

export enum CaptureMethod {
  ONLINE = 'ONLINE',
  PHONE = 'PHONE',
  WRITING = 'WRITING',
  IN_PERSON = 'IN_PERSON',
}
registerEnumType(CaptureMethod, { name: 'CaptureMethod', description: 'How a consent was captured' });

// Shared with the triggers subgraph (TriggerApplication.consentStatus): defined once in shared/enums.ts.
export { ConsentStatus };

/**
 * One consent, as given. Never edited: a change is a new record that supersedes this one, and a
 * withdrawal stamps `withdrawnAt` and the reason once.
 */
@Entity({ tableName: 'consent' })
@ObjectType({ description: 'A consent to share personal data, as given by the data subject' })
@Directive('@key(fields: "id")')
export class Consent {
  [OptionalProps]?: 'id' | 'lawfulBasis' | 'grantedAt';

  @NotPersonal()
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @ManyToOne(() => Person, { fieldName: 'person_id' })
  person!: Person;

  @NotPersonal()
  @Field(() => [Purpose])
  @Property({ type: 'text[]' })
  purposes!: Purpose[];

  @Property({ type: 'text[]' })
  recipientAgencyIds!: string[];

  @NotPersonal()
  @Field(() => [DataCategory])
  @Property({ type: 'text[]' })
  categories!: DataCategory[];

  @NotPersonal()
  @Field(() => LawfulBasis)
  @Enum({ items: () => LawfulBasis, type: 'string' })
  lawfulBasis: LawfulBasis = LawfulBasis.CONSENT;

  @NotPersonal()
  @Field(() => CaptureMethod)
  @Enum({ items: () => CaptureMethod, type: 'string' })
  captureMethod!: CaptureMethod;

  @NotPersonal()
  @Field(() => String, { description: 'The user who captured it' })
  @Property({ type: 'string' })
  capturedBy!: string;

  @Property({ type: 'string' })
  capturedByAgencyId!: string;

  @NotPersonal()
  @Field(() => String, { description: 'The privacy notice version shown to the person' })
  @Property({ type: 'string' })
  noticeVersion!: string;

  @NotPersonal()
  @Field(() => Date)
  @Property({ type: 'Date' })
  grantedAt: Date = new Date();

  @NotPersonal()
  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  expiresAt?: Date | null;

  @NotPersonal()
  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  withdrawnAt?: Date | null;

  @NotPersonal()
  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  withdrawalReason?: string | null;

  @NotPersonal()
  @Field(() => ID, { nullable: true, description: 'The consent this one replaced' })
  @Property({ type: 'uuid', nullable: true })
  supersedesId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  supersededById?: string | null;

  statusAt(now: Date = new Date()): ConsentStatus {
    if (this.withdrawnAt) return ConsentStatus.WITHDRAWN;
    if (this.supersededById) return ConsentStatus.SUPERSEDED;
    if (this.expiresAt && this.expiresAt <= now) return ConsentStatus.EXPIRED;
    return ConsentStatus.ACTIVE;
  }
}
