import type { Knex } from '@mikro-orm/postgresql';
import { config } from '../../../platform/config';

/**
 * The same incident reported to several agencies (documented for SPOCs and DPOs).
 *
 * Two incidents are taken to be reports of the same incident when ALL of these hold:
 * 1. they were reported to different agencies (two reports to one agency are two incidents:
 *    repeats count towards the Community Trigger threshold and must not be merged);
 * 2. they occurred within the window of each other (INCIDENT_LINK_WINDOW_HOURS, default 48 h);
 * 3. they concern the same person (the reporter or anyone involved, by pseudonymous Person id:
 *    SAME_PERSON) or the same place (the same UPRN: SAME_PROPERTY; or, in the same LSOA,
 *    coordinates within INCIDENT_LINK_DISTANCE_METRES, default 100 m: SAME_PLACE);
 * 4. they are the same or similar ASB: the same NSIR category (SAME_CATEGORY) or the same
 *    sub-type, ignoring case (SIMILAR_SUB_TYPE);
 * or, when the agencies categorised the event differently (e.g. police PERSONAL, housing
 * NUISANCE): they were reported to different agencies by the same reporter (SAME_REPORTER), at the
 * same property or place (or, where the records hold nothing closer to compare, the same LSOA:
 * SAME_AREA), and occurred within INCIDENT_LINK_RECATEGORISED_WINDOW_HOURS (default
 * 2 h) of each other: the reporter and the place and the moment are then all that says it is one
 * event, so the time allowed is shorter.
 *
 * Each link is stored with what the two reports share, the hours between them and the window in
 * force (IncidentLink), so "why linked" is answered from data. The linked reports form a cluster;
 * its id is the id of its earliest-recorded incident, so it does not move as more reports join.
 * A SPOC may undo a link (recorded with who, when and why); a link a SPOC undid is never remade.
 * When a resubmission changes a report so that a link no longer holds, the hub undoes it itself
 * (`system:resubmission`, recorded the same way) and remakes it should the reports match again.
 *
 * This is the hub's one definition of "the same incident": the Community Trigger threshold counts
 * these clusters (subgraphs/triggers/rules/same-incident.ts), never a rule of its own.
 */
export interface LinkOptions {
  windowHours: number;
  distanceMetres: number;
  /** Same reporter and place, categorised differently: how close in time (hours, at most `windowHours`). */
  recategorisedWindowHours: number;
}

export const linkOptions = (): LinkOptions => ({
  windowHours: config().INCIDENT_LINK_WINDOW_HOURS,
  distanceMetres: config().INCIDENT_LINK_DISTANCE_METRES,
  recategorisedWindowHours: config().INCIDENT_LINK_RECATEGORISED_WINDOW_HOURS,
});

const T = '"incidents"."incident"';
const L = '"incidents"."incident_link"';

/** The basis conditions between incidents aliased `n` and `o` (SQL; the numbers come from the configuration, inlined as numbers). */
const PEOPLE = (a: string) => `(array_remove(array[${a}.reporter_person_id::text], null) || ${a}.person_ids)`;
const seconds = (hours: number) => Number(hours) * 3600;
// Each one true or false, never null (a missing value on one side), so that `not (...)` means "not".
const conditions = (opts: LinkOptions) => definitelyBoolean({
  same_person: `(${PEOPLE('n')} && ${PEOPLE('o')})`,
  same_reporter: `(n.reporter_person_id is not null and n.reporter_person_id = o.reporter_person_id)`,
  same_property: `(n.uprn is not null and n.uprn = o.uprn)`,
  same_place: `(n.latitude is not null and o.latitude is not null and
      sqrt(power((o.latitude - n.latitude) * 111320.0, 2) + power((o.longitude - n.longitude) * 111320.0 * cos(radians(n.latitude)), 2)) <= ${Number(opts.distanceMetres)})`,
  // the same LSOA, where the records hold nothing closer to compare (not both a UPRN, not both coordinates)
  same_area: `(n.lsoa_code is not null and n.lsoa_code = o.lsoa_code and not (n.uprn is not null and o.uprn is not null)
      and not (n.latitude is not null and o.latitude is not null))`,
  same_category: `(n.category = o.category)`,
  similar_sub_type: `(n.sub_type is not null and lower(n.sub_type) = lower(o.sub_type))`,
  recategorised_close: `(abs(extract(epoch from (o.occurred_at - n.occurred_at))) <= ${seconds(Math.min(opts.recategorisedWindowHours, opts.windowHours))})`,
});
function definitelyBoolean<K extends string>(c: Record<K, string>): Record<K, string> {
  return Object.fromEntries(Object.entries<string>(c).map(([k, v]) => [k, `coalesce(${v}, false)`])) as Record<K, string>;
}
type Condition = keyof ReturnType<typeof conditions>;
const within = (opts: LinkOptions) =>
  `o.agency_id <> n.agency_id and o.occurred_at between n.occurred_at - interval '${seconds(opts.windowHours)} seconds' and n.occurred_at + interval '${seconds(opts.windowHours)} seconds'`;
