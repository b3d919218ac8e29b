import { Field, ID, InputType } from 'type-graphql';
import { z } from 'zod';
import { DataCategory, Purpose } from '../../shared/enums';
import { CaptureMethod, LawfulBasis } from '../entities/Consent';
import { CalendarDate } from '../../../platform/scalars';

@InputType({ description: 'A consent as the person gave it' })
export class ConsentInput {
  @Field(() => ID) personId!: string;
  @Field(() => [Purpose]) purposes!: Purpose[];
  @Field(() => [ID], { description: 'The agencies the person agrees may receive the data' }) recipientAgencyIds!: string[];
  @Field(() => [DataCategory]) categories!: DataCategory[];
  @Field(() => CaptureMethod) captureMethod!: CaptureMethod;
  @Field(() => String, { description: 'The privacy notice version shown' }) noticeVersion!: string;
  @Field(() => Date, { nullable: true }) expiresAt?: Date | null;
  @Field(() => ID, { nullable: true, description: 'The consent this one replaces' }) supersedesId?: string | null;
}

export const consentInputSchema = z.object({
  personId: z.string().uuid('is not a person id'),
  purposes: z.array(z.nativeEnum(Purpose)).min(1, 'needs at least one purpose'),
  recipientAgencyIds: z.array(z.string().min(1)).min(1, 'needs at least one agency'),
  categories: z.array(z.nativeEnum(DataCategory)).min(1, 'needs at least one category'),
  captureMethod: z.nativeEnum(CaptureMethod),
  noticeVersion: z.string().trim().min(1, 'is required').max(80),
  expiresAt: z
    .date()
    .refine((d) => d.getTime() > Date.now(), 'must be in the future')
    .nullish(),
  supersedesId: z.string().uuid('is not a consent id').nullish(),
});

@InputType({ description: 'A grant a DPO records on a lawful basis other than consent' })
export class AccessGrantInput {
  @Field(() => ID) agencyId!: string;
  @Field(() => ID) personId!: string;
  @Field(() => [DataCategory]) categories!: DataCategory[];
  @Field(() => Purpose) purpose!: Purpose;
  @Field(() => LawfulBasis, { description: 'PUBLIC_TASK, LEGAL_OBLIGATION or VITAL_INTERESTS' }) basis!: LawfulBasis;
  @Field(() => String, { description: 'Why (in words)' }) reason!: string;
  @Field(() => String, { description: 'The data sharing agreement it rests on: its reference (or id); both agencies must be parties, and it must cover the purpose, categories and basis' }) agreementRef!: string;
  @Field(() => Date, { description: 'No later than the end of the agreement' }) expiresAt!: Date;
}

export const accessGrantInputSchema = z.object({
  agencyId: z.string().min(1),
  personId: z.string().uuid('is not a person id'),
  categories: z.array(z.nativeEnum(DataCategory)).min(1, 'needs at least one category'),
  purpose: z.nativeEnum(Purpose),
  basis: z.enum([LawfulBasis.PUBLIC_TASK, LawfulBasis.LEGAL_OBLIGATION, LawfulBasis.VITAL_INTERESTS], {
    errorMap: () => ({ message: 'must be PUBLIC_TASK, LEGAL_OBLIGATION or VITAL_INTERESTS (consent grants come from recordConsent)' }),
  }),
  reason: z.string().trim().min(10, 'must say why (at least 10 characters)').max(2000),
  agreementRef: z.string().trim().min(1, 'is required').max(200),
  expiresAt: z.date().refine((d) => d.getTime() > Date.now(), 'must be in the future'),
});

@InputType({ description: 'A data sharing agreement between partner agencies (ICO data sharing code)' })
export class DataSharingAgreementInput {
  @Field(() => String, { description: 'The reference the parties know it by' }) reference!: string;
  @Field(() => String) title!: string;
  @Field(() => [ID], { description: 'The agencies party to it, the recording DPO’s among them' }) parties!: string[];
  @Field(() => [String], { description: 'Each party’s DPO (role or contact), in the order of parties' }) partyDpos!: string[];
  @Field(() => [Purpose]) purposes!: Purpose[];
  @Field(() => [DataCategory]) categories!: DataCategory[];
  @Field(() => LawfulBasis) lawfulBasis!: LawfulBasis;
  @Field(() => String, { description: 'The legal gateway (statute and section)' }) legalGateway!: string;
  @Field(() => String, { description: 'How long shared data is kept, in words' }) retention!: string;
  @Field(() => CalendarDate) startsOn!: string;
  @Field(() => CalendarDate) reviewOn!: string;
  @Field(() => CalendarDate, { description: 'The last day it is in force' }) endsOn!: string;
}

export const dataSharingAgreementInputSchema = z
  .object({
    reference: z.string().trim().min(1, 'is required').max(80),
    title: z.string().trim().min(1, 'is required').max(200),
    parties: z.array(z.string().min(1)).min(2, 'needs at least two agencies'),
    partyDpos: z.array(z.string().trim().min(1, 'is required').max(200)),
    purposes: z.array(z.nativeEnum(Purpose)).min(1, 'needs at least one purpose'),
    categories: z.array(z.nativeEnum(DataCategory)).min(1, 'needs at least one category'),
    // Checked with the cross-field rules below, so that one refusal lists every bad field.
    lawfulBasis: z.nativeEnum(LawfulBasis),
    legalGateway: z.string().trim().min(5, 'must name the statute and section').max(500),
    retention: z.string().trim().min(3, 'is required').max(500),
    startsOn: z.string(),
    reviewOn: z.string(),
    endsOn: z.string(),
  })
  .superRefine((v, ctx) => {
    if (v.lawfulBasis === LawfulBasis.CONSENT) {
      ctx.addIssue({ code: 'custom', path: ['lawfulBasis'], message: 'must be PUBLIC_TASK, LEGAL_OBLIGATION or VITAL_INTERESTS (sharing on consent rests on each person’s consent)' });
    }
    if (new Set(v.parties).size !== v.parties.length) ctx.addIssue({ code: 'custom', path: ['parties'], message: 'names an agency twice' });
    if (v.partyDpos.length !== v.parties.length) ctx.addIssue({ code: 'custom', path: ['partyDpos'], message: 'needs one DPO per party' });
    if (v.endsOn < v.startsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'must not be before startsOn' });
    if (v.reviewOn < v.startsOn || v.reviewOn > v.endsOn) ctx.addIssue({ code: 'custom', path: ['reviewOn'], message: 'must fall between startsOn and endsOn' });
  });
