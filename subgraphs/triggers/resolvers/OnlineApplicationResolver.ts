import { GraphQLError } from 'graphql';
import { Arg, Ctx, Directive, Field, ID, InputType, Mutation, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { ServiceOnly } from '../../shared/declarations';
import { ApplicantType, ApplicationChannel, ConsentStatus } from '../../shared/enums';
import { logger } from '../../../platform/logger';
import { applicantPagePath, signApplicantLink } from '../../../platform/applicant-link';
import { config } from '../../../platform/config';
import { londonDate } from '../../shared/calendar';
import { ContactPreference } from '../rules/outbox';
import { VictimInvolvement, withEvent } from '../rules/victim';
import { VictimContact } from '../entities/TriggerApplication';
import { areaAgencies, consentStates } from '../clients/consent';
import { Letter } from '../entities/Letter';
import { ApplicationStatus, NotPursuedReason, TriggerApplication } from '../entities/TriggerApplication';
import { LetterKind } from '../letters/render';
import { applicationConsentStatus } from '../rules/consent';
import { applicationData, recordApplication } from './intake';
import { assertActsFor, deadlinesFor } from './workflow';

/**
 * Service-only operations behind the public online form (gateway/apply/). The gateway holds no
 * user token for the public, so it calls these with the service credential; the application is
 * then recorded exactly as a SPOC's submitTriggerApplication records it (the same intake service,
 * resolvers/intake.ts, acting as the authority: anonymous refused and kept as intelligence, NOT_PURSUED without consent, CT1 at
 * once for ONLINE), recorded by the authority as `online-form`.
 */
export enum OnlineOutcome {
  ACCEPTED = 'ACCEPTED',
  NOT_PURSUED = 'NOT_PURSUED',
  ANONYMOUS = 'ANONYMOUS',
}
registerEnumType(OnlineOutcome, { name: 'OnlineOutcome', description: 'What became of an online submission' });

@InputType('OnlineApplicationInput')
@Directive('@inaccessible')
export class OnlineApplicationInput {
  @Field(() => ID) authorityId!: string;
  @Field(() => ApplicantType, { description: 'VICTIM or REPRESENTATIVE' }) applicantType!: ApplicantType;
  @Field(() => ID, { nullable: true, description: 'Omitted for an anonymous submission' }) applicantPersonId?: string | null;
  @Field(() => ID, { nullable: true }) victimPersonId?: string | null;
  @Field(() => Boolean) consentToShare!: boolean;
  @Field(() => ID, { nullable: true }) consentId?: string | null;
  @Field(() => String) summary!: string;
  @Field(() => ContactPreference, { nullable: true, description: 'How the applicant asked to be sent letters' }) contactPreference?: ContactPreference | null;
}

@ObjectType('OnlineSubmission')
@Directive('@inaccessible')
export class OnlineSubmission {
  @ServiceOnly() @Field(() => OnlineOutcome) outcome!: OnlineOutcome;
  @ServiceOnly() @Field(() => ID, { nullable: true }) applicationId?: string | null;
  @ServiceOnly() @Field(() => String, { nullable: true }) reference?: string | null;
  @ServiceOnly() @Field(() => NotPursuedReason, { nullable: true }) notPursuedReason?: NotPursuedReason | null;
  @ServiceOnly() @Field(() => ID, { nullable: true }) intelligenceRecordId?: string | null;
  @ServiceOnly() @Field(() => Boolean, { description: 'The same person already had an open application (flagged on it, not duplicated)' }) repeat!: boolean;
  @ServiceOnly() @Field(() => String, { nullable: true, description: "The applicant's own page link (the token), as the acknowledgement gives it" }) applicantLinkToken?: string | null;
  @ServiceOnly() @Field(() => Date, { nullable: true }) applicantLinkExpiresAt?: Date | null;
}

@ObjectType('ApplicantDate')
@Directive('@inaccessible')
export class ApplicantDate {
  @ServiceOnly() @Field(() => String, { description: 'ACKNOWLEDGEMENT, PROCESS, OUTCOME or FINAL_REVIEW' }) kind!: string;
  @ServiceOnly() @Field(() => String, { description: 'Due on (calendar date, London)' }) dueOn!: string;
  @ServiceOnly() @Field(() => Date, { nullable: true }) metAt?: Date | null;
}

@ObjectType('ApplicantLetter')
@Directive('@inaccessible')
export class ApplicantLetter {
  @ServiceOnly() @Field(() => LetterKind) kind!: LetterKind;
  @ServiceOnly() @Field(() => String) subject!: string;
  @ServiceOnly() @Field(() => Date) sentAt!: Date;
  @ServiceOnly() @Field(() => String) text!: string;
}

@ObjectType('ApplicantView')
@Directive('@inaccessible')
export class ApplicantView {
  @ServiceOnly() @Field(() => ID) applicationId!: string;
  @ServiceOnly() @Field(() => String) reference!: string;
  @ServiceOnly() @Field(() => ID) authorityAgencyId!: string;
  @ServiceOnly() @Field(() => ApplicationStatus) status!: ApplicationStatus;
  @ServiceOnly() @Field(() => NotPursuedReason, { nullable: true }) notPursuedReason?: NotPursuedReason | null;
  @ServiceOnly() @Field(() => Date) receivedAt!: Date;
  @ServiceOnly() @Field(() => String, { nullable: true }) meetingOn?: string | null;
  @ServiceOnly() @Field(() => [ApplicantDate], { description: 'The dates the process promises' }) dates!: ApplicantDate[];
  @ServiceOnly() @Field(() => [ApplicantLetter], { description: 'The letters sent to the applicant, oldest first' }) letters!: ApplicantLetter[];
  @ServiceOnly() @Field(() => String, { nullable: true, description: 'The lead officer, once the review named one' }) leadOfficer?: string | null;
  @ServiceOnly() @Field(() => ID, { nullable: true }) consentId?: string | null;
  @ServiceOnly() @Field(() => ConsentStatus, { nullable: true }) consentStatus?: ConsentStatus | null;
  @ServiceOnly() @Field(() => VictimContact, { nullable: true, description: 'Their named contact (the officer)' }) victimContact?: VictimContact | null;
  @ServiceOnly() @Field(() => VictimInvolvement, { nullable: true, description: 'How they chose to take part' }) victimInvolvement?: VictimInvolvement | null;
}

/** Agency names for the letters, asked with the service credential (the SPOC's own `agencies` needs a user token). */
async function primeAgencyNames(ctx: HubContext, authorityId: string): Promise<void> {
  let names = new Map<string, string>();
  try {
    names = new Map((await areaAgencies(ctx, authorityId)).map((a) => [a.id, a.name]));
  } catch (err) {
    logger.warn({ err: String(err), requestId: ctx.requestId }, 'agency names unavailable; letters use agency ids');
  }
  ctx.loaders.get<string, Map<string, string>>('consent.agencyNames', async (keys) => keys.map(() => names));
}

@Resolver()
export class OnlineApplicationResolver {
  @Mutation(() => OnlineSubmission)
  @Directive('@inaccessible')
  async _submitOnlineApplication(@Arg('input', () => OnlineApplicationInput) input: OnlineApplicationInput, @Ctx() ctx: HubContext): Promise<OnlineSubmission> {
    if (input.applicantType === ApplicantType.AGENCY) {
      throw new GraphQLError('A partner agency applies through the console, not the public form', { extensions: { code: 'BAD_USER_INPUT', field: 'input.applicantType' } });
    }
    await primeAgencyNames(ctx, input.authorityId);
    // Acting as the authority itself: the application is the authority's record, taken by its online form.
    const asAuthority: HubContext = { ...ctx, caller: { ...ctx.caller, agencyId: input.authorityId, sub: 'online-form' } };
    // The acknowledgement carries the applicant's own page: signed once the application has its id.
    let link: { token: string; expiresAt: Date } | null = null;
    const acknowledgement = async (a: TriggerApplication) => {
      if (!a.applicantPersonId) return {};
      const c = config();
      link = await signApplicantLink(c, { applicationId: a.id, personId: a.applicantPersonId, authorityId: a.authorityAgencyId }, c.APPLICANT_LINK_DAYS);
      const base = (c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, '');
      return { applicantLink: `${base}${applicantPagePath(a.authorityAgencyId, link.token)}`, applicantLinkExpiresOn: londonDate(link.expiresAt) };
    };
    const data = applicationData({
      authorityId: input.authorityId,
      channel: ApplicationChannel.ONLINE,
      applicantType: input.applicantType,
      applicantPersonId: input.applicantPersonId ?? null,
      victimPersonId: input.applicantType === ApplicantType.REPRESENTATIVE ? (input.victimPersonId ?? null) : null,
      consentToShare: input.consentToShare,
      consentId: input.consentId ?? null,
      summary: input.summary,
      contactPreference: input.contactPreference ?? null,
    });
    assertActsFor(asAuthority, data.authorityId);
    const recorded = await recordApplication(asAuthority, data, undefined, acknowledgement);
    if (recorded.anonymous) return { outcome: OnlineOutcome.ANONYMOUS, intelligenceRecordId: recorded.anonymous.intelligenceRecordId, repeat: false };
    const { app, repeat } = recorded;
    if (app.status === ApplicationStatus.NOT_PURSUED) {
      return { outcome: OnlineOutcome.NOT_PURSUED, applicationId: app.id, reference: app.reference, notPursuedReason: app.notPursuedReason ?? null, repeat };
    }
    const signed = repeat ? null : (link as { token: string; expiresAt: Date } | null);
    return { outcome: OnlineOutcome.ACCEPTED, applicationId: app.id, reference: app.reference, repeat, applicantLinkToken: signed?.token ?? null, applicantLinkExpiresAt: signed?.expiresAt ?? null };
  }

  /** The applicant's own view of their application: null unless the application is theirs (the person who applied). */
  @Query(() => ApplicantView, { nullable: true })
  @Directive('@inaccessible')
  async _applicantView(@Arg('applicationId', () => ID) applicationId: string, @Arg('personId', () => ID) personId: string, @Ctx() ctx: HubContext): Promise<ApplicantView | null> {
    const app = await ctx.em.findOne(TriggerApplication, { id: applicationId, applicantPersonId: personId, channel: ApplicationChannel.ONLINE });
    if (!app) return null;
    const letters = await ctx.em.find(Letter, { applicationId: app.id, recipientPersonId: personId }, { orderBy: { sentAt: 'asc', id: 'asc' } });
    const state = app.consentId && !app.consentWithdrawnAt ? await consentStates(ctx).load(app.consentId) : null;
    const consent = applicationConsentStatus(app, state);
    return {
      applicationId: app.id,
      reference: app.reference,
      authorityAgencyId: app.authorityAgencyId,
      status: app.status,
      notPursuedReason: app.notPursuedReason ?? null,
      receivedAt: app.receivedAt,
      meetingOn: app.meetingOn ?? null,
      dates: deadlinesFor(app).map((d) => ({ kind: d.kind, dueOn: d.dueOn, metAt: d.metAt })),
      letters: letters.map((l) => ({ kind: l.kind, subject: l.subject, sentAt: l.sentAt, text: l.text })),
      leadOfficer: app.leadOfficer ?? null,
      consentId: app.consentId ?? null,
      consentStatus: consent.status,
      victimContact: app.victimContact ?? null,
      victimInvolvement: app.victimInvolvement ?? null,
    };
  }

  /**
   * The applicant says on their own page how they want to take part in the review: recorded on
   * their application (and in its history) only if it is theirs and still open; false otherwise.
   */
  @Mutation(() => Boolean)
  @Directive('@inaccessible')
  async _setApplicantInvolvement(
    @Arg('applicationId', () => ID) applicationId: string,
    @Arg('personId', () => ID) personId: string,
    @Arg('involvement', () => VictimInvolvement) involvement: VictimInvolvement,
    @Ctx() ctx: HubContext,
  ): Promise<boolean> {
    const app = await ctx.em.findOne(TriggerApplication, { id: applicationId, applicantPersonId: personId, channel: ApplicationChannel.ONLINE });
    if (!app || app.status === ApplicationStatus.CLOSED || app.status === ApplicationStatus.NOT_PURSUED) return false;
    if (app.victimInvolvement === involvement) return true;
    app.victimInvolvement = involvement;
    app.victimEvents = withEvent(app.victimEvents, { at: new Date().toISOString(), kind: 'INVOLVEMENT', value: involvement, by: 'applicant' });
    await ctx.em.flush();
    return true;
  }
}