/** The same or similar ASB at the same person or place; or one reporter's report at one place, categorised differently, close in time. */
const MATCHES = `(((same_person or same_property or same_place) and (same_category or similar_sub_type))
  or (same_reporter and (same_property or same_place or same_area) and recategorised_close))`;
const inlineMatches = (opts: LinkOptions) => {
  const c = conditions(opts);
  return MATCHES.replace(new RegExp(`\\b(${Object.keys(c).join('|')})\\b`, 'g'), (k) => c[k as Condition]);
};

/** `o` occurred within the window of `n` (the window is a number from the configuration, inlined). */
const near = (o: string, n: string, opts: LinkOptions) =>
  `${o}.occurred_at between ${n}.occurred_at - interval '${Number(opts.windowHours) * 3600} seconds' and ${n}.occurred_at + interval '${Number(opts.windowHours) * 3600} seconds'`;

const LINK_SQL = (opts: LinkOptions) =>
  `with n as (
     select i.*, ${PEOPLE('i')} as people from unnest(?::uuid[]) as b(id) cross join lateral (select * from ${T} i where i.id = b.id offset 0) i
   ), cand as (
     select n.id as nid, o.id as oid from n join ${T} o on o.reporter_person_id = any(n.people::uuid[]) and ${near('o', 'n', opts)}
     union
     -- one probe of the GIN index for the whole batch, not one per record
     select n.id, o.id from (
       -- (offset 0: else the probe may be pushed into a loop over the batch, one GIN search per record)
       select o.id, o.person_ids, o.occurred_at from ${T} o where o.person_ids && (select coalesce(array_agg(p), '{}') from n, unnest(n.people) p) offset 0
     ) o join n on o.person_ids && n.people and ${near('o', 'n', opts)}
     union
     -- lateral: one probe of the (key, occurred_at) index per record, never a sort of the table
     -- (offset 0 keeps the planner from flattening it into a join that may be planned so)
     select n.id, o.id from n cross join lateral (select o.id from ${T} o where o.uprn = n.uprn and ${near('o', 'n', opts)} offset 0) o
     union
     select n.id, o.id from n cross join lateral (select o.id from ${T} o where o.lsoa_code = n.lsoa_code and ${near('o', 'n', opts)} offset 0) o
   ), pairs as (
     select least(n.id, o.id) as a, greatest(n.id, o.id) as b,
       abs(extract(epoch from (o.occurred_at - n.occurred_at))) / 3600.0 as hours,
       ${Object.entries(conditions(opts)).map(([k, v]) => `${v} as ${k}`).join(',\n         ')}
     -- each candidate read by primary key (lateral): a join on the ids was planned as a hash join over a
     -- scan of the whole table (the candidates are overestimated), which grows with the table
     from cand join n on n.id = cand.nid cross join lateral (select * from ${T} o where o.id = cand.oid offset 0) o
     where o.id <> n.id and ${within(opts)}
   )
   insert into ${L} (id, incident_id, other_incident_id, basis, hours_apart, window_hours, linked_at)
   select distinct on (a, b) gen_random_uuid(), a, b,
     array_remove(array[
       case when same_person then 'SAME_PERSON' end, case when same_property then 'SAME_PROPERTY' end,
       case when same_place then 'SAME_PLACE' end, case when same_category then 'SAME_CATEGORY' end,
       case when similar_sub_type then 'SIMILAR_SUB_TYPE' end,
       -- named only when they are what links them (the agencies categorised the event differently)
       case when same_reporter and not (same_category or similar_sub_type) then 'SAME_REPORTER' end,
       case when same_area and same_reporter and not (same_category or similar_sub_type or same_property or same_place) then 'SAME_AREA' end], null),
     round(hours::numeric, 2)::float8, ?, now()
   from pairs
   where ${MATCHES}
   order by a, b
   on conflict (incident_id, other_incident_id) do update set
     basis = excluded.basis, hours_apart = excluded.hours_apart, window_hours = excluded.window_hours, linked_at = now(),
     undone_at = null, undone_by = null, undone_by_agency_id = null, undo_reason = null
   where ${L}.undone_by = '${SYSTEM_UNDO}'
   returning incident_id, other_incident_id`;

/** Links undone by the hub itself (a resubmission made two reports stop matching) may be remade. */
export const SYSTEM_UNDO = 'system:resubmission';

/**
 * Finds and stores links between the given (new or changed) incidents and any others, in one
 * statement, then re-clusters what changed. Returns the number of new (or remade) links.
 */
