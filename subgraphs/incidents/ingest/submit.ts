import type { Knex } from '@mikro-orm/postgresql';
import { badInput } from '../../../platform/errors';
import type { IncidentSource } from '../../shared/enums';
import type { FieldError } from '../../shared/validation';
import { matchParts } from '../../shared/person-names';
import { linkOptions, linkSameIncidents, unlinkStale, type LinkOptions } from '../rules/same-incident';
import type { ConsentClient } from './consent-client';
import { checkRecord, MAX_BATCH, type NormalisedRecord, type ReportedPerson } from './records';
import { ingestedRecords } from '../../../platform/metrics';
import { addStepTime, timed } from '../../shared/step-timings';

/**
 * Ingestion, shared by `submitIncidents` and the `npm run ingest` command: validate each record,
 * resolve the people it names to Person ids (one call to the consent subgraph per submission),
 * then upsert every good record in one statement and link reports of the same incident, all in
 * one transaction. Bad records are returned with their index and field errors; they never stop
 * the good ones. Idempotent on (agency, sourceRef): a resubmission updates, never duplicates, and
 * an identical one changes nothing.
 */
export interface IngestRequest {
  agencyId: string;
  source: IncidentSource;
  records: unknown[];
}

export interface IngestResult {
  accepted: number;
  updated: number;
  unchanged: number;
  linked: number;
  rejected: Array<{ index: number; sourceRef: string | null; errors: FieldError[] }>;
}

/** Each person whose incident detail a submission collected (new incidents) or altered (changed ones), for the access log. */
export interface IncidentProcessing {
  personId: string;
  action: 'COLLECT' | 'ALTER';
  incidents: number;
}

export interface IngestDeps {
  knex: Knex;
  consent: Pick<ConsentClient, 'resolvePeople'>;
  /** Logs the collection before the batch commits (it fails the batch when it cannot). */
  audit?: (steps: IncidentProcessing[]) => Promise<void>;
  link?: LinkOptions;
  maxBatch?: number;
  /** Told, once the batch is committed, the reporters of the incidents it added (ingest/landed.ts). */
  landed?: (reporterPersonIds: string[]) => Promise<void>;
}

interface Slot {
  record: NormalisedRecord;
  /** 'reporter' or the position among peopleInvolved. */
  slot: 'reporter' | number;
  person: ReportedPerson;
  /** The agency reference used to remember the person (given, or derived from the report). */
  ref: string | null;
}

const T = '"incidents"."incident"';
const R = '"incidents"."agency_person_ref"';
const complete = (p: ReportedPerson) => !!(p.givenName && p.familyName && p.dateOfBirth && p.postcode);

export async function ingestIncidents(deps: IngestDeps, req: IngestRequest): Promise<IngestResult> {
  const { landedReporters, ...result } = await ingestBatch(deps, req);
  if (deps.landed && landedReporters.length) await timed('landed (triggers call)', () => deps.landed!(landedReporters));
  // Counted once the batch is committed (a failed transaction counts nothing).
  for (const outcome of ['accepted', 'updated', 'unchanged'] as const) if (result[outcome]) ingestedRecords.inc({ source: req.source, outcome }, result[outcome]);
  if (result.rejected.length) ingestedRecords.inc({ source: req.source, outcome: 'rejected' }, result.rejected.length);
  return result;
}

