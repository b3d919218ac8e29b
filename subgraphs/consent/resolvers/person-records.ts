import { randomUUID } from 'node:crypto';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { DataCategory } from '../../shared/enums';
import { ProcessingAction } from '../entities/AccessEvent';
import { matchKeyOf } from '../rules/person-matching';
import { categoriesOfDetails, logProcessing, type ProcessingActor, type ProcessingStep } from '../rules/processing-log';
import { timed } from '../../shared/step-timings';

/** Advisory lock space (first key) for person matching, and how many stripes the match keys hash to. */
const PERSON_MATCH_LOCK = 0x5045524e; // 'PERN'
const LOCK_STRIPES = 64;

/** A person's details as one agency holds them (any may be missing). */
export interface SuppliedDetails {
  givenName?: string | null;
  familyName?: string | null;
  dateOfBirth?: string | null;
  address?: string | null;
  postcode?: string | null;
  phone?: string | null;
  email?: string | null;
  vulnerabilities?: string[] | null;
}

const COLUMNS = ['given_name', 'family_name', 'date_of_birth', 'address', 'postcode', 'phone', 'email'] as const;

/**
 * Links each agency-supplied set of details to one Person and keeps them as that agency's own
 * record (the one definition of identity matching, used by registerPerson and ingestion alike):
 * a match (rules/person-matching.ts) finds the Person, otherwise one is created; the agency's record
 * of the person is created or updated with the values given (a value not given is kept). Nothing
 * of another agency's record is read or changed. Set-based: a few statements whatever the number.
 * Transaction locks on the match keys (striped, taken in order) make two concurrent submissions of
 * the same person one Person, not two. Returns the Person ids in the order given.
 */
/** Who is linking, to log each collection, alteration and combination (in the same transaction, through `em`). */
export interface LinkAudit {
  em: EntityManager;
  actor: ProcessingActor;
  operation: string;
}

