import { randomUUID } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';
import { Arg, Ctx, Directive, Field, ID, InputType, Mutation, Query, Resolver } from 'type-graphql';
import { z } from 'zod';
import type { HubContext } from '../../shared/context';
import { CalendarDate } from '../../shared/scalars';
import { validateInput } from '../../shared/validation';
import { Agency, AgencyKind } from '../entities/Agency';
import { matchKeyOf } from '../rules/person-matching';
import { normalisePostcode } from './inputs';

/** Advisory lock space (first key) for person matching, and how many stripes the match keys hash to. */
const PERSON_MATCH_LOCK = 0x5045524e; // 'PERN'
const LOCK_STRIPES = 64;

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
   * (rules/person-matching.ts), creating those not known yet, and makes `agencyId` one of the
   * controllers of each. Returns the Person ids in the order given. Transaction locks on the match
   * keys (striped) make two concurrent submissions of the same person one Person, not two.
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
    // Set-based SQL (a few statements whatever the number of people): this runs on every submission.
    return ctx.em.transactional(async (em) => {
      const trx = em.getTransactionContext() as Knex.Transaction;
      const keys = details.map((d) => matchKeyOf(d));
      const wanted = [...new Set(keys.filter((k): k is string => !!k))];
      // Lock only the match keys at stake, in 64 stripes taken in order (no deadlock, a bounded number
      // of locks): submissions naming different people no longer wait for each other.
      if (wanted.length) {
        await trx.raw(
          `select pg_advisory_xact_lock(${PERSON_MATCH_LOCK}, s) from (select distinct abs(hashtext(k) % ${LOCK_STRIPES}) as s from unnest(?::text[]) k order by 1) stripes`,
          [wanted],
        );
      }
      const byKey = new Map<string, string>();
      if (wanted.length) {
        const found = await trx.raw(`select id, match_key from "consent"."person" where match_key = any(?::text[]) order by created_at, id`, [wanted]);
        for (const r of found.rows as Array<{ id: string; match_key: string }>) if (!byKey.has(r.match_key)) byKey.set(r.match_key, r.id);
      }
      const existing = new Set(byKey.values());
      const created: Array<Record<string, unknown>> = [];
      const ids = details.map((d, i) => {
        const key = keys[i];
        const known = key ? byKey.get(key) : undefined;
        if (known) return known;
        const id = randomUUID();
        created.push({
          id, given_name: d.givenName, family_name: d.familyName, date_of_birth: d.dateOfBirth ?? null, postcode: d.postcode ?? null,
          address: d.address ?? null, registered_by_agency_id: agencyId, controller_agency_ids: [agencyId], match_key: key,
        });
        if (key) byKey.set(key, id);
        return id;
      });
      if (created.length) {
        await trx.raw(
          `insert into "consent"."person" (id, given_name, family_name, date_of_birth, postcode, address, registered_by_agency_id, controller_agency_ids, match_key, created_at)
           select r.id, r.given_name, r.family_name, r.date_of_birth, r.postcode, r.address, r.registered_by_agency_id, r.controller_agency_ids, r.match_key, now()
           from jsonb_to_recordset(?::jsonb) as r(id uuid, given_name text, family_name text, date_of_birth date, postcode text, address text,
             registered_by_agency_id text, controller_agency_ids text[], match_key text)`,
          [JSON.stringify(created)],
        );
      }
      if (existing.size) {
        await trx.raw(
          `update "consent"."person" set controller_agency_ids = array_append(controller_agency_ids, ?) where id = any(?::uuid[]) and not (? = any(controller_agency_ids))`,
          [agencyId, [...existing], agencyId],
        );
      }
      return ids;
    });
  }

  @Query(() => AgencyKind, { nullable: true, description: 'Service only: the kind of an agency (null when unknown)' })
  @Directive('@inaccessible')
  async serviceAgencyKind(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<AgencyKind | null> {
    const agency = await ctx.em.findOne(Agency, { id });
    return agency?.kind ?? null;
  }

  /** Registers the agency when it is new; either way returns its kind (an existing agency is left as it is). */
  @Mutation(() => AgencyKind, { description: 'Service only: register an agency if it is new; returns its kind' })
  @Directive('@inaccessible')
  async serviceEnsureAgency(@Arg('input', () => AgencyRegistrationInput) input: AgencyRegistrationInput, @Ctx() ctx: HubContext): Promise<AgencyKind> {
    const data = validateInput(agencySchema, input);
    await ctx.em.getConnection().execute(
      `insert into "consent"."agency" ("id", "name", "kind", "area", "is_authority", "created_at") values (?, ?, ?, ?, false, now()) on conflict ("id") do nothing`,
      [data.id, data.name, data.kind, data.area],
    );
    const agency = await ctx.em.findOneOrFail(Agency, { id: data.id });
    return agency.kind;
  }
}
