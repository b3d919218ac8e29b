import { randomUUID } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';
import { matchKeyOf } from '../rules/person-matching';

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
export async function linkPersonRecords(trx: Knex.Transaction, agencyId: string, details: SuppliedDetails[]): Promise<string[]> {
  if (!details.length) return [];
  const keys = details.map((d) => matchKeyOf(d));
  const wanted = [...new Set(keys.filter((k): k is string => !!k))];
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
  await trx.raw(
    `insert into "consent"."person_record" (id, person_id, agency_id, supplied_at, updated_at, ${COLUMNS.join(', ')}, vulnerabilities)
     select gen_random_uuid(), r.person_id, ?, now(), now(), ${COLUMNS.map((c) => `r.${c}`).join(', ')}, coalesce(r.vulnerabilities, '{}')
     from jsonb_to_recordset(?::jsonb) as r(person_id uuid, given_name text, family_name text, date_of_birth date, address text,
       postcode text, phone text, email text, vulnerabilities text[])
     on conflict (person_id, agency_id) do update set ${COLUMNS.map(keep).join(', ')},
       vulnerabilities = case when excluded.vulnerabilities = '{}' then "consent"."person_record".vulnerabilities else excluded.vulnerabilities end,
       updated_at = now()`,
    [agencyId, JSON.stringify([...rows.values()])],
  );
  return ids;
}
