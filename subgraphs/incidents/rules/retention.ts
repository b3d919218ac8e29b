import type { EntityManager } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';

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
  );
  const people = new Map<string, number>();
  for (const r of rows) {
    for (const p of new Set([r.reporter_person_id, ...(r.person_ids ?? [])].filter((x): x is string => !!x))) people.set(p, (people.get(p) ?? 0) + 1);
  }
  return { cutoff, anonymised: rows.length, people };
}
