import type { Knex } from '@mikro-orm/postgresql';
import { Arg, Ctx, Directive, Field, ID, InputType, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { ServiceOnly } from '../../shared/declarations';
import { ConsentStatus, DataCategory, Purpose } from '../../shared/enums';
import { badInput, conflict, notFound } from '../../../platform/errors';
import { validateInput } from '../../shared/validation';
import { Agency, AgencyKind } from '../entities/Agency';
import { CaptureMethod, Consent, LawfulBasis } from '../entities/Consent';
import { Person } from '../entities/Person';
import { PersonRecord } from '../entities/PersonRecord';
import { matchKeyOf } from '../rules/person-matching';
import { revokeGrants } from '../rules/grants';
import { notifyWithdrawal } from './ConsentResolver';
import { PersonInput, personInputSchema } from './inputs';
import { linkPersonRecords } from './person-records';

/**
 * Service-only operations behind the public online application form (gateway/apply/): the form has
 * no user token, so the gateway calls these with the service credential. The person is registered
 * as the authority's own record (the authority is the controller of what the applicant tells it),
 * and the consent is recorded as given to the authority online, for CASE_REVIEW, naming the
 * authority and the partner agencies of its area.
 */
@ObjectType('OnlineAgency')
@Directive('@inaccessible')
export class OnlineAgency {
  @ServiceOnly() @Field(() => ID) id!: string;
  @ServiceOnly() @Field(() => String) name!: string;
  @ServiceOnly() @Field(() => AgencyKind) kind!: AgencyKind;
}

@ObjectType('OnlineAuthority')
@Directive('@inaccessible')
export class OnlineAuthority {
  @ServiceOnly() @Field(() => ID) id!: string;
  @ServiceOnly() @Field(() => String) name!: string;
  @ServiceOnly() @Field(() => String) area!: string;
  @ServiceOnly() @Field(() => [OnlineAgency], { description: 'The partner agencies of its area, the authority first' }) agencies!: OnlineAgency[];
}

@InputType('OnlineApplicantInput')
@Directive('@inaccessible')
export class OnlineApplicantInput {
  @Field(() => ID) authorityId!: string;
  @Field(() => PersonInput, { description: 'The person applying' }) applicant!: PersonInput;
  @Field(() => PersonInput, { nullable: true, description: 'The victim, when someone applies on their behalf' }) victim?: PersonInput | null;
  @Field(() => Boolean, { description: 'The victim agreed to share their details with the partner agencies' }) consentToShare!: boolean;
  @Field(() => String, { description: 'The privacy notice version shown on the form' }) noticeVersion!: string;
}

@ObjectType('OnlineApplicant')
@Directive('@inaccessible')
export class OnlineApplicant {
  @ServiceOnly() @Field(() => ID) applicantPersonId!: string;
  @ServiceOnly() @Field(() => ID, { nullable: true }) victimPersonId?: string | null;
  @ServiceOnly() @Field(() => ID, { nullable: true, description: 'The consent recorded (null without consent to share)' }) consentId?: string | null;
}

/** What an online consent covers: the application's grants (rules/grants.ts) and nothing more. */
export const ONLINE_CONSENT_CATEGORIES = [DataCategory.IDENTITY, DataCategory.CONTACT, DataCategory.INCIDENT_DETAIL];

async function authorityOf(ctx: HubContext, authorityId: string): Promise<Agency> {
  const authority = await ctx.em.findOne(Agency, { id: authorityId, isAuthority: true });
  if (!authority) throw notFound('Agency', { field: 'authorityId' });
  return authority;
}

@Resolver()
export class OnlineApplicantResolver {
  /** The authority the form is for and its area's partner agencies; null when it is not an authority. */
  @Query(() => OnlineAuthority, { nullable: true })
  @Directive('@inaccessible')
  async _onlineAuthority(@Arg('authorityId', () => ID) authorityId: string, @Ctx() ctx: HubContext): Promise<OnlineAuthority | null> {
    const authority = await ctx.em.findOne(Agency, { id: authorityId, isAuthority: true });
    if (!authority) return null;
    const partners = await ctx.em.find(Agency, { area: authority.area, id: { $ne: authority.id } }, { orderBy: { name: 'asc' } });
    return { id: authority.id, name: authority.name, area: authority.area, agencies: [authority, ...partners].map((a) => ({ id: a.id, name: a.name, kind: a.kind })) };
  }

  /** Registers the applicant (and the victim) as the authority's records and, with consent to share, records that consent. */
  @Mutation(() => OnlineApplicant)
  @Directive('@inaccessible')
  async _registerOnlineApplicant(@Arg('input', () => OnlineApplicantInput) input: OnlineApplicantInput, @Ctx() ctx: HubContext): Promise<OnlineApplicant> {
    const applicant = validateInput(personInputSchema, input.applicant);
    const victim = input.victim ? validateInput(personInputSchema, input.victim) : null;
    const noticeVersion = input.noticeVersion.trim();
    if (!noticeVersion || noticeVersion.length > 80) throw badInput('input.noticeVersion is required (at most 80 characters)', 'input.noticeVersion');
    const authority = await authorityOf(ctx, input.authorityId);
    return ctx.em.transactional(async (em) => {
      const trx = em.getTransactionContext() as Knex.Transaction;
      // A person the authority already holds a record of keeps that record as it is: whoever fills in
      // a public form with someone's name, date of birth and postcode must not change their details.
      const held = async (d: typeof applicant): Promise<string | null> => {
        const key = matchKeyOf(d);
        if (!key) return null;
        const person = await em.findOne(Person, { matchKey: key }, { orderBy: { createdAt: 'asc' } });
        return person && (await em.count(PersonRecord, { personId: person.id, agencyId: authority.id })) ? person.id : null;
      };
      const people = victim ? [applicant, victim] : [applicant];
      const ids = await Promise.all(people.map(async (d) => (await held(d)) ?? (await linkPersonRecords(trx, authority.id, [d]))[0]));
      const [applicantPersonId, victimPersonId] = ids;
      if (!input.consentToShare) return { applicantPersonId, victimPersonId: victimPersonId ?? null, consentId: null };
      const recipients = await em.find(Agency, { area: authority.area }, { fields: ['id'] });
      const consent = em.create(Consent, {
        person: em.getReference(Person, victimPersonId ?? applicantPersonId),
        purposes: [Purpose.CASE_REVIEW],
        recipientAgencyIds: [authority.id, ...recipients.map((a) => a.id).filter((id) => id !== authority.id)],
        categories: ONLINE_CONSENT_CATEGORIES,
        lawfulBasis: LawfulBasis.CONSENT,
        captureMethod: CaptureMethod.ONLINE,
        capturedBy: 'online-form',
        capturedByAgencyId: authority.id,
        noticeVersion,
        expiresAt: null,
        supersedesId: null,
      });
      await em.flush();
      return { applicantPersonId, victimPersonId: victimPersonId ?? null, consentId: consent.id };
    });
  }

  /**
   * The applicant withdraws, from their own page, the consent their online application rests on:
   * carried out as any withdrawal (ConsentResolver.withdrawConsent): the record stamped, every grant
   * resting on it revoked in the same transaction, the triggers subgraph told. Only a consent the
   * authority recorded about that person.
   */
  @Mutation(() => ConsentStatus)
  @Directive('@inaccessible')
  async _withdrawOnlineConsent(
    @Arg('consentId', () => ID) consentId: string,
    @Arg('personId', () => ID) personId: string,
    @Arg('authorityId', () => ID) authorityId: string,
    @Arg('reason', () => String) reason: string,
    @Ctx() ctx: HubContext,
  ): Promise<ConsentStatus> {
    const why = reason.trim().slice(0, 255) || 'withdrawn by the applicant online';
    const withdrawn = await ctx.em.transactional(async (em) => {
      const consent = await em.findOne(Consent, { id: consentId, person: personId, capturedByAgencyId: authorityId });
      if (!consent) throw notFound('Consent', { field: 'consentId' });
      if (consent.withdrawnAt) throw conflict('This consent was already withdrawn');
      const now = new Date();
      consent.withdrawnAt = now;
      consent.withdrawalReason = why;
      const revoked = await revokeGrants(em, { consentId: consent.id }, 'consent withdrawn', now);
      await em.flush();
      return { consent, applicationIds: [...new Set(revoked.map((g) => g.applicationId).filter((a): a is string => !!a))] };
    });
    await notifyWithdrawal(ctx, withdrawn.consent, withdrawn.applicationIds);
    return withdrawn.consent.statusAt();
  }
}
