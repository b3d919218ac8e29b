import { Field, ID, InputType } from 'type-graphql';
import { z } from 'zod';
import { DataCategory, Purpose } from '../../shared/enums';
import { CaptureMethod, LawfulBasis } from '../entities/Consent';

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
  @Field(() => String, { description: 'The data sharing agreement or DPO decision it rests on' }) agreementRef!: string;
  @Field(() => Date) expiresAt!: Date;
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
