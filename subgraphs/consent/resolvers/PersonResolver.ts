import type { Knex } from '@mikro-orm/postgresql';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { NotPersonal, Personal } from '../../shared/declarations';
import { DataCategory } from '../../shared/enums';
import { withheld } from '../../../platform/errors';
import { byIdLoader, groupedLoader, UUID } from '../../shared/loaders';
import { CalendarDate } from '../../../platform/scalars';
import { validateInput } from '../../shared/validation';
import { Agency } from '../entities/Agency';
import { Consent } from '../entities/Consent';
import { Person } from '../entities/Person';
import { PersonRecord, RECORD_FIELDS, type RecordField } from '../entities/PersonRecord';
import { visibleConsents } from '../rules/consent-visibility';
import { PersonInput, personInputSchema } from './inputs';
import { linkPersonRecords } from './person-records';
import { recordsWithFacts } from '../repositories/decision-facts';
import { readAheadKey, shareFacts, sharedFactsOf } from '../rules/policy-decision-point';
import { processingActor } from '../rules/processing-log';

/** Reads people's records (and the people, when asked) with the caller's decision facts, and keeps the facts for the decision point. */
async function readWithFacts(ctx: HubContext, personIds: readonly string[], withPeople: boolean) {
  const ids = personIds.filter((id) => UUID.test(id));
  const agencyId = ctx.caller.agencyId;
  // The gateway's other fetch of this request (the person's incidents) may have had them read already.
  const ready = sharedFactsOf(ctx.requestId, agencyId, ids);
  const read = recordsWithFacts(ctx.em, agencyId, ids, { withPeople, withFacts: !ready });
  if (ready) {
    ids.forEach((id, k) => ctx.access.readAhead.set(readAheadKey(agencyId, id), ready[k]));
  } else {
    const facts = read.then((r) => r.facts);
    facts.catch(() => undefined); // the records' own failure is the one reported
    for (const id of ids) ctx.access.readAhead.set(readAheadKey(agencyId, id), facts);
    // ...else they will need these.
    shareFacts(ctx.requestId, agencyId, ids, facts);
  }
  const { people, records } = await read;
  const groups = new Map<string, PersonRecord[]>(personIds.map((id) => [id, []]));
  for (const r of records) groups.get(r.personId)?.push(r);
  return { people, groups };
}

const recordsLoader = (ctx: HubContext) =>
  ctx.loaders.get<string, PersonRecord[]>('PersonRecord#personId#withFacts', async (personIds) => {
    const { groups } = await readWithFacts(ctx, personIds, false);
    return personIds.map((id) => groups.get(id)!);
  });

/**
 * Every agency's record of a person, oldest first, one statement per request tick. When the
 * request's decisions are asked, the same statement reads the caller's grants about those people
 * (the decision point needs them next: repositories/decision-facts.ts `recordsWithFacts`).
 */
export const recordsOf = (ctx: HubContext, personId: string): Promise<PersonRecord[]> =>
  ctx.access.readsAhead
    ? recordsLoader(ctx).load(personId)
    : groupedLoader(ctx, PersonRecord, 'personId', { orderBy: { suppliedAt: 'asc', id: 'asc' } }).load(personId);

/**
 * A person by id (null if unknown). When the request's decisions are asked, its records and the
 * caller's decision facts come in the same statement, so that its details are decided with the
 * statements they cost without the permission layer (the person, then its records).
 */
export const personById = (ctx: HubContext, id: string): Promise<Person | null> =>
  ctx.access.readsAhead
    ? ctx.loaders
        .get<string, Person | null>('Person#id#withRecords', async (personIds) => {
          const { people, groups } = await readWithFacts(ctx, personIds, true);
          const records = recordsLoader(ctx);
          for (const [pid, rs] of groups) records.prime(pid, rs);
          const byId = new Map(people.map((p) => [p.id, p]));
          return personIds.map((pid) => byId.get(pid) ?? null);
        })
        .load(id)
    : byIdLoader(ctx, Person).load(id);

/** The caller's own record first (the caller is its controller), then the others in the order supplied. */
function ownFirst(ctx: HubContext, records: PersonRecord[]): PersonRecord[] {
  const own = records.filter((r) => r.agencyId === ctx.caller.agencyId);
  return own.length ? [...own, ...records.filter((r) => r.agencyId !== ctx.caller.agencyId)] : records;
}

/**
 * A top-level detail of a person: the caller's own value, else the first value of another agency's
 * record that the caller may see (decided per supplying agency), never one it may not. No value at
 * all is null; values that exist but are all withheld are null with FORBIDDEN naming the category.
 */
async function visibleDetail(ctx: HubContext, person: Person, field: RecordField): Promise<unknown> {
  const category = RECORD_FIELDS[field];
  const present = ownFirst(ctx, await recordsOf(ctx, person.id)).filter((r) => {
    const v = r[field];
    return Array.isArray(v) ? v.length > 0 : v != null;
  });
  if (!present.length) return field === 'vulnerabilities' ? [] : null;
  const allowed = await ctx.access.prefetch(
    present.map((r) => ({ personId: person.id, category, controllerAgencyIds: [r.agencyId], field: `Person.${field}` })),
    ctx.clientOperation,
  );
  const k = allowed.indexOf(true);
  return k >= 0 ? present[k][field] : withheld(category, 'Person', field);
}

