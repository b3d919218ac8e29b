import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { DataCategory, Purpose } from '../../shared/enums';
import { LawfulBasis } from './Consent';
import { NotPersonal } from '../../shared/declarations';

/**
 * Permission for one agency to see one category of one person's data, for one purpose, for a
 * while. Issued for exactly what a consent covers when a review panel is formed (basis CONSENT,
 * naming the consent and the review) or when an authority accepts the person's Community Trigger
 * application (basis CONSENT, naming the consent and the application), or recorded by a DPO on another lawful basis with a reason,
 * the data sharing agreement it rests on, and an expiry, covering only the data its agency supplied. Never edited: revoked once, with a reason.
 */
@Entity({ tableName: 'access_grant' })
@Index({ properties: ['personId', 'agencyId', 'category'] })
@ObjectType({ description: 'Permission for an agency to see a category of a person’s data for a purpose' })
@Directive('@key(fields: "id")')
export class AccessGrant {
  [OptionalProps]?: 'id' | 'validFrom' | 'createdAt';

  @NotPersonal()
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @NotPersonal()
  @Field(() => ID, { description: 'The agency the grant lets see the data' })
  @Property({ type: 'string' })
  agencyId!: string;

  @NotPersonal()
  @Field(() => ID)
  @Property({ type: 'uuid' })
  personId!: string;

  @NotPersonal()
  @Field(() => DataCategory)
  @Enum({ items: () => DataCategory, type: 'string' })
  category!: DataCategory;

  @NotPersonal()
  @Field(() => Purpose)
  @Enum({ items: () => Purpose, type: 'string' })
  purpose!: Purpose;

  @NotPersonal()
  @Field(() => LawfulBasis)
  @Enum({ items: () => LawfulBasis, type: 'string' })
  basis!: LawfulBasis;

  @NotPersonal()
  @Field(() => ID, { nullable: true, description: 'The consent the grant rests on (basis CONSENT)' })
  @Index()
  @Property({ type: 'uuid', nullable: true })
  consentId?: string | null;

  @NotPersonal()
  @Field(() => ID, { nullable: true, description: 'The case review the grant was issued for' })
  @Index()
  @Property({ type: 'uuid', nullable: true })
  reviewId?: string | null;

  @NotPersonal()
  @Field(() => ID, { nullable: true, description: 'The Community Trigger application the grant was issued for (the authority handling it sees what the threshold needs)' })
  @Index()
  @Property({ type: 'uuid', nullable: true })
  applicationId?: string | null;

  @NotPersonal()
  @Field(() => String, { nullable: true, description: 'Why a DPO recorded it (other lawful bases)' })
  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  @NotPersonal()
  @Field(() => String, { nullable: true, description: 'The reference of the data sharing agreement it rests on' })
  @Property({ type: 'string', nullable: true })
  agreementRef?: string | null;

  @NotPersonal()
  @Field(() => ID, { nullable: true, description: 'The agency whose data the grant covers (a DPO grants only its own agency’s data); null for a consent grant, which covers what the person consented to share, whoever supplied it' })
  @Property({ type: 'string', nullable: true })
  supplierAgencyId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  agreementId?: string | null;

  @NotPersonal()
  @Field(() => String)
  @Property({ type: 'string' })
  issuedBy!: string;

  @NotPersonal()
  @Field(() => Date)
  @Property({ type: 'Date' })
  validFrom: Date = new Date();

  @NotPersonal()
  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  validUntil?: Date | null;

  @NotPersonal()
  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  revokedAt?: Date | null;

  @NotPersonal()
  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  revokedReason?: string | null;

  @Property({ type: 'Date', onCreate: () => new Date() })
  createdAt: Date = new Date();

  activeAt(now: Date): boolean {
    return !this.revokedAt && this.validFrom <= now && (!this.validUntil || this.validUntil > now);
  }
}
