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
  const cutoff = cutoffOf(months, now);
  return resultOf({ cutoff, incidents: await anonymiseBefore(em, cutoff, now) });
}

/** An incident past the period, with the people it names (reporter and others, each once, sorted). */
export interface PlannedIncident {
  id: string;
  people: string[];
}

/**
 * What a run would anonymise now, incident by incident (ordered by id): anonymiseRetainedIncidents
 * logs the erasures from it before it changes anything, then checks that anonymisePlanned changed
 * exactly these (samePlan).
 */
export interface RetentionPlan {
  cutoff: Date;
  incidents: PlannedIncident[];
}

const cutoffOf = (months: number, now: Date) => DateTime.fromJSDate(now).minus({ months }).toJSDate();

type IncidentRow = { id: string; reporter_person_id: string | null; person_ids: string[] | null };

const planned = (rows: IncidentRow[]): PlannedIncident[] =>
  rows
    .map((r) => ({ id: r.id, people: [...new Set([r.reporter_person_id, ...(r.person_ids ?? [])].filter((x): x is string => !!x))].sort() }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** Every incident before `cutoff` still holding personal detail loses it; returns them as they were. */
async function anonymiseBefore(em: EntityManager, cutoff: Date, now: Date): Promise<PlannedIncident[]> {
  const rows = await em.getConnection().execute<IncidentRow[]>(
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
   returning old.id, old.reporter_person_id, old.person_ids`,
    [cutoff, now, now],
    'all',
    // Inside the caller's transaction when there is one (anonymisePlanned compares before it commits).
    em.getTransactionContext(),
  );
  return planned(rows);
}

export async function planRetention(em: EntityManager, months: number, now = new Date()): Promise<RetentionPlan> {
  const cutoff = cutoffOf(months, now);
  const rows = await em.getConnection().execute<IncidentRow[]>(
    `select id, reporter_person_id, person_ids from "incidents"."incident" where occurred_at < ? and anonymised_at is null`,
    [cutoff],
    'all',
    em.getTransactionContext(),
  );
  return { cutoff, incidents: planned(rows) };
}

/**
 * Anonymises what is past the plan's cutoff now, in `em`'s transaction, and returns what it
 * changed; the caller rolls back (throws) unless samePlan(plan, changed).
 */
export async function anonymisePlanned(em: EntityManager, plan: RetentionPlan, now: Date): Promise<RetentionPlan> {
  return { cutoff: plan.cutoff, incidents: await anonymiseBefore(em, plan.cutoff, now) };
}

/** Whether two plans name the same incidents, each concerning the same people. */
export function samePlan(a: RetentionPlan, b: RetentionPlan): boolean {
  return (
    a.cutoff.getTime() === b.cutoff.getTime() &&
    a.incidents.length === b.incidents.length &&
    a.incidents.every((x, i) => x.id === b.incidents[i].id && x.people.join() === b.incidents[i].people.join())
  );
}

/** A plan (or a run) as the access log counts it: the incidents, and per person how many named them. */
export function resultOf(plan: RetentionPlan): RetentionResult {
  const people = new Map<string, number>();
  for (const i of plan.incidents) for (const p of i.people) people.set(p, (people.get(p) ?? 0) + 1);
  return { cutoff: plan.cutoff, anonymised: plan.incidents.length, people };
}

/** What anonymiseOldIncidents would change now: incidents past the period, per supplying agency and year, and the people concerned. */
export interface RetentionPreview {
  cutoff: Date;
  byAgencyYear: Array<{ agencyId: string; year: number; incidents: number }>;
  incidents: number;
  people: number;
}

export async function previewRetention(em: EntityManager, months: number, now = new Date()): Promise<RetentionPreview> {
  const cutoff = cutoffOf(months, now);
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
