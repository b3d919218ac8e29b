import type { EntityManager } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import { DataCategory } from '../../shared/enums';

/**
 * Retention: incidents that occurred more than INCIDENT_RETENTION_MONTHS ago (default 72, six
 * years) lose their personal detail — narrative, location, UPRN, coordinates, the people concerned
 * and the narrative of actions (only when and how many remain) — while source, agency, category,
 * time and LSOA stay, so statistics still count them. Returns the people whose data was touched,
 * for the access log.
 */
export interface RetentionResult {
  cutoff: Date;
  anonymised: number;
  people: Map<string, number>;
}

export async function anonymiseOldIncidents(em: EntityManager, months: number, now = new Date()): Promise<RetentionResult> {
  const cutoff = DateTime.fromJSDate(now).minus({ months }).toJSDate();
  const rows = await em.getConnection().execute<{ reporter_person_id: string | null; person_ids: string[] }[]>(
    `with old as (
        select id, reporter_person_id, person_ids from "incidents"."incident"
         where occurred_at < ? and anonymised_at is null
         for update
      )
      update "incidents"."incident" i
         set description = null, location = null, uprn = null, latitude = null, longitude = null,
             reporter_person_id = null, person_ids = '{}',
             actions = (select coalesce(jsonb_agg(jsonb_build_object('at', a->'at', 'action', 'Action (detail removed under retention policy)')), '[]'::jsonb)
                          from jsonb_array_elements(i.actions) a),
             anonymised_at = ?, updated_at = ?
        from old
       where i.id = old.id
   returning old.reporter_person_id, old.person_ids`,
    [cutoff, now, now],
    'all',
    // Inside the caller's transaction when there is one (anonymiseRetainedIncidents logs before it commits).
    em.getTransactionContext(),
  );
  const people = new Map<string, number>();
  for (const r of rows) {
    for (const p of new Set([r.reporter_person_id, ...(r.person_ids ?? [])].filter((x): x is string => !!x))) people.set(p, (people.get(p) ?? 0) + 1);
  }
  return { cutoff, anonymised: rows.length, people };
}

/** What anonymiseOldIncidents would change now: incidents past the period, per supplying agency and year, and the people concerned. */
export interface RetentionPreview {
  cutoff: Date;
  byAgencyYear: Array<{ agencyId: string; year: number; incidents: number }>;
  incidents: number;
  people: number;
}

export async function previewRetention(em: EntityManager, months: number, now = new Date()): Promise<RetentionPreview> {
  const cutoff = DateTime.fromJSDate(now).minus({ months }).toJSDate();
  const conn = em.getConnection();
  const groups = await conn.execute<Array<{ agency_id: string; year: number; n: string }>>(
    `select agency_id, extract(year from occurred_at at time zone 'Europe/London')::int as year, count(*)::text as n
       from "incidents"."incident" where occurred_at < ? and anonymised_at is null group by 1, 2 order by 1, 2`,
    [cutoff],
    'all',
    em.getTransactionContext(),
  );
  const [people] = await conn.execute<Array<{ n: string }>>(
    `select count(distinct p)::text as n from (
        select i.reporter_person_id::text as p from "incidents"."incident" i where i.occurred_at < ? and i.anonymised_at is null
        union all
        select unnest(i.person_ids)::text from "incidents"."incident" i where i.occurred_at < ? and i.anonymised_at is null
      ) people where p is not null`,
    [cutoff, cutoff],
    'all',
    em.getTransactionContext(),
  );
  const byAgencyYear = groups.map((g) => ({ agencyId: g.agency_id, year: g.year, incidents: Number(g.n) }));
  return { cutoff, byAgencyYear, incidents: byAgencyYear.reduce((s, g) => s + g.incidents, 0), people: Number(people?.n ?? 0) };
}

/**
 * The access log's record of a retention run: one erasure per person concerned, as `npm run
 * retention -- --yes` and `anonymiseRetainedIncidents` both write it.
 */
export function retentionErasures(result: RetentionResult, months: number) {
  const day = result.cutoff.toISOString().slice(0, 10);
  return [...result.people].map(([personId, count]) => ({
    personId,
    category: DataCategory.INCIDENT_DETAIL,
    action: 'ERASE' as const,
    basis: `retention-policy:${months}-months`,
    operation: `retention / anonymised ${count} incident(s) older than ${day}`,
    justification: `retention policy: incidents' personal detail is kept ${months} months (UK GDPR Art. 5(1)(e))`,
  }));
}
