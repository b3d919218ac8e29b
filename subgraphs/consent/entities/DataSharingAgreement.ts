import { randomUUID } from 'node:crypto';
import { Entity, Enum, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { DataCategory, Purpose } from '../../shared/enums';
import { CalendarDate } from '../../../platform/scalars';
import { NotPersonal } from '../../shared/declarations';
import { LawfulBasis } from './Consent';

/**
 * A data sharing agreement between partner agencies (the ICO data sharing code): who shares, for
 * which purposes, which categories, on which lawful basis and legal gateway, kept how long, and when
 * it starts, is reviewed and ends. A DPO's grant on a basis other than consent must rest on one in
 * force that names both the supplying and the receiving agency (rules/grant-authority.ts).
 */
@Entity({ tableName: 'data_sharing_agreement' })
@ObjectType({ description: 'A data sharing agreement between partner agencies (ICO data sharing code)' })
export class DataSharingAgreement {
  [OptionalProps]?: 'id' | 'createdAt';

  @NotPersonal()
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @NotPersonal()
  @Field(() => String, { description: 'The reference the parties know it by, e.g. DSA-KENT-2026' })
  @Unique()
  @Property({ type: 'string' })
  reference!: string;

  @NotPersonal()
  @Field(() => String)
  @Property({ type: 'string' })
  title!: string;

  @NotPersonal()
  @Field(() => [ID], { description: 'The agencies party to it (each shares and receives under it)' })
  @Property({ type: 'text[]' })
  parties!: string[];

  @NotPersonal()
  @Field(() => [String], { description: 'Each party’s DPO (role or contact), in the order of parties' })
  @Property({ type: 'text[]' })
  partyDpos!: string[];

  @NotPersonal()
  @Field(() => [Purpose])
  @Property({ type: 'text[]' })
  purposes!: Purpose[];

  @NotPersonal()
  @Field(() => [DataCategory])
  @Property({ type: 'text[]' })
  categories!: DataCategory[];

  @NotPersonal()
  @Field(() => LawfulBasis, { description: 'UK GDPR Art. 6 basis of the sharing' })
  @Enum({ items: () => LawfulBasis, type: 'string' })
  lawfulBasis!: LawfulBasis;

  @NotPersonal()
  @Field(() => String, { description: 'The legal gateway, e.g. Anti-social Behaviour, Crime and Policing Act 2014 Sch. 4 para 7; Crime and Disorder Act 1998 s.115' })
  @Property({ type: 'text' })
  legalGateway!: string;

  @NotPersonal()
  @Field(() => String, { description: 'How long shared data is kept, in words' })
  @Property({ type: 'text' })
  retention!: string;

  @NotPersonal()
  @Field(() => CalendarDate)
  @Property({ type: 'string', columnType: 'date' })
  startsOn!: string;

  @NotPersonal()
  @Field(() => CalendarDate)
  @Property({ type: 'string', columnType: 'date' })
  reviewOn!: string;

  @NotPersonal()
  @Field(() => CalendarDate, { description: 'The last day it is in force' })
  @Property({ type: 'string', columnType: 'date' })
  endsOn!: string;

  @NotPersonal()
  @Field(() => String)
  @Property({ type: 'string' })
  recordedBy!: string;

  @NotPersonal()
  @Field(() => Date)
  @Property({ type: 'Date' })
  createdAt: Date = new Date();
}
