import type { EntityManager } from '@mikro-orm/postgresql';
import { AccessGrant } from '../entities/AccessGrant';
import { Consent } from '../entities/Consent';

/**
 * What the policy decision point needs to decide one agency's questions about these people: the
 * agency's grants for them (any state) and the consents those grants rest on. One statement, its rows
 * mapped onto the entities (already loaded ones are kept as they are, as `find` would): two ORM
 * `find`s cost about three times the CPU of the decisions' whole read, twice on a case history
 * (docs/benchmarks.md "access").
 */
const FACTS = `with g as (select * from "consent"."access_grant" where agency_id = ? and person_id = any(?::uuid[]))
  select 'g' as kind, to_jsonb(g) as row from g
  union all
  select 'c', to_jsonb(c) from "consent"."consent" c where c.id in (select consent_id from g where consent_id is not null)`;

export async function decisionFacts(em: EntityManager, agencyId: string, personIds: string[]): Promise<{ grants: AccessGrant[]; consents: Map<string, Consent> }> {
  const grants: AccessGrant[] = [];
  const consents = new Map<string, Consent>();
  if (!personIds.length) return { grants, consents };
  // One array literal per parameter (the query builder would spread a JS array into a list).
  const ids = `{${personIds.map((id) => `"${id.replace(/["\\]/g, '')}"`).join(',')}}`;
  const rows = await em.getConnection().execute<Array<{ kind: 'g' | 'c'; row: Record<string, unknown> }>>(FACTS, [agencyId, ids], 'all', em.getTransactionContext());
  const uow = em.getUnitOfWork();
  for (const r of rows) {
    const id = r.row.id as string;
    if (r.kind === 'g') grants.push(uow.getById<AccessGrant>(AccessGrant.name, id) ?? em.map(AccessGrant, r.row));
    else consents.set(id, uow.getById<Consent>(Consent.name, id) ?? em.map(Consent, r.row));
  }
  return { grants, consents };
}
