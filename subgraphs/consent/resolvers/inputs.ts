import { Field, InputType } from 'type-graphql';
import { z } from 'zod';
import { CalendarDate } from '../../../platform/scalars';

@InputType({ description: 'A data subject to register (applicant, victim or other person concerned)' })
export class PersonInput {
  @Field(() => String) givenName!: string;
  @Field(() => String) familyName!: string;
  @Field(() => CalendarDate, { nullable: true }) dateOfBirth?: string;
  @Field(() => String, { nullable: true }) address?: string;
  @Field(() => String, { nullable: true }) postcode?: string;
  @Field(() => String, { nullable: true }) phone?: string;
  @Field(() => String, { nullable: true }) email?: string;
  @Field(() => [String], { nullable: true, description: 'Special category: health, disability, vulnerability' })
  vulnerabilities?: string[];
}

const UK_POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$/i;

export const personInputSchema = z.object({
  givenName: z.string().trim().min(1, 'is required').max(100),
  familyName: z.string().trim().min(1, 'is required').max(100),
  dateOfBirth: z
    .string()
    .refine((d) => d <= new Date().toISOString().slice(0, 10), 'cannot be in the future')
    .nullish(),
  address: z.string().trim().max(300).nullish(),
  postcode: z
    .string()
    .trim()
    .regex(UK_POSTCODE, 'is not a UK postcode')
    .transform(normalisePostcode)
    .nullish(),
  phone: z.string().trim().regex(/^[+\d][\d\s()-]{6,20}$/, 'is not a phone number').nullish(),
  email: z.string().trim().email('is not an email address').nullish(),
  vulnerabilities: z.array(z.string().trim().min(1).max(200)).max(20).nullish(),
});

export function normalisePostcode(p: string): string {
  const compact = p.replace(/\s+/g, '').toUpperCase();
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}
