import { Arg, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { badInput, conflict, forbidden, notFound } from '../../../platform/errors';
import { byIdLoader, groupedLoader } from '../../shared/loaders';
import { validateInput } from '../../shared/validation';
import { AccessGrant } from '../entities/AccessGrant';
import { Agency } from '../entities/Agency';
import { Consent, ConsentStatus, LawfulBasis } from '../entities/Consent';
import { Person } from '../entities/Person';
import { PersonRecord } from '../entities/PersonRecord';
import { consentCovers } from '../rules/access-policy';
import { revokeGrants } from '../rules/grants';
import { logger } from '../../../platform/logger';
import { callOperation } from '../../shared/operation-client';
import { ConsentWithdrawnDocument } from '../clients/operations/triggers.generated';
import { ConsentInput, consentInputSchema } from './ConsentInputs';
import { NotPersonal } from '../../shared/declarations';

@ObjectType({ description: 'One change in a consent’s status, derived from the record (which is never edited)' })
export class ConsentStatusChange {
  @NotPersonal()
  @Field(() => ConsentStatus) status!: ConsentStatus;
  @NotPersonal()
  @Field(() => Date) at!: Date;
  @NotPersonal()
  @Field(() => String, { nullable: true, description: 'The reason given, or the consent that replaced it' }) note?: string | null;
}

/** The status history of a consent, oldest first. */
export function consentHistory(c: Consent, supersededAt: Date | null, now = new Date()): ConsentStatusChange[] {
  const changes: ConsentStatusChange[] = [{ status: ConsentStatus.ACTIVE, at: c.grantedAt, note: c.supersedesId ? `replaces consent ${c.supersedesId}` : null }];
  const ends: ConsentStatusChange[] = [];
  if (c.withdrawnAt) ends.push({ status: ConsentStatus.WITHDRAWN, at: c.withdrawnAt, note: c.withdrawalReason ?? null });
  if (c.supersededById && supersededAt) ends.push({ status: ConsentStatus.SUPERSEDED, at: supersededAt, note: `replaced by consent ${c.supersededById}` });
  if (c.expiresAt && c.expiresAt <= now) ends.push({ status: ConsentStatus.EXPIRED, at: c.expiresAt, note: null });
  ends.sort((a, b) => a.at.getTime() - b.at.getTime());
  return [...changes, ...ends.slice(0, 1)];
}

/**
 * Consent records: recorded once, never edited. A change is a new consent that supersedes the old
 * one; a withdrawal stamps the record and, in the same transaction, revokes every grant resting on
 * it, so the very next request is denied. The triggers subgraph is then told, so that every
 * application resting on the consent notes the withdrawal.
 */
@Resolver(() => Consent)
export class ConsentResolver {
  @Mutation(() => Consent)
  async recordConsent(@Arg('input', () => ConsentInput) input: ConsentInput, @Ctx() ctx: HubContext): Promise<Consent> {
    const data = validateInput(consentInputSchema, input);
    return ctx.em.transactional(async (em) => {
      const person = await em.findOne(Person, { id: data.personId });
      if (!person) throw notFound('Person', { field: 'input.personId' });
      // The consent is given to the agency that holds the person's record (its own, not a matched one's).
      if (!(await em.count(PersonRecord, { personId: person.id, agencyId: ctx.caller.agencyId }))) {
        throw forbidden('The caller’s agency holds no record of this person: register the person first', { field: 'input.personId' });
      }
      const agencies = await em.find(Agency, { id: { $in: data.recipientAgencyIds } });
      // Named by position, never by the value sent.
      const unknown = data.recipientAgencyIds.flatMap((id, i) => (agencies.some((a) => a.id === id) ? [] : [`input.recipientAgencyIds[${i}]`]));
      if (unknown.length) throw badInput(`${unknown.join(', ')} ${unknown.length > 1 ? 'are not known agencies' : 'is not a known agency'}`, unknown[0], { fields: unknown });

      let previous: Consent | null = null;
      if (data.supersedesId) {
        previous = await em.findOne(Consent, { id: data.supersedesId });
        if (!previous || previous.person.id !== person.id) throw notFound('Consent', { field: 'input.supersedesId' });
        if (previous.statusAt() !== ConsentStatus.ACTIVE) throw conflict(`Consent ${previous.id} is ${previous.statusAt()} and cannot be superseded`);
      }
      const consent = em.create(Consent, {
        person, purposes: data.purposes, recipientAgencyIds: [...new Set(data.recipientAgencyIds)], categories: [...new Set(data.categories)],
        lawfulBasis: LawfulBasis.CONSENT, captureMethod: data.captureMethod, capturedBy: ctx.caller.sub, capturedByAgencyId: ctx.caller.agencyId,
        noticeVersion: data.noticeVersion, expiresAt: data.expiresAt ?? null, supersedesId: previous?.id ?? null,
      });
      if (previous) {
        previous.supersededById = consent.id;
        // Grants move to the new consent for what it still covers; the rest end here.
        const grants = await revokeGrants(em, { consentId: previous.id }, `superseded by consent ${consent.id}`);
        for (const g of grants) {
          if (!consentCovers(consent, g.agencyId, g.category, g.purpose)) continue;
          em.create(AccessGrant, {
            agencyId: g.agencyId, personId: g.personId, category: g.category, purpose: g.purpose, basis: LawfulBasis.CONSENT,
            consentId: consent.id, reviewId: g.reviewId, applicationId: g.applicationId, issuedBy: ctx.caller.sub, validUntil: consent.expiresAt ?? g.validUntil,
          });
        }
      }
      await em.flush();
      return consent;
    });
  }

  @Mutation(() => Consent)
  async withdrawConsent(@Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: HubContext): Promise<Consent> {
    if (!reason.trim()) throw badInput('A reason is required', 'reason');
    const withdrawn = await ctx.em.transactional(async (em) => {
      const consent = await em.findOne(Consent, { id });
      if (!consent) throw notFound('Consent', { field: 'id' });
      // Only the agency that recorded a consent may withdraw it (a match to the person gives no say over it).
      if (consent.capturedByAgencyId !== ctx.caller.agencyId) throw forbidden('Only the agency that recorded this consent may withdraw it', { field: 'id' });
      if (consent.withdrawnAt) throw conflict(`Consent ${id} was already withdrawn`);
      const now = new Date();
      consent.withdrawnAt = now;
      consent.withdrawalReason = reason.trim().slice(0, 255);
      const revoked = await revokeGrants(em, { consentId: consent.id }, 'consent withdrawn', now);
      await em.flush();
      return { consent, applicationIds: [...new Set(revoked.map((g) => g.applicationId).filter((a): a is string => !!a))] };
    });
    await notifyWithdrawal(ctx, withdrawn.consent, withdrawn.applicationIds);
    return withdrawn.consent;
  }

  @NotPersonal()
  @FieldResolver(() => Person, { nullable: true })
  person(@Root() consent: Consent, @Ctx() ctx: HubContext): Promise<Person | null> {
    return byIdLoader(ctx, Person).load(consent.person.id);
  }

  @NotPersonal()
  @FieldResolver(() => [Agency], { description: 'The agencies the person agreed may receive the data' })
  async recipientAgencies(@Root() consent: Consent, @Ctx() ctx: HubContext): Promise<Agency[]> {
    const agencies = await byIdLoader(ctx, Agency).loadMany(consent.recipientAgencyIds);
    return agencies.filter((a): a is Agency => !!a && !(a instanceof Error));
  }

  @NotPersonal()
  @FieldResolver(() => ConsentStatus)
  status(@Root() consent: Consent): ConsentStatus {
    return consent.statusAt();
  }

  @NotPersonal()
  @FieldResolver(() => [ConsentStatusChange], { description: 'Status history, oldest first (granted, then withdrawn, superseded or expired)' })
  async history(@Root() consent: Consent, @Ctx() ctx: HubContext): Promise<ConsentStatusChange[]> {
    const successor = consent.supersededById ? await byIdLoader(ctx, Consent).load(consent.supersededById) : null;
    return consentHistory(consent, successor?.grantedAt ?? null);
  }

  @NotPersonal()
  @FieldResolver(() => [AccessGrant], { description: 'The grants resting on this consent, newest first' })
  grants(@Root() consent: Consent, @Ctx() ctx: HubContext): Promise<AccessGrant[]> {
    return groupedLoader(ctx, AccessGrant, 'consentId', { orderBy: { createdAt: 'desc' } }).load(consent.id);
  }
}

/**
 * Tells the triggers subgraph that the applications resting on the consent (by their consentId, or
 * through grants moved to it from a superseded consent) lost it. After the commit and outside it: the
 * withdrawal and the revoked grants stand whatever happens here. A failure is logged; the triggers
 * subgraph also asks for the consent's status whenever an application is read
 * (TriggerApplication.consentStatus), so a lost notice never hides a withdrawal.
 */
export async function notifyWithdrawal(ctx: HubContext, consent: Consent, applicationIds: string[]): Promise<void> {
  try {
    await callOperation('consent', ctx.peers('triggers'), ConsentWithdrawnDocument, { c: consent.id, at: consent.withdrawnAt!.toISOString(), apps: applicationIds }, ctx.requestId);
  } catch (err) {
    logger.error({ err: String(err), consentId: consent.id, requestId: ctx.requestId }, 'consent withdrawn, but the triggers subgraph was not told; applications show it when read');
  }
}