async function ingestBatch(deps: IngestDeps, req: IngestRequest): Promise<IngestResult & { landedReporters: string[] }> {
  const started = performance.now();
  const max = deps.maxBatch ?? MAX_BATCH;
  if (req.records.length > max) throw badInput(`At most ${max} records per submission`, 'records', { limit: max });
  const rejected: IngestResult['rejected'] = [];
  const reject = (index: number, sourceRef: string | null, errors: FieldError[]) => rejected.push({ index, sourceRef, errors });

  // 1. Validate; a sourceRef repeated within the batch is refused after its first occurrence.
  const good: NormalisedRecord[] = [];
  const seen = new Map<string, number>();
  req.records.forEach((input, index) => {
    const checked = checkRecord(req.source, input, index);
    if (!checked.ok) return reject(index, checked.sourceRef, checked.errors);
    const first = seen.get(checked.record.sourceRef);
    if (first !== undefined) return reject(index, checked.record.sourceRef, [{ field: 'sourceRef', message: `repeats record ${first} of this submission` }]);
    seen.set(checked.record.sourceRef, index);
    good.push(checked.record);
  });

  addStepTime('validate', performance.now() - started);
  // 2. People: known agency references first (one query), the rest in one call to consent.
  const slots: Slot[] = [];
  for (const record of good) {
    const add = (slot: Slot['slot'], person: ReportedPerson) =>
      slots.push({ record, slot, person, ref: person.personRef ? `ref:${person.personRef}` : complete(person) ? null : `report:${record.sourceRef}:${slot}` });
    if (record.reporter) add('reporter', record.reporter);
    record.peopleInvolved.forEach((p, i) => add(i, p));
  }
  const refs = [...new Set(slots.map((s) => s.ref).filter((r): r is string => !!r))];
  const known = new Map<string, string>();
  if (refs.length) {
    const rows = await timed('known references', () => deps.knex.raw(`select person_ref, person_id from ${R} where agency_id = ? and person_ref = any(?::text[])`, [req.agencyId, refs]));
    for (const r of rows.rows as Array<{ person_ref: string; person_id: string }>) known.set(r.person_ref, r.person_id);
  }
  const personIdOf = new Map<Slot, string>();
  const toResolve: ReportedPerson[] = [];
  const resolveKeyIndex = new Map<string, number>();
  const pending: Array<{ slot: Slot; at: number }> = [];
  const badRecords = new Map<NormalisedRecord, FieldError[]>();
  // First the records naming someone who cannot be resolved: none of their people goes to consent.
  for (const s of slots) {
    if ((s.ref && known.has(s.ref)) || (s.person.givenName && s.person.familyName)) continue;
    const field = s.slot === 'reporter' ? 'reporter.personRef' : `peopleInvolved.${s.slot}.personRef`;
    badRecords.set(s.record, [...(badRecords.get(s.record) ?? []), { field, message: 'is not known yet: send the person’s names with it once' }]);
  }
  for (const s of slots) {
    if (badRecords.has(s.record)) continue;
    const hit = s.ref ? known.get(s.ref) : undefined;
    if (hit) {
      personIdOf.set(s, hit);
      continue;
    }
    const p = s.person;
    // One request per person as consent matches them (a person it would never match stays apart).
    const parts = s.ref ? null : matchParts(p);
    const key = s.ref ?? (parts ? `key:${parts.join('|')}` : `slot:${pending.length}`);
    let at = resolveKeyIndex.get(key);
    if (at === undefined) {
      at = toResolve.push(p) - 1;
      resolveKeyIndex.set(key, at);
    }
    pending.push({ slot: s, at });
  }
  for (const [record, errors] of badRecords) reject(record.index, record.sourceRef, errors);
  const storable = good.filter((r) => !badRecords.has(r));
  const resolvedIds = toResolve.length ? await timed('people (consent call)', () => deps.consent.resolvePeople(req.agencyId, toResolve)) : [];
  const newRefs = new Map<string, string>();
  for (const { slot, at } of pending) {
    const id = resolvedIds[at];
    if (!id) throw new Error('Person resolution returned fewer ids than asked');
    personIdOf.set(slot, id);
    if (slot.ref) newRefs.set(slot.ref, id);
  }
  rejected.sort((a, b) => a.index - b.index);
  if (!storable.length) return { accepted: 0, updated: 0, unchanged: 0, linked: 0, rejected, landedReporters: [] };

  const slotsOf = new Map<NormalisedRecord, Slot[]>();
  for (const s of slots) slotsOf.set(s.record, [...(slotsOf.get(s.record) ?? []), s]);
  const rows = storable.map((r) => {
    const mine = slotsOf.get(r) ?? [];
    const reporter = mine.find((s) => s.slot === 'reporter');
    const involved = [...new Set(mine.filter((s) => s.slot !== 'reporter').map((s) => personIdOf.get(s)!))];
    return {
      source: req.source,
      agency_id: req.agencyId,
      source_ref: r.sourceRef,
      category: r.category,
      sub_type: r.subType,
      occurred_at: r.occurredAt.toISOString(),
      reported_at: r.reportedAt.toISOString(),
      description: r.description,
      location: r.location,
      uprn: r.uprn,
      latitude: r.latitude,
      longitude: r.longitude,
      lsoa_code: r.lsoaCode,
      reporter_person_id: reporter ? personIdOf.get(reporter)! : null,
      person_ids: involved,
      actions: r.actions,
      source_details: r.sourceDetails,
    };
  });

  // 3. One transaction: upsert (one statement), remember new person references, link.
  const opts = deps.link ?? linkOptions();
  let bodyDone = 0;
  const { result } = await inTransaction(deps.knex, async (trx) => {
    const upserted = await timed('upsert', () => trx.raw(UPSERT, [JSON.stringify(rows)]));
    const changed = upserted.rows as Array<{ id: string; inserted: boolean; reporter_person_id: string | null; person_ids: string[] | null }>;
    if (deps.audit) {
      const counts = new Map<string, IncidentProcessing>();
      for (const c of changed) {
        for (const personId of new Set([c.reporter_person_id, ...(c.person_ids ?? [])].filter((p): p is string => !!p))) {
          const action = c.inserted ? 'COLLECT' : 'ALTER';
          const key = `${personId}|${action}`;
          const step = counts.get(key) ?? { personId, action, incidents: 0 };
          step.incidents++;
          counts.set(key, step);
        }
      }
      await timed('access log (consent call)', () => deps.audit!([...counts.values()]));
    }
    if (newRefs.size) {
      await trx.raw(
        `insert into ${R} (agency_id, person_ref, person_id) select ?, unnest(?::text[]), unnest(?::uuid[]) on conflict (agency_id, person_ref) do nothing`,
        [req.agencyId, [...newRefs.keys()], [...newRefs.values()]],
      );
    }
    // Linking and commit are one submission at a time (of every process: a transaction lock), so
    // that each links against every report committed before it, a concurrent one's included: of two
    // submissions in flight together the later to take the lock sees the other's rows.
    // (This replaces a second link pass after commit, which did the linking of every batch twice.)
    if (changed.length) await timed('link lock wait', () => trx.raw(`select pg_advisory_xact_lock(${LINK_LOCK})`));
    await timed('unlink stale', () => unlinkStale(trx, changed.filter((c) => !c.inserted).map((c) => c.id), opts));
    const linked = await timed('link and recluster', () => linkSameIncidents(trx, changed.map((c) => c.id), opts));
    const accepted = changed.filter((c) => c.inserted).length;
    const landedReporters = [...new Set(changed.filter((c) => c.inserted && c.reporter_person_id).map((c) => c.reporter_person_id!))];
    bodyDone = performance.now();
    return { result: { accepted, updated: changed.length - accepted, unchanged: storable.length - changed.length, linked, rejected, landedReporters } };
  });
  addStepTime('commit', performance.now() - bodyDone);
  return result;
}