export async function linkPersonRecords(trx: Knex.Transaction, agencyId: string, details: SuppliedDetails[], audit?: LinkAudit): Promise<string[]> {
  if (!details.length) return [];
  const keys = details.map((d) => matchKeyOf(d));
  const wanted = [...new Set(keys.filter((k): k is string => !!k))];
  const byKey = new Map<string, string>();
  const find = async (list: string[]) => {
    const found = await trx.raw(`select id, match_key from "consent"."person" where match_key = any(?::text[]) order by created_at, id`, [list]);
    for (const r of found.rows as Array<{ id: string; match_key: string }>) if (!byKey.has(r.match_key)) byKey.set(r.match_key, r.id);
  };
  // Known people first, without locks: a Person once committed with a key stays the match for it, so
  // only the keys not found yet need the locks (and a second look) before a Person is created. Most
  // people an agency reports are known: concurrent submissions then do not queue on the stripes.
  if (wanted.length) await timed('consent: find known people', () => find(wanted));
  const unknown = wanted.filter((k) => !byKey.has(k));
  if (unknown.length) {
    await timed('consent: match stripe locks', () => trx.raw(
      `select pg_advisory_xact_lock(${PERSON_MATCH_LOCK}, s) from (select distinct abs(hashtext(k) % ${LOCK_STRIPES}) as s from unnest(?::text[]) k order by 1) stripes`,
      [unknown],
    ));
    await find(unknown);
  }
  const created: Array<{ id: string; match_key: string | null }> = [];
  const ids = details.map((_, i) => {
    const key = keys[i];
    const known = key ? byKey.get(key) : undefined;
    if (known) return known;
    const id = randomUUID();
    created.push({ id, match_key: key });
    if (key) byKey.set(key, id);
    return id;
  });
  if (created.length) {
    await trx.raw(
      `insert into "consent"."person" (id, registered_by_agency_id, match_key, created_at)
       select r.id, ?, r.match_key, now() from jsonb_to_recordset(?::jsonb) as r(id uuid, match_key text)`,
      [agencyId, JSON.stringify(created)],
    );
  }
  // One row per person: the same person named twice in one call merges into one record.
  const rows = new Map<string, Record<string, unknown>>();
  details.forEach((d, i) => {
    const row = rows.get(ids[i]) ?? { person_id: ids[i] };
    const values: Record<string, unknown> = {
      given_name: d.givenName, family_name: d.familyName, date_of_birth: d.dateOfBirth, address: d.address,
      postcode: d.postcode, phone: d.phone, email: d.email, vulnerabilities: d.vulnerabilities?.length ? d.vulnerabilities : null,
    };
    for (const [k, v] of Object.entries(values)) if (v != null) row[k] = v;
    rows.set(ids[i], row);
  });
  const keep = (c: string) => `${c} = coalesce(excluded.${c}, "consent"."person_record".${c})`;
  const kept = (c: string) => `coalesce(excluded.${c}, "consent"."person_record".${c})`;
  const keptVulnerabilities = `case when excluded.vulnerabilities = '{}' then "consent"."person_record".vulnerabilities else excluded.vulnerabilities end`;
  // Only a record whose values change is updated (and answered): an unchanged resubmission alters nothing.
  const upserted = await timed('consent: person record upsert', () => trx.raw(
    `insert into "consent"."person_record" (id, person_id, agency_id, supplied_at, updated_at, ${COLUMNS.join(', ')}, vulnerabilities)
     select gen_random_uuid(), r.person_id, ?, now(), now(), ${COLUMNS.map((c) => `r.${c}`).join(', ')}, coalesce(r.vulnerabilities, '{}')
     from jsonb_to_recordset(?::jsonb) as r(person_id uuid, given_name text, family_name text, date_of_birth date, address text,
       postcode text, phone text, email text, vulnerabilities text[])
     on conflict (person_id, agency_id) do update set ${COLUMNS.map(keep).join(', ')},
       vulnerabilities = ${keptVulnerabilities},
       updated_at = now()
     where (${COLUMNS.map((c) => `"consent"."person_record".${c}`).join(', ')}, "consent"."person_record".vulnerabilities)
       is distinct from (${COLUMNS.map(kept).join(', ')}, ${keptVulnerabilities})
     returning person_id, (xmax = 0) as inserted`,
    // In person order: two concurrent calls naming the same people lock their records in one order
    // (never a deadlock), now that known people are matched without the stripe locks.
    [agencyId, JSON.stringify([...rows.values()].sort((a, b) => String(a.person_id).localeCompare(String(b.person_id))))],
  ));
  if (audit) {
    const createdIds = new Set(created.map((c) => c.id));
    const byPerson = new Map(details.map((d, i) => [ids[i], d]));
    const steps: ProcessingStep[] = [];
    const op = audit.operation;
    for (const r of upserted.rows as Array<{ person_id: string; inserted: boolean }>) {
      const categories = categoriesOfDetails(byPerson.get(r.person_id) as Record<string, unknown>);
      const action = r.inserted ? ProcessingAction.COLLECT : ProcessingAction.ALTER;
      for (const category of categories.length ? categories : [null]) {
        steps.push({
          personId: r.person_id, category, action, basis: 'controller', operation: op,
          justification: r.inserted ? `${agencyId} supplied its record of the person` : `${agencyId} updated its record of the person`,
        });
      }
      if (r.inserted && !createdIds.has(r.person_id)) {
        steps.push({
          personId: r.person_id, category: DataCategory.IDENTITY, action: ProcessingAction.COMBINE, basis: 'identity-match', operation: op,
          justification: `${agencyId}'s record linked to the person other agencies hold, by name, date of birth and postcode (rules/person-matching.ts)`,
        });
      }
    }
    await timed('consent: access log append (people)', () => logProcessing(audit.em, audit.actor, steps));
  }
  return ids;
}
