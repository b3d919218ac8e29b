import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ApplicationChannel, DataCategory } from '../../shared/enums';
import { DataSubject, NotPersonal, Personal } from '../../shared/declarations';

export enum ReferralDirection {
  SENT = 'SENT',
  RECEIVED = 'RECEIVED',
}
registerEnumType(ReferralDirection, {
  name: 'ReferralDirection',
  valuesConfig: { SENT: { description: 'Referrals the caller’s agency made' }, RECEIVED: { description: 'Referrals made to the caller’s authority' } },
});

/**
 * An application another agency received and referred to the authority's SPOC (Kent: "they should
 * refer it to the local Community Safety Unit"). Kept on both sides: the referring agency sees its
 * referral, the authority the referrals it received, each with the application it became (new, or
 * the person's open one, flagged as a repeat). Its data subject is the application's; its
 * controllers are the two agencies.
 */
@Entity({ tableName: 'trigger_referral' })
@ObjectType('TriggerReferral', { description: 'An application received by another agency and referred to the authority' })
@DataSubject((r: TriggerReferral) => ({ personId: r.subjectPersonId, controllerAgencyIds: [r.referringAgencyId, r.authorityAgencyId] }))
export class TriggerReferral {
  [OptionalProps]?: 'id' | 'referredAt';

  @NotPersonal()
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @Property({ type: 'string' })
  referringAgencyId!: string;

  @Index()
  @Property({ type: 'string' })
  authorityAgencyId!: string;

  @Index()
  @Property({ type: 'uuid' })
  applicationId!: string;

  @Property({ type: 'uuid', nullable: true })
  subjectPersonId?: string | null;

  @NotPersonal()
  @Field(() => ApplicationChannel, { description: 'How the referring agency received the application' })
  @Enum({ items: () => ApplicationChannel, type: 'string' })
  receivedVia!: ApplicationChannel;

  @NotPersonal()
  @Field(() => Date, { description: 'When the referring agency received it' })
  @Property({ type: 'Date' })
  receivedAt!: Date;

  @NotPersonal()
  @Field(() => Date, { description: 'When it was referred (the authority received it then)' })
  @Property({ type: 'Date' })
  referredAt: Date = new Date();

  @Property({ type: 'string' })
  referredBy!: string;

  @Personal(DataCategory.INCIDENT_DETAIL, { emptyIsNull: true })
  @Field(() => String, { nullable: true, description: 'The referring agency’s note to the SPOC (incident detail)' })
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @NotPersonal()
  @Field(() => Boolean, { description: 'The referral joined an application of the person already open with the authority (flagged as a repeat)' })
  @Property({ type: 'boolean', default: false })
  repeat: boolean = false;
}