/** The transaction lock (one key: the ingestion of every process) that orders linking and commit. */
const LINK_LOCK = 0x4c494e4b; // 'LINK'

/**
 * A transaction retried once when PostgreSQL breaks a deadlock by aborting it: waiting for the link
 * lock while holding rows another submission's re-clustering updates is a cycle, rare but possible.
 * The batch is idempotent, so running it again stores the same (its access-log steps are logged
 * again: the aborted attempt's were logged before it was aborted, and a log says too much, not too little).
 */
async function inTransaction<T>(knex: Knex, fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await knex.transaction(fn);
    } catch (err) {
      if (attempt >= 1 || (err as { code?: string }).code !== '40P01') throw err;
    }
  }
}

const COLUMNS = [
  'source', 'agency_id', 'source_ref', 'category', 'sub_type', 'occurred_at', 'reported_at', 'description', 'location', 'uprn',
  'latitude', 'longitude', 'lsoa_code', 'reporter_person_id', 'person_ids', 'actions', 'source_details',
];
const CONTENT = COLUMNS.filter((c) => c !== 'agency_id' && c !== 'source_ref');

/** INSERT ... ON CONFLICT DO UPDATE for the whole batch; rows whose content is unchanged are left alone. */
const UPSERT = `
  insert into ${T} as i (id, ${COLUMNS.join(', ')}, cluster_id, created_at, updated_at)
  select g.id, ${COLUMNS.map((c) => `g.${c}`).join(', ')}, g.id, now(), now()
  from (
    select gen_random_uuid() as id, r.*
    from jsonb_to_recordset(?::jsonb) as r(
      source text, agency_id text, source_ref text, category text, sub_type text, occurred_at timestamptz, reported_at timestamptz,
      description text, location text, uprn text, latitude float8, longitude float8, lsoa_code text, reporter_person_id uuid,
      person_ids text[], actions jsonb, source_details jsonb)
  ) g
  on conflict (agency_id, source_ref) do update set ${CONTENT.map((c) => `${c} = excluded.${c}`).join(', ')}, updated_at = now()
  where (${CONTENT.map((c) => `i.${c}`).join(', ')}) is distinct from (${CONTENT.map((c) => `excluded.${c}`).join(', ')})
  returning i.id, (i.xmax = 0) as inserted, i.reporter_person_id, i.person_ids`;
