import { Arg, Ctx, Field, FieldResolver, ID, InputType, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { DataCategory, ApplicantType, ApplicationChannel } from '../../shared/enums';
import { badInput } from '../../../platform/errors';
import { NotPersonal, Personal } from '../../shared/declarations';
import { byIdLoader, groupedLoader } from '../../shared/loaders';
import { isAuthority } from '../clients/consent';
import { AgencyRef, PersonRef } from '../entities/external';
import { TriggerApplication } from '../entities/TriggerApplication';
import { ReferralDirection, TriggerReferral } from '../entities/TriggerReferral';
import { referralIntake } from '../rules/referral';
import { anonymousRefusal } from '../rules/intake';
import { applicationData, recordApplication } from './intake';

@InputType({ description: 'An application another agency received, referred to the authority’s SPOC' })
export class TriggerReferralInput {
  @Field(() => ID, { description: 'The authority (council) whose SPOC handles it' }) authorityId!: string;
  @Field(() => ApplicantType) applicantType!: ApplicantType;
  @Field(() => ID, { nullable: true, description: 'The applicant (a Person the referring agency registered); omitted when an agency applies' })
  applicantPersonId?: string | null;
  @Field(() => ID, { nullable: true, description: 'The partner agency applying (applicantType AGENCY)' }) applicantAgencyId?: string | null;
  @Field(() => ID, { nullable: true, description: 'The victim, when someone applies on their behalf' }) victimPersonId?: string | null;
  @Field(() => Boolean, { description: 'The victim consented to their details being shared with the partner agencies' }) consentToShare!: boolean;
  @Field(() => ID, { nullable: true, description: 'The consent record (naming the authority) the application rests on' }) consentId?: string | null;
  @Field(() => String, { nullable: true, description: 'What the applicant describes (incident detail)' }) summary?: string | null;
  @Field(() => ApplicationChannel, { description: 'How the referring agency received it' }) receivedVia!: ApplicationChannel;
  @Field(() => Date, { nullable: true, description: 'When the referring agency received it; default now' }) receivedAt?: Date | null;
  @Field(() => String, { nullable: true, description: 'A note to the SPOC (incident detail)' }) note?: string | null;
}

@Resolver(() => TriggerReferral)
export class ReferralResolver {
  /**
   * Any agency refers an application it received to the authority's SPOC: the application lands in
   * that authority's work queue (to acknowledge within 2 working days) and the referral is kept on
   * both sides. The application's consent rules hold: without a consent in force naming the
   * authority it is NOT_PURSUED; with one, the authority is granted what it covers (and nothing of
   * the referring agency's records beyond it).
   */
  @Mutation(() => TriggerReferral)
  async referTriggerApplication(@Arg('input', () => TriggerReferralInput) input: TriggerReferralInput, @Ctx() ctx: HubContext): Promise<TriggerReferral> {
    const now = new Date();
    const intake = referralIntake({
      authorityId: input.authorityId ?? '',
      referringAgencyId: ctx.caller.agencyId,
      receivedAt: input.receivedAt,
      receivedVia: input.receivedVia,
      now,
    });
    const note = (input.note ?? '').trim() || null;
    if (note && note.length > 2000) throw badInput('input.note is longer than 2000 characters', 'input.note');
    const data = applicationData({
      authorityId: input.authorityId,
      channel: intake.channel,
      applicantType: input.applicantType,
      applicantPersonId: input.applicantPersonId,
      applicantAgencyId: input.applicantAgencyId,
      victimPersonId: input.victimPersonId,
      consentToShare: input.consentToShare,
      consentId: input.consentId,
      summary: input.summary,
      receivedAt: intake.receivedAt,
    });
    if (!(await isAuthority(ctx, data.authorityId)))
      throw badInput('input.authorityId is not an authority (a council whose SPOC runs the Community Trigger)', 'input.authorityId');
    let referral: TriggerReferral | null = null;
    const recorded = await recordApplication(ctx, data, {
      record: (app, repeat) => {
        referral = ctx.em.create(TriggerReferral, {
          referringAgencyId: ctx.caller.agencyId,
          authorityAgencyId: app.authorityAgencyId,
          applicationId: app.id,
          subjectPersonId: app.subjectPersonId,
          receivedVia: input.receivedVia,
          receivedAt: intake.referralReceivedAt,
          referredAt: now,
          referredBy: ctx.caller.sub,
          note,
          repeat,
        });
      },
    });
    if (recorded.anonymous) throw anonymousRefusal(recorded.anonymous.field, recorded.anonymous.intelligenceRecordId);
    return referral!;
  }

  @Query(() => [TriggerReferral], { description: 'Referrals the caller’s agency made (SENT), or those made to its authority (RECEIVED), newest first' })
  triggerReferrals(
    @Ctx() ctx: HubContext,
    @Arg('direction', () => ReferralDirection, { defaultValue: ReferralDirection.SENT }) direction: ReferralDirection,
  ): Promise<TriggerReferral[]> {
    const where = direction === ReferralDirection.SENT ? { referringAgencyId: ctx.caller.agencyId } : { authorityAgencyId: ctx.caller.agencyId };
    return ctx.em.find(TriggerReferral, where, { orderBy: { referredAt: 'desc', id: 'asc' }, limit: 500 });
  }

  @NotPersonal()
  @FieldResolver(() => AgencyRef, { description: 'The agency that referred it' })
  referringAgency(@Root() r: TriggerReferral): AgencyRef {
    return { id: r.referringAgencyId };
  }

  @NotPersonal()
  @FieldResolver(() => AgencyRef, { description: 'The authority it was referred to' })
  authority(@Root() r: TriggerReferral): AgencyRef {
    return { id: r.authorityAgencyId };
  }

  @NotPersonal({ note: 'a pseudonymous id; the person’s details are decided in the consent subgraph' })
  @FieldResolver(() => PersonRef, { nullable: true, description: 'The person the application is about' })
  person(@Root() r: TriggerReferral): PersonRef | null {
    return r.subjectPersonId ? { id: r.subjectPersonId } : null;
  }

  @NotPersonal()
  @FieldResolver(() => TriggerApplication, { nullable: true, description: 'The application it became (its personal parts decided per field)' })
  application(@Root() r: TriggerReferral, @Ctx() ctx: HubContext): Promise<TriggerApplication | null> {
    return byIdLoader(ctx, TriggerApplication).load(r.applicationId);
  }
}

@Resolver(() => TriggerApplication)
export class ApplicationReferralResolver {
  @Personal(DataCategory.INCIDENT_DETAIL, {
    note: 'which other agency dealt with the person; the referring agency reads its own through triggerReferrals',
  })
  @FieldResolver(() => [TriggerReferral], {
    nullable: true,
    description: 'The referrals that brought it to the authority (incident detail: which agency dealt with the person)',
  })
  referrals(@Root() app: TriggerApplication, @Ctx() ctx: HubContext): Promise<TriggerReferral[]> {
    return groupedLoader(ctx, TriggerReferral, 'applicationId', { orderBy: { referredAt: 'asc' } }).load(app.id);
  }
}
