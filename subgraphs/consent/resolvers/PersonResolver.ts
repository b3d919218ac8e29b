import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { byIdLoader, groupedLoader } from '../../shared/loaders';
import { validateInput } from '../../shared/validation';
import { Agency } from '../entities/Agency';
import { Consent } from '../entities/Consent';
import { Person } from '../entities/Person';
import { matchKeyOf } from '../rules/person-matching';
import { PersonInput, personInputSchema } from './inputs';

@Resolver(() => Person)
export class PersonResolver {
  @Query(() => Person, { nullable: true })
  person(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<Person | null> {
    return byIdLoader(ctx, Person).load(id);
  }

  /**
   * Registers a data subject for the caller's agency. A person already known by the same
   * normalised name, date of birth and postcode is the same person: the existing record is returned
   * and the caller's agency becomes one of its controllers.
   */
  @Mutation(() => Person)
  async registerPerson(@Arg('input', () => PersonInput) input: PersonInput, @Ctx() ctx: HubContext): Promise<Person> {
    const data = validateInput(personInputSchema, input);
    const agencyId = ctx.caller.agencyId;
    const matchKey = matchKeyOf(data);
    if (matchKey) {
      const existing = await ctx.em.findOne(Person, { matchKey });
      if (existing) {
        if (!existing.controllerAgencyIds.includes(agencyId)) {
          existing.controllerAgencyIds = [...existing.controllerAgencyIds, agencyId];
          await ctx.em.flush();
        }
        return existing;
      }
    }
    const person = ctx.em.create(Person, {
      givenName: data.givenName,
      familyName: data.familyName,
      dateOfBirth: data.dateOfBirth ?? null,
      address: data.address ?? null,
      postcode: data.postcode ?? null,
      phone: data.phone ?? null,
      email: data.email ?? null,
      vulnerabilities: data.vulnerabilities ?? [],
      registeredByAgencyId: agencyId,
      controllerAgencyIds: [agencyId],
      matchKey,
    });
    await ctx.em.flush();
    return person;
  }

  @FieldResolver(() => Agency, { nullable: true, description: 'The agency that registered the person' })
  registeredBy(@Root() person: Person, @Ctx() ctx: HubContext): Promise<Agency | null> {
    return byIdLoader(ctx, Agency).load(person.registeredByAgencyId);
  }

  @FieldResolver(() => [Consent], { description: 'Consents given by the person, newest first' })
  consents(@Root() person: Person, @Ctx() ctx: HubContext): Promise<Consent[]> {
    return groupedLoader(ctx, Consent, 'person', { orderBy: { grantedAt: 'desc' } }).load(person.id);
  }
}
