import { Arg, Ctx, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { DataCategory, Purpose } from '../../shared/enums';
import { forbidden, notFound } from '../../../platform/errors';
import { config } from '../../../platform/config';
import { NotPersonal } from '../../shared/declarations';
import { Agency } from '../entities/Agency';
import { CaptureMethod, Consent, LawfulBasis } from '../entities/Consent';
import { DataSharingAgreement } from '../entities/DataSharingAgreement';
import { PersonRecord } from '../entities/PersonRecord';
import { maySeeConsent } from '../rules/consent-visibility';
import { consentReceipt, recordOfProcessing } from '../rules/records';

/** The DPO's records: consent receipts (ISO/IEC TS 27560) and the Art. 30 record of processing. */
@ObjectType({ description: 'A party named on a consent receipt' })
export class ReceiptParty {
  @NotPersonal() @Field(() => ID) agencyId!: string;
  @NotPersonal() @Field(() => String) name!: string;
  @NotPersonal() @Field(() => String, { nullable: true }) role?: string | null;
  @NotPersonal() @Field(() => String, { nullable: true, description: 'How to reach its DPO' }) contact?: string | null;
}

@ObjectType({ description: 'A purpose on a consent receipt' })
export class ReceiptPurpose {
  @NotPersonal() @Field(() => Purpose) purpose!: Purpose;
  @NotPersonal() @Field(() => String) description!: string;
  @NotPersonal() @Field(() => String, { description: 'W3C Data Privacy Vocabulary term' }) dpvPurpose!: string;
}

@ObjectType({ description: 'A category of personal data on a consent receipt' })
export class ReceiptCategory {
  @NotPersonal() @Field(() => DataCategory) category!: DataCategory;
  @NotPersonal() @Field(() => String, { description: 'W3C Data Privacy Vocabulary term' }) dpvCategory!: string;
  @NotPersonal() @Field(() => Boolean, { description: 'Special category data (UK GDPR Art. 9)' }) sensitive!: boolean;
}

@ObjectType({ description: 'A consent receipt with the fields of ISO/IEC TS 27560 (and W3C DPV terms): what the person agreed to, with whom, on which notice, until when' })
export class ConsentReceipt {
  @NotPersonal() @Field(() => String) schemaVersion!: string;
  @NotPersonal() @Field(() => ID) receiptId!: string;
  @NotPersonal() @Field(() => ID) consentId!: string;
  @NotPersonal() @Field(() => Date) issuedAt!: Date;
  @NotPersonal() @Field(() => String) jurisdiction!: string;
  @NotPersonal() @Field(() => String) language!: string;
  @NotPersonal({ note: 'a pseudonymous id' }) @Field(() => ID, { description: 'The data subject (PII principal), by pseudonymous id' }) piiPrincipalId!: string;
  @NotPersonal() @Field(() => [ReceiptParty]) piiControllers!: ReceiptParty[];
  @NotPersonal() @Field(() => Date) consentGivenAt!: Date;
  @NotPersonal() @Field(() => CaptureMethod) collectionMethod!: CaptureMethod;
  @NotPersonal() @Field(() => String, { description: 'The user who recorded it' }) collectedBy!: string;
  @NotPersonal() @Field(() => String) privacyNoticeVersion!: string;
  @NotPersonal() @Field(() => String, { description: 'EXPLICIT when it covers special category data, else EXPRESSED' }) consentType!: string;
  @NotPersonal() @Field(() => LawfulBasis) legalBasis!: LawfulBasis;
  @NotPersonal() @Field(() => [String], { description: 'W3C DPV legal basis terms (Art. 6, and Art. 9 for special category)' }) dpvLegalBasis!: string[];
  @NotPersonal() @Field(() => [ReceiptPurpose]) purposes!: ReceiptPurpose[];
  @NotPersonal() @Field(() => [ReceiptCategory]) piiCategories!: ReceiptCategory[];
  @NotPersonal() @Field(() => Boolean) sensitivePii!: boolean;
  @NotPersonal() @Field(() => [ReceiptParty]) recipients!: ReceiptParty[];
  @NotPersonal() @Field(() => Date, { nullable: true }) expiresAt?: Date | null;
  @NotPersonal() @Field(() => String) status!: string;
  @NotPersonal() @Field(() => Date, { nullable: true }) withdrawnAt?: Date | null;
  @NotPersonal() @Field(() => String) withdrawalMethod!: string;
}

@ObjectType({ description: 'An entry of the record of processing activities (UK GDPR Art. 30), generated from the agreements, categories, purposes and retention' })
export class ProcessingActivity {
  @NotPersonal() @Field(() => ID) id!: string;
  @NotPersonal() @Field(() => String) name!: string;
  @NotPersonal() @Field(() => [String], { description: 'Art. 30(1)(a): the controllers' }) controllers!: string[];
  @NotPersonal() @Field(() => [String], { description: 'Art. 30(1)(a): their DPOs' }) dpoContacts!: string[];
  @NotPersonal() @Field(() => [String], { description: 'Art. 30(1)(b)' }) purposes!: string[];
  @NotPersonal() @Field(() => String) lawfulBasis!: string;
  @NotPersonal() @Field(() => String) legalGateway!: string;
  @NotPersonal() @Field(() => String, { description: 'Art. 30(1)(c): categories of data subjects' }) dataSubjects!: string;
  @NotPersonal() @Field(() => [DataCategory], { description: 'Art. 30(1)(c): categories of personal data' }) categories!: DataCategory[];
  @NotPersonal() @Field(() => [String], { description: 'Art. 30(1)(d)' }) recipients!: string[];
  @NotPersonal() @Field(() => String, { description: 'Art. 30(1)(e)' }) transfersOutsideUk!: string;
  @NotPersonal() @Field(() => String, { description: 'Art. 30(1)(f): time limits for erasure' }) retention!: string;
  @NotPersonal() @Field(() => String, { description: 'Art. 30(1)(g): technical and organisational security measures' }) securityMeasures!: string;
  @NotPersonal() @Field(() => String, { description: 'What the entry is generated from' }) source!: string;
}

@Resolver()
export class RecordsResolver {
  @Query(() => ConsentReceipt, { description: 'The receipt of a consent (ISO/IEC TS 27560), for the person or the DPO' })
  async consentReceipt(@Arg('consentId', () => ID) consentId: string, @Ctx() ctx: HubContext): Promise<ConsentReceipt> {
    const consent = /^[0-9a-f-]{36}$/i.test(consentId) ? await ctx.em.findOne(Consent, { id: consentId }) : null;
    if (!consent) throw notFound('Consent', { field: 'consentId' });
    const holders = (await ctx.em.find(PersonRecord, { personId: consent.person.id }, { fields: ['agencyId'] })).map((r) => r.agencyId);
    if (!maySeeConsent(ctx.caller, consent, holders)) throw forbidden('Only the agency that recorded the consent, or the DPO of an agency it concerns, may see its receipt', { field: 'consentId' });
    const agencies = new Map((await ctx.em.find(Agency, { id: { $in: [consent.capturedByAgencyId, ...consent.recipientAgencyIds] } })).map((a) => [a.id, a.name]));
    const party = (id: string) => ({ agencyId: id, name: agencies.get(id) ?? id });
    return consentReceipt({
      consent: { ...consent, personId: consent.person.id, status: consent.statusAt() },
      controller: party(consent.capturedByAgencyId),
      recipients: consent.recipientAgencyIds.map(party),
      now: new Date(),
    }) as ConsentReceipt;
  }

  @Query(() => [ProcessingActivity], { description: 'The record of processing activities (UK GDPR Art. 30), generated from the agreements, categories, purposes and retention' })
  async recordOfProcessing(@Ctx() ctx: HubContext): Promise<ProcessingActivity[]> {
    const [agreements, agencies] = await Promise.all([
      ctx.em.find(DataSharingAgreement, {}, { orderBy: { reference: 'asc' } }),
      ctx.em.find(Agency, {}, { orderBy: { id: 'asc' } }),
    ]);
    return recordOfProcessing(agreements, new Map(agencies.map((a) => [a.id, a.name])), config().INCIDENT_RETENTION_MONTHS);
  }
}