export async function linkSameIncidents(trx: Knex | Knex.Transaction, ids: string[], opts: LinkOptions = linkOptions()): Promise<number> {
  if (!ids.length) return 0;
  const result = await trx.raw(
    // Candidates come through indexes only (person, property, LSOA + time), so the cost follows the
    // batch, not the table: a window over a national table holds far too many rows to compare all.
    // Every candidate is also bounded in time, through (key, occurred_at) indexes, so a person's or
    // a property's whole history is never read: the cost stays flat as the table grows.
    // The batch is read by primary key (a join on its ids): `id = any(<array>)` may be planned as a
    // scan of the whole table comparing every row with every id, which grows with table × batch.
    LINK_SQL(opts),
    [ids, opts.windowHours],
  );
  const rows = result.rows as Array<{ incident_id: string; other_incident_id: string }>;
  if (rows.length) await recluster(trx, rows.flatMap((r) => [r.incident_id, r.other_incident_id]));
  return rows.length;
}

/**
 * After resubmitted records changed, undoes the links of theirs that no longer hold (recorded as
 * undone by `system:resubmission`, remade if they match again) and re-clusters. Returns how many.
 */
export async function unlinkStale(trx: Knex | Knex.Transaction, ids: string[], opts: LinkOptions = linkOptions()): Promise<number> {
  if (!ids.length) return 0;
  const result = await trx.raw(
    `with stale as (
       select l.id, l.incident_id, l.other_incident_id from ${L} l
       join ${T} n on n.id = l.incident_id join ${T} o on o.id = l.other_incident_id
       where l.undone_at is null
         and l.id in (select l2.id from unnest(?::uuid[]) as c(id) join ${L} l2 on l2.incident_id = c.id
                      union all select l2.id from unnest(?::uuid[]) as c(id) join ${L} l2 on l2.other_incident_id = c.id)
         and not (${within(opts)} and ${inlineMatches(opts)})
     )
     update ${L} l set undone_at = now(), undone_by = '${SYSTEM_UNDO}', undo_reason = 'The reports no longer match after one of them was resubmitted'
     from stale where l.id = stale.id
     returning l.incident_id, l.other_incident_id`,
    [ids, ids],
  );
  const rows = result.rows as Array<{ incident_id: string; other_incident_id: string }>;
  if (rows.length) await recluster(trx, rows.flatMap((r) => [r.incident_id, r.other_incident_id]));
  return rows.length;
}

const RECLUSTER_SQL = `with recursive comp(id) as (
       select unnest(?::uuid[])
       union
       select case when l.incident_id = c.id then l.other_incident_id else l.incident_id end
       -- each step through the two indexes (lateral): with the statistics behind a fast-growing table the
       -- join was planned as a scan of every link per incident reached
       from comp c cross join lateral (
         select l.incident_id, l.other_incident_id from ${L} l where l.incident_id = c.id and l.undone_at is null
         union all select l.incident_id, l.other_incident_id from ${L} l where l.other_incident_id = c.id and l.undone_at is null) l
     )
     select i.id, i.created_at, i.cluster_id,
       coalesce((select array_agg(case when l.incident_id = i.id then l.other_incident_id else l.incident_id end)
                 from ${L} l where (l.incident_id = i.id or l.other_incident_id = i.id) and l.undone_at is null), '{}') as neighbours
     from comp cross join lateral (select i.id, i.created_at, i.cluster_id from ${T} i where i.id = comp.id offset 0) i`;

/**
 * Recomputes the cluster of every incident connected (through links not undone) to the given
 * ones: each connected group takes the id of its earliest-recorded member; a lone incident its own.
 */
export async function recluster(trx: Knex | Knex.Transaction, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const reached = await trx.raw(
    RECLUSTER_SQL,
    [[...new Set(ids)]],
  );
  const nodes = reached.rows as Array<{ id: string; created_at: Date; cluster_id: string | null; neighbours: string[] }>;
  const parent = new Map(nodes.map((n) => [n.id, n.id]));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const n of nodes) for (const m of n.neighbours) if (parent.has(m)) parent.set(find(m), find(n.id));
  const earliest = new Map<string, { id: string; at: number }>();
  for (const n of nodes) {
    const root = find(n.id);
    const at = new Date(n.created_at).getTime();
    const best = earliest.get(root);
    if (!best || at < best.at || (at === best.at && n.id < best.id)) earliest.set(root, { id: n.id, at });
  }
  const changes = nodes.map((n) => ({ id: n.id, cluster: earliest.get(find(n.id))!.id })).filter((c, i) => nodes[i].cluster_id !== c.cluster);
  if (!changes.length) return;
  await trx.raw(`update ${T} i set cluster_id = v.cluster from (select unnest(?::uuid[]) as id, unnest(?::uuid[]) as cluster) v where i.id = v.id`, [
    changes.map((c) => c.id),
    changes.map((c) => c.cluster),
  ]);
}
