import type { EntityManager } from '@mikro-orm/postgresql';
import { AccessGrant } from '../entities/AccessGrant';
import { Consent } from '../entities/Consent';
import { Person } from '../entities/Person';
import { PersonRecord } from '../entities/PersonRecord';

/** What the policy decision point needs to decide one agency's questions about some people. */
export interface DecisionFacts {
  grants: AccessGrant[];
  consents: Map<string, Consent>;
}

/**
 * What the policy decision point needs to decide one agency's questions about these people: the
 * agency's grants for them (any state) and the consents those grants rest on. One statement, its rows
 * mapped onto the entities (already loaded ones are kept as they are, as `find` would): two ORM
 * `find`s cost about three times the CPU of the decisions' whole read, twice on a case history
 * (docs/benchmarks.md "access").
 */
const GRANTS = `g as (select * from "consent"."access_grant" where agency_id = ? and person_id = any(?::uuid[]))`;
const FACTS = `select 'g' as kind, to_jsonb(g) as row, 0 as ord from g
  union all
  select 'c', to_jsonb(c), 0 from "consent"."consent" c where c.id in (select consent_id from g where consent_id is not null)`;

/** One array literal per parameter (the query builder would spread a JS array into a list). */
const uuidArray = (ids: string[]) => `{${ids.map((id) => `"${id.replace(/["\\]/g, '')}"`).join(',')}}`;

type FactRow = { kind: 'g' | 'c' | 'r' | 'p'; row: Record<string, unknown> };

function mapFacts(em: EntityManager, rows: FactRow[]): DecisionFacts {
  const grants: AccessGrant[] = [];
  const consents = new Map<string, Consent>();
  const uow = em.getUnitOfWork();
  for (const r of rows) {
    const id = r.row.id as string;
    if (r.kind === 'g') grants.push(uow.getById<AccessGrant>(AccessGrant.name, id) ?? em.map(AccessGrant, r.row));
    else if (r.kind === 'c') consents.set(id, uow.getById<Consent>(Consent.name, id) ?? em.map(Consent, r.row));
  }
  return { grants, consents };
}

export async function decisionFacts(em: EntityManager, agencyId: string, personIds: string[]): Promise<DecisionFacts> {
  if (!personIds.length) return { grants: [], consents: new Map() };
  const rows = await em.getConnection().execute<FactRow[]>(`with ${GRANTS} ${FACTS}`, [agencyId, uuidArray(personIds)], 'all', em.getTransactionContext());
  return mapFacts(em, rows);
}

/**
 * People's records (every agency's, each person's oldest first), with the people themselves when
 * asked, and, in the same statement, the decision facts of one agency about them: the consent
 * subgraph reads a person's records before any decision on their details, and the decisions then
 * need these facts, so a caller that is not the records' only controller is decided with no
 * statement more than the person and its records cost without the permission layer (the facts are
 * cheap to read when there are none).
 */
export async function recordsWithFacts(
  em: EntityManager,
  agencyId: string,
  personIds: string[],
  /** `withFacts: false`: the facts are at hand already (the same request read them), records only. */
  opts: { withPeople?: boolean; withFacts?: boolean } = {},
): Promise<{ people: Person[]; records: PersonRecord[]; facts: DecisionFacts }> {
  const ids = uuidArray(personIds);
  const withFacts = opts.withFacts !== false;
  const people = opts.withPeople ? `union all select 'p', to_jsonb(p), 0 from "consent"."person" p where p.id = any(?::uuid[])` : '';
  const rows = await em.getConnection().execute<Array<FactRow & { ord: number }>>(
    `${withFacts ? `with ${GRANTS}` : ''} select 'r' as kind, to_jsonb(r) as row, row_number() over (order by r.supplied_at, r.id)::int as ord
      from "consent"."person_record" r where r.person_id = any(?::uuid[])
      ${people}
      ${withFacts ? `union all ${FACTS}` : ''} order by kind, ord`,
    [...(withFacts ? [agencyId, ids] : []), ids, ...(opts.withPeople ? [ids] : [])],
    'all',
    em.getTransactionContext(),
  );
  const uow = em.getUnitOfWork();
  const found: Person[] = [];
  const records: PersonRecord[] = [];
  for (const r of rows) {
    if (r.kind === 'r') records.push(uow.getById<PersonRecord>(PersonRecord.name, r.row.id as string) ?? em.map(PersonRecord, r.row));
    else if (r.kind === 'p') found.push(uow.getById<Person>(Person.name, r.row.id as string) ?? em.map(Person, r.row));
  }
  return { people: found, records, facts: mapFacts(em, rows) };
}
