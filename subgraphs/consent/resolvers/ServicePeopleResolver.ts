import { Arg, Ctx, Directive, Field, ID, InputType, Mutation, Query, Resolver } from 'type-graphql';
import { z } from 'zod';
import type { HubContext } from '../../shared/context';
import { CalendarDate } from '../../../platform/scalars';
import { validateInput } from '../../shared/validation';
import { AgencyKind } from '../entities/Agency';
import { agencyKindOf, ensureAgency } from '../repositories/agencies';
import { resolveReportedPeople } from '../repositories/people';
import { processingActor } from '../rules/processing-log';
import { normalisePostcode } from './inputs';

/**
 * Service-only operations (`@inaccessible`: absent from the public supergraph, callable only with
 * a service credential) that the incidents subgraph uses while ingesting: resolving reported
 * people to Person ids, and learning or registering the kind of a contributing agency.
 */
@InputType({ description: 'Identifying details of a reported person, as an agency holds them' })
@Directive('@inaccessible')
export class PersonMatchInput {
  @Field(() => String) givenName!: string;
  @Field(() => String) familyName!: string;
  @Field(() => CalendarDate, { nullable: true }) dateOfBirth?: string | null;
  @Field(() => String, { nullable: true }) postcode?: string | null;
  @Field(() => String, { nullable: true }) address?: string | null;
}

@InputType({ description: 'An agency to register if it is not known yet' })
@Directive('@inaccessible')
export class AgencyRegistrationInput {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => AgencyKind) kind!: AgencyKind;
  @Field(() => String) area!: string;
}

const matchSchema = z.object({
  givenName: z.string().trim().min(1, 'is required').max(100),
  familyName: z.string().trim().min(1, 'is required').max(100),
  dateOfBirth: z.string().nullish(),
  postcode: z.string().trim().max(10).transform(normalisePostcode).nullish(),
  address: z.string().trim().max(300).nullish(),
});
const peopleSchema = z.array(matchSchema).max(5_000, 'at most 5000 people per call');
const agencySchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,79}$/, 'must be a lower-case slug'),
  name: z.string().trim().min(1).max(200),
  kind: z.nativeEnum(AgencyKind),
  area: z.string().trim().min(1).max(100),
});

@Resolver()
export class ServicePeopleResolver {
  /**
   * Resolves each reported person to one Person by the documented deterministic matching
   * (rules/person-matching.ts), creating those not known yet, and keeps the details as `agencyId`'s
   * own record of each (person-records.ts). Returns the Person ids in the order given.
   */
  @Mutation(() => [ID], { description: 'Service only: resolve reported people to Person ids' })
  @Directive('@inaccessible')
  async serviceResolvePeople(
    @Arg('agencyId', () => ID) agencyId: string,
    @Arg('people', () => [PersonMatchInput]) people: PersonMatchInput[],
    @Ctx() ctx: HubContext,
  ): Promise<string[]> {
    const details = validateInput(peopleSchema, people, 'people');
    if (!details.length) return [];
    return resolveReportedPeople(ctx.em, agencyId, details, {
      actor: processingActor(ctx, 'CASE_MANAGEMENT', agencyId),
      operation: `${ctx.clientOperation ?? 'mutation submitIncidents'} / people reported`,
    });
  }

  @Query(() => AgencyKind, { nullable: true, description: 'Service only: the kind of an agency (null when unknown)' })
  @Directive('@inaccessible')
  async serviceAgencyKind(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<AgencyKind | null> {
    return agencyKindOf(ctx.em, id);
  }

  /** Registers the agency when it is new; either way returns its kind (an existing agency is left as it is). */
  @Mutation(() => AgencyKind, { description: 'Service only: register an agency if it is new; returns its kind' })
  @Directive('@inaccessible')
  async serviceEnsureAgency(@Arg('input', () => AgencyRegistrationInput) input: AgencyRegistrationInput, @Ctx() ctx: HubContext): Promise<AgencyKind> {
    return ensureAgency(ctx.em, validateInput(agencySchema, input));
  }
}
