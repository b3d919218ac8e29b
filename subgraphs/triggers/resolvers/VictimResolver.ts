import { Arg, Ctx, Field, FieldResolver, ID, InputType, Mutation, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { NotPersonal } from '../../shared/declarations';
import { badInput, conflict, unavailable } from '../../../platform/errors';
import { logger } from '../../../platform/logger';
import { areaAgencies as consentAreaAgencies } from '../clients/consent';
import { AgencyRef } from '../entities/external';
import { ApplicationStatus, TriggerApplication, VictimContact } from '../entities/TriggerApplication';
import { normaliseContact, victimContactProblems, VictimInvolvement, withEvent } from '../rules/victim';
import { loadForSpoc } from './workflow';

@InputType('VictimContactInput', { description: "The officer who is the victim's single point of contact" })
export class VictimContactInput {
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'e.g. Neighbourhood Officer, ASB Caseworker' }) role!: string;
  @Field(() => ID, { description: 'The officer’s agency: the authority or a partner agency of its area' }) agencyId!: string;
  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field(() => String, { nullable: true }) email?: string | null;
}

const CLOSED = [ApplicationStatus.CLOSED, ApplicationStatus.NOT_PURSUED];

/** The agencies of the authority's area (consent subgraph), asked with the service credential. */
async function areaAgencies(ctx: HubContext, authorityId: string): Promise<Set<string>> {
  try {
    return new Set((await consentAreaAgencies(ctx, authorityId)).map((a) => a.id));
  } catch (err) {
    logger.warn({ err: String(err), requestId: ctx.requestId }, 'area agencies unavailable');
    throw unavailable('consent');
  }
}

/**
 * The victim's part (2025 guidance): the SPOC names the officer who is the victim's single point
 * of contact, and records how the victim wants to take part (the applicant can also choose it on
 * their own page, OnlineApplicationResolver). Each change is kept for the case history.
 */
@Resolver(() => TriggerApplication)
export class VictimResolver {
  @Mutation(() => TriggerApplication, { description: "Name the victim's single point of contact (shown on the applicant's own page)" })
  async setVictimContact(
    @Arg('applicationId', () => ID) applicationId: string,
    @Arg('contact', () => VictimContactInput) contact: VictimContactInput,
    @Ctx() ctx: HubContext,
  ): Promise<TriggerApplication> {
    const app = await loadForSpoc(ctx, applicationId);
    if (CLOSED.includes(app.status)) throw conflict('The application is closed', { status: app.status });
    const agencies = await areaAgencies(ctx, app.authorityAgencyId);
    const problems = victimContactProblems(contact, (id) => agencies.has(id));
    if (problems.length) throw badInput(problems[0].message, `contact.${problems[0].field}`, { fields: problems.map((p) => `contact.${p.field}`) });
    const c = normaliseContact(contact);
    app.victimContact = Object.assign(new VictimContact(), c);
    app.victimEvents = withEvent(app.victimEvents, { at: new Date().toISOString(), kind: 'CONTACT', value: `${c.role}, ${c.agencyId}`, by: ctx.caller.sub });
    await ctx.em.flush();
    return app;
  }

  @Mutation(() => TriggerApplication, { description: 'Record how the victim wants to take part in the review' })
  async setVictimInvolvement(
    @Arg('applicationId', () => ID) applicationId: string,
    @Arg('involvement', () => VictimInvolvement) involvement: VictimInvolvement,
    @Ctx() ctx: HubContext,
  ): Promise<TriggerApplication> {
    const app = await loadForSpoc(ctx, applicationId);
    if (CLOSED.includes(app.status)) throw conflict('The application is closed', { status: app.status });
    if (app.victimInvolvement !== involvement) {
      app.victimInvolvement = involvement;
      app.victimEvents = withEvent(app.victimEvents, { at: new Date().toISOString(), kind: 'INVOLVEMENT', value: involvement, by: ctx.caller.sub });
      await ctx.em.flush();
    }
    return app;
  }
}

@Resolver(() => VictimContact)
export class VictimContactResolver {
  @NotPersonal()
  @FieldResolver(() => AgencyRef, { description: "The officer's agency" })
  agency(@Root() c: VictimContact): AgencyRef {
    return { id: c.agencyId };
  }
}