@Resolver(() => Person)
export class PersonResolver {
  @Query(() => Person, { nullable: true })
  person(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<Person | null> {
    return personById(ctx, id);
  }

  /**
   * Records a person's details as the caller's agency holds them. A person already known by the
   * same normalised name, date of birth and postcode is the same person: the details become (or
   * update) the caller's own record of that person, and the answer carries the caller's own values
   * and the id — nothing another agency supplied.
   */
  @Mutation(() => Person)
  async registerPerson(@Arg('input', () => PersonInput) input: PersonInput, @Ctx() ctx: HubContext): Promise<Person> {
    const data = validateInput(personInputSchema, input);
    const [id] = await ctx.em.transactional((em) =>
      linkPersonRecords(em.getTransactionContext() as Knex.Transaction, ctx.caller.agencyId, [data], {
        em, actor: processingActor(ctx, 'CASE_MANAGEMENT'), operation: `${ctx.clientOperation ?? 'mutation registerPerson'} / registerPerson`,
      }),
    );
    return ctx.em.findOneOrFail(Person, { id });
  }

  @Personal(DataCategory.IDENTITY, { decidedByResolver: true, note: 'the caller’s own value, else one it may see' })
  @FieldResolver(() => String, { nullable: true })
  givenName(@Root() person: Person, @Ctx() ctx: HubContext) {
    return visibleDetail(ctx, person, 'givenName');
  }

  @Personal(DataCategory.IDENTITY, { decidedByResolver: true })
  @FieldResolver(() => String, { nullable: true })
  familyName(@Root() person: Person, @Ctx() ctx: HubContext) {
    return visibleDetail(ctx, person, 'familyName');
  }

  @Personal(DataCategory.IDENTITY, { decidedByResolver: true })
  @FieldResolver(() => CalendarDate, { nullable: true })
  dateOfBirth(@Root() person: Person, @Ctx() ctx: HubContext) {
    return visibleDetail(ctx, person, 'dateOfBirth');
  }

  @Personal(DataCategory.CONTACT, { decidedByResolver: true })
  @FieldResolver(() => String, { nullable: true })
  address(@Root() person: Person, @Ctx() ctx: HubContext) {
    return visibleDetail(ctx, person, 'address');
  }

  @Personal(DataCategory.CONTACT, { decidedByResolver: true })
  @FieldResolver(() => String, { nullable: true })
  postcode(@Root() person: Person, @Ctx() ctx: HubContext) {
    return visibleDetail(ctx, person, 'postcode');
  }

  @Personal(DataCategory.CONTACT, { decidedByResolver: true })
  @FieldResolver(() => String, { nullable: true })
  phone(@Root() person: Person, @Ctx() ctx: HubContext) {
    return visibleDetail(ctx, person, 'phone');
  }

  @Personal(DataCategory.CONTACT, { decidedByResolver: true })
  @FieldResolver(() => String, { nullable: true })
  email(@Root() person: Person, @Ctx() ctx: HubContext) {
    return visibleDetail(ctx, person, 'email');
  }

  @Personal(DataCategory.SPECIAL_CATEGORY, { decidedByResolver: true })
  @FieldResolver(() => [String], { nullable: true, description: 'Special category (UK GDPR Art. 9): health, disability, vulnerability' })
  vulnerabilities(@Root() person: Person, @Ctx() ctx: HubContext) {
    return visibleDetail(ctx, person, 'vulnerabilities');
  }

  @Personal(DataCategory.IDENTITY, { decidedByResolver: true, note: 'each record’s values are decided by category for its supplying agency' })
  @FieldResolver(() => [PersonRecord], { description: 'Each agency’s details of the person that the reader may see, saying who supplied them' })
  async records(@Root() person: Person, @Ctx() ctx: HubContext): Promise<PersonRecord[]> {
    const records = ownFirst(ctx, await recordsOf(ctx, person.id));
    const categories = [...new Set(Object.values(RECORD_FIELDS))];
    const questions = records.flatMap((r) => categories.map((category) => ({ personId: person.id, category, controllerAgencyIds: [r.agencyId], field: 'Person.records' })));
    const allowed = await ctx.access.prefetch(questions, ctx.clientOperation);
    return records.filter((_, i) => allowed.slice(i * categories.length, (i + 1) * categories.length).some(Boolean));
  }

  @Personal(DataCategory.IDENTITY, { note: 'that the registering agency holds a record of the person', subject: (p: Person) => ({ personId: p.id, controllerAgencyIds: [p.registeredByAgencyId] }) })
  @FieldResolver(() => Agency, { nullable: true, description: 'The agency that first recorded the person' })
  registeredBy(@Root() person: Person, @Ctx() ctx: HubContext): Promise<Agency | null> {
    return byIdLoader(ctx, Agency).load(person.registeredByAgencyId);
  }

  @NotPersonal({ readers: ['spoc', 'dpo'], note: 'consent records are listed only to the agency that recorded them and the DPOs of the agencies concerned' })
  @FieldResolver(() => [Consent], { description: 'Consents given by the person that the reader may see, newest first' })
  async consents(@Root() person: Person, @Ctx() ctx: HubContext): Promise<Consent[]> {
    const [consents, records] = await Promise.all([groupedLoader(ctx, Consent, 'person', { orderBy: { grantedAt: 'desc' } }).load(person.id), recordsOf(ctx, person.id)]);
    return visibleConsents(ctx.caller, consents, records.map((r) => r.agencyId));
  }
}

@Resolver(() => PersonRecord)
export class PersonRecordResolver {
  @NotPersonal({ note: 'the record itself is listed only when the reader may see some of it' })
  @FieldResolver(() => Agency, { description: 'The agency that supplied these details' })
  agency(@Root() record: PersonRecord, @Ctx() ctx: HubContext): Promise<Agency | null> {
    return byIdLoader(ctx, Agency).load(record.agencyId);
  }
}
