import { Field, ID, InputType, Int } from 'type-graphql';
import { z } from 'zod';
import { ApplicantType, ApplicationChannel } from '../../shared/enums';
import { CalendarDate } from '../../../platform/scalars';
import { addFields } from '../../shared/zod-graphql';
import { ContactPreference } from '../rules/outbox';
import { thresholdParametersSchema } from '../rules/threshold-parameters';

@InputType({ description: 'A Community Trigger application as the SPOC records it' })
export class TriggerApplicationInput {
  @Field(() => ID, { description: 'The authority (council) whose SPOC handles it' }) authorityId!: string;
  @Field(() => ApplicationChannel) channel!: ApplicationChannel;
  @Field(() => ApplicantType) applicantType!: ApplicantType;
  @Field(() => ID, { nullable: true, description: 'The applicant (a registered Person); omitted when an agency applies' })
  applicantPersonId?: string | null;
  @Field(() => ID, { nullable: true, description: 'The partner agency applying (applicantType AGENCY)' })
  applicantAgencyId?: string | null;
  @Field(() => ID, { nullable: true, description: 'The victim, when a representative or an agency applies on their behalf' })
  victimPersonId?: string | null;
  @Field(() => Boolean, { description: "The victim's consent to share their details with the partner agencies, as the SPOC recorded it" })
  consentToShare!: boolean;
  @Field(() => ID, { nullable: true, description: 'The consent record (recordConsent) the consent rests on, when there is one' })
  consentId?: string | null;
  @Field(() => String, { nullable: true, description: 'What the applicant describes (incident detail)' }) summary?: string | null;
  @Field(() => Date, { nullable: true, description: 'When it was received (phone or post, recorded later); default now' })
  receivedAt?: Date | null;
  @Field(() => CalendarDate, { nullable: true, description: 'The planned case review meeting (named in the CT1 acknowledgement)' })
  meetingOn?: string | null;
  @Field(() => ContactPreference, { nullable: true, description: 'How the applicant asked to be sent letters (default: e-mail when an address is on record, else post)' })
  contactPreference?: ContactPreference | null;
}

const uuid = z.string().uuid('must be an id');
const slug = z.string().trim().min(1, 'is required').max(100);

export const applicationInputSchema = z
  .object({
    authorityId: slug,
    channel: z.nativeEnum(ApplicationChannel),
    applicantType: z.nativeEnum(ApplicantType),
    applicantPersonId: uuid.nullish(),
    applicantAgencyId: slug.nullish(),
    victimPersonId: uuid.nullish(),
    consentToShare: z.boolean(),
    consentId: uuid.nullish(),
    summary: z.string().trim().max(5000).nullish(),
    receivedAt: z.date().nullish(),
    meetingOn: z.string().nullish(),
    contactPreference: z.nativeEnum(ContactPreference).nullish(),
  })
  .superRefine((v, ctx) => {
    if (v.receivedAt && v.receivedAt.getTime() > Date.now() + 60_000) ctx.addIssue({ code: 'custom', path: ['receivedAt'], message: 'cannot be in the future' });
    if (v.applicantType === ApplicantType.REPRESENTATIVE && v.applicantPersonId && v.victimPersonId === v.applicantPersonId) {
      ctx.addIssue({ code: 'custom', path: ['victimPersonId'], message: 'a representative applies for someone else' });
    }
    if (v.applicantType === ApplicantType.VICTIM && v.victimPersonId && v.victimPersonId !== v.applicantPersonId) {
      ctx.addIssue({ code: 'custom', path: ['victimPersonId'], message: 'the victim applying is the applicant; use REPRESENTATIVE to apply for someone else' });
    }
    if (v.applicantType === ApplicantType.AGENCY && !v.applicantAgencyId) ctx.addIssue({ code: 'custom', path: ['applicantAgencyId'], message: 'is required when an agency applies' });
    if (v.applicantType !== ApplicantType.AGENCY && v.applicantAgencyId) ctx.addIssue({ code: 'custom', path: ['applicantAgencyId'], message: 'only for applicantType AGENCY' });
  });

@InputType('AuthorityContactInput')
export class AuthorityContactInput {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => String, { nullable: true }) web?: string | null;
  @Field(() => String, { nullable: true, description: 'When to use it' }) when?: string | null;
}

@InputType('AppealRouteInput')
export class AppealRouteInput {
  @Field(() => String, { description: 'Its short name, e.g. "second-stage review"' }) route!: string;
  @Field(() => String, { description: 'What the letters say: who decides and how to ask' }) how!: string;
  @Field(() => Int, { nullable: true, description: 'Only when the authority sets a time limit' }) withinDays?: number | null;
}

@InputType('PccReviewRouteInput')
export class PccReviewRouteInput {
  @Field(() => String, { description: 'Who reviews, e.g. "the Kent Police and Crime Commissioner"' }) reviewer!: string;
  @Field(() => String, { description: 'What CT2 says: how to ask' }) how!: string;
  @Field(() => Int, { nullable: true, description: 'Only when the area sets a time limit' }) withinDays?: number | null;
}

@InputType('AuthorityCorrespondenceInput', { description: "What the authority's letters say beyond the case" })
export class AuthorityCorrespondenceInput {
  @Field(() => String) office!: string;
  @Field(() => [String]) address!: string[];
  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => AppealRouteInput) appeal!: AppealRouteInput;
  @Field(() => [AuthorityContactInput]) reportFutureIncidents!: AuthorityContactInput[];
  @Field(() => Boolean) reviewActivatedLetter!: boolean;
  @Field(() => PccReviewRouteInput, { nullable: true, description: 'The PCC review route, where the area offers it; null: not offered' }) pccReview?: PccReviewRouteInput | null;
}

@InputType({ description: 'A new version of an authority’s threshold policy' })
export class ThresholdPolicyInput {
  @Field(() => ID, { nullable: true, description: 'The authority; omitted for the national default (admin only)' }) authorityId?: string | null;
  @Field(() => String) name!: string;
  @Field(() => Date, { nullable: true, description: 'In force from (default now)' }) effectiveFrom?: Date | null;
  // Then the parameters' fields, from their one schema (rules/threshold-parameters.ts), and `correspondence`.
  declare correspondence?: AuthorityCorrespondenceInput | null;
}
addFields(ThresholdPolicyInput, thresholdParametersSchema.shape, 'input');
Field(() => AuthorityCorrespondenceInput, { nullable: true, description: 'What the letters say; omitted: as in the version before' })(ThresholdPolicyInput.prototype, 'correspondence');

const line = z.string().trim().min(1, 'is required').max(200);
export const policyInputSchema = z.object({
  authorityId: slug.nullish(),
  name: z.string().trim().min(1, 'is required').max(200),
  effectiveFrom: z.date().nullish(),
  ...thresholdParametersSchema.shape,
  correspondence: z
    .object({
      office: line,
      address: z.array(line).max(8),
      phone: line.nullish(),
      email: line.nullish(),
      appeal: z.object({ route: line, how: z.string().trim().min(1, 'is required').max(2000), withinDays: z.number().int().min(1).max(365).nullish() }),
      reportFutureIncidents: z.array(z.object({ name: line, phone: line.nullish(), email: line.nullish(), web: line.nullish(), when: line.nullish() })).min(1).max(10),
      reviewActivatedLetter: z.boolean(),
      pccReview: z.object({ reviewer: line, how: z.string().trim().min(1, 'is required').max(2000), withinDays: z.number().int().min(1).max(365).nullish() }).nullish(),
    })
    .nullish(),
});
