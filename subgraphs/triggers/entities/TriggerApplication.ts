import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { ApplicantType, ApplicationChannel, TriggerDecision } from '../../shared/enums';

import { ApplicationStatus } from './status';

export { ApplicationStatus };

/** A Community Trigger (ASB Case Review) application, handled by one authority's SPOC. */
@Entity({ tableName: 'trigger_application' })
@Unique({ properties: ['authorityAgencyId', 'reference'] })
@ObjectType({ description: 'A Community Trigger (ASB Case Review) application' })
@Directive('@key(fields: "id")')
export class TriggerApplication {
  [OptionalProps]?: 'id' | 'createdAt' | 'status' | 'receivedAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field(() => String, { description: "The authority's human reference, e.g. SDC-CT-2026-0001" })
  @Property({ type: 'string' })
  reference!: string;

  @Index()
  @Property({ type: 'string' })
  authorityAgencyId!: string;

  @Index()
  @Property({ type: 'uuid' })
  applicantPersonId!: string;

  /** The victim when the applicant applies on their behalf. */
  @Property({ type: 'uuid', nullable: true })
  victimPersonId?: string | null;

  @Field(() => ApplicationChannel)
  @Enum({ items: () => ApplicationChannel, type: 'string' })
  channel!: ApplicationChannel;

  @Field(() => ApplicantType)
  @Enum({ items: () => ApplicantType, type: 'string' })
  applicantType!: ApplicantType;

  @Field(() => ApplicationStatus)
  @Enum({ items: () => ApplicationStatus, type: 'string' })
  status: ApplicationStatus = ApplicationStatus.RECEIVED;

  @Field(() => Date)
  @Property({ type: 'Date' })
  receivedAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  acknowledgedAt?: Date | null;

  @Field(() => TriggerDecision, { nullable: true })
  @Enum({ items: () => TriggerDecision, type: 'string', nullable: true })
  decision?: TriggerDecision | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  decidedAt?: Date | null;

  /** The agency whose user recorded the application. */
  @Property({ type: 'string' })
  recordedByAgencyId!: string;

  @Property({ type: 'Date', onCreate: () => new Date() })
  createdAt: Date = new Date();
}
