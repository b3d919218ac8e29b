import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { signToken } from '../../platform/auth';
import { startGateway } from '../../gateway';
import { benchHub, machine } from './lib';
import { spawnSubgraph } from './processes';
import { ingestStepTimes } from '../../subgraphs/shared/step-timings';
import type { Benchmark } from './types';

/**
 * Ingestion throughput: N generated police records submitted through the gateway's
 * `submitIncidents` in batches of 500 (validation, person resolution in the consent subgraph,
 * bulk upsert, same-incident linking), beside a raw PostgreSQL COPY of the same rows into a scratch
 * table without indexes in the same database, in the same run.
 */
const TOTAL = Number(process.env.BENCH_INGEST_RECORDS ?? 20_000);
const BATCH = 500;
const CONCURRENCY = Number(process.env.BENCH_INGEST_CONCURRENCY ?? 4);
const PEOPLE = 2_000;
const SUBTYPES = ['Noise', 'Vehicle nuisance', 'Intimidation', 'Harassment', 'Street drinking', 'Fly-tipping', 'Littering', 'Begging'];
const CATEGORY: Record<string, string> = {
  Noise: 'NUISANCE', 'Vehicle nuisance': 'NUISANCE', Intimidation: 'PERSONAL', Harassment: 'PERSONAL',
  'Street drinking': 'NUISANCE', 'Fly-tipping': 'ENVIRONMENTAL', Littering: 'ENVIRONMENTAL', Begging: 'NUISANCE',
};
const GIVEN = ['Amy', 'Ben', 'Chloe', 'Dev', 'Ella', 'Finn', 'Grace', 'Harry', 'Isla', 'Jack'];
const FAMILY = ['Smith', 'Jones', 'Patel', 'Brown', 'Khan', 'Taylor', 'Wilson', 'Evans', 'Green', 'Hall'];

/** A deterministic pseudo-random generator so that every run submits the same records. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function generate(n: number, prefix = 'KP-BENCH') {
  const rand = rng(42);
  const start = Date.UTC(2025, 6, 1);
  const records = [];
  for (let i = 0; i < n; i++) {
    const sub = SUBTYPES[Math.floor(rand() * SUBTYPES.length)];
    const occurred = new Date(start + Math.floor(rand() * 365 * 86_400_000));
    const p = Math.floor(rand() * PEOPLE);
    records.push({
      sourceRef: `${prefix}-${String(i).padStart(7, '0')}`,
      category: CATEGORY[sub],
      subType: sub,
      occurredAt: occurred.toISOString(),
      reportedAt: new Date(occurred.getTime() + Math.floor(rand() * 48) * 3_600_000).toISOString(),
      description: `Caller reports ${sub.toLowerCase()} near the shops; ongoing for several evenings.`,
      location: {
        address: `${1 + Math.floor(rand() * 200)} High Street, Sevenoaks`,
        latitude: 51.2 + rand() * 0.2,
        longitude: 0.1 + rand() * 0.3,
        lsoaCode: `E0102${String(4000 + Math.floor(rand() * 900)).padStart(4, '0')}`,
      },
      reporter: {
        givenName: GIVEN[p % GIVEN.length],
        familyName: `${FAMILY[Math.floor(p / GIVEN.length) % FAMILY.length]}${Math.floor(p / 100)}`,
        dateOfBirth: `19${50 + (p % 50)}-0${1 + (p % 9)}-1${p % 10}`,
        postcode: `TN13 ${p % 10}AB`,
      },
      actions: [{ at: new Date(occurred.getTime() + 86_400_000).toISOString(), action: 'Officer attended; words of advice given', by: `PC ${1000 + (i % 900)}` }],
      police: { attendingOfficer: `PC ${1000 + (i % 900)}`, district: 'Sevenoaks' },
    });
  }
  return records;
}

/**
 * The realistic mix: four agencies' contributors (two police forces, a housing provider, the
 * wardens) each pushing their own stream at once. Most reporters (MIX_KNOWN) are people the hub
 * already holds, registered beforehand by two agencies each; about a fifth of the records are two
 * agencies' reports of one event (the same reporter at the same place within hours: same-incident
 * links across agencies); no other two records match (a person's events are days apart, each
 * person's place is their own).
 */
const MIX_AGENCIES = [
  { agencyId: 'kent-police', source: 'POLICE' },
  { agencyId: 'herts-police', source: 'POLICE' },
  { agencyId: 'west-kent-housing', source: 'HOUSING' },
  { agencyId: 'kent-wardens', source: 'WARDEN' },
] as const;
const MIX_PEOPLE = 2_000;
const MIX_KNOWN = 0.9;
/** The share of events two agencies report: 2f/(1+f) of the records are then linked (f = 1/9: a fifth). */
const MIX_PAIRED = 1 / 9;
const DAY = 86_400_000;

/** A number as letters (person matching compares letters only: digits in a name would not tell people apart). */
const letters = (n: number): string => (n < 26 ? '' : letters(Math.floor(n / 26) - 1)) + String.fromCharCode(97 + (n % 26));
const personOf = (p: number) => ({
  givenName: GIVEN[p % GIVEN.length],
  familyName: `${FAMILY[Math.floor(p / GIVEN.length) % FAMILY.length]}-${letters(p)}`,
  dateOfBirth: `19${50 + (p % 50)}-0${1 + (p % 9)}-1${p % 10}`,
  postcode: `TN13 ${p % 10}AB`,
});
/** Each person's own place: a grid 300 m apart, so that two people's reports never share a place. */
const placeOf = (p: number) => ({ latitude: 51.2 + Math.floor(p / 50) * 0.0027, longitude: 0.1 + (p % 50) * 0.0043, lsoaCode: `E0102${String(4000 + (p % 900)).padStart(4, '0')}`, uprn: String(100000000 + p) });

type Source = (typeof MIX_AGENCIES)[number]['source'];
function mixRecord(source: Source, sourceRef: string, p: number, occurred: Date, sub: string, reporter: Record<string, string>, i: number) {
  const place = placeOf(p);
  return {
    sourceRef, category: CATEGORY[sub], subType: sub, occurredAt: occurred.toISOString(),
    reportedAt: new Date(occurred.getTime() + (i % 6) * 3_600_000).toISOString(),
    description: `Caller reports ${sub.toLowerCase()} near the shops; ongoing for several evenings.`,
    location: { address: `${1 + (p % 200)} High Street, Sevenoaks`, uprn: source === 'HOUSING' ? place.uprn : undefined, latitude: place.latitude, longitude: place.longitude, lsoaCode: place.lsoaCode },
    reporter,
    actions: [{ at: new Date(occurred.getTime() + DAY).toISOString(), action: 'Visited; words of advice given', by: `Officer ${1000 + (i % 900)}` }],
    ...(source === 'POLICE' ? { police: { attendingOfficer: `PC ${1000 + (i % 900)}`, district: 'Sevenoaks' } } : {}),
    ...(source === 'HOUSING' ? { housing: { tenancyRef: `T-${p}`, caseRef: `C-${i}` } } : {}),
    ...(source === 'WARDEN' ? { warden: { patrolId: `P-${i % 50}` } } : {}),
  };
}

/** `total` records over the four agencies (per agency, in time order), and how many links they should make. */
function generateMix(total: number, prefix: string, startAt = Date.UTC(2025, 6, 1)) {
  const rand = rng(7);
  const streams = MIX_AGENCIES.map(() => [] as Array<ReturnType<typeof mixRecord>>);
  let n = 0;
  let pairs = 0;
  for (let e = 0; n < total; e++) {
    const p = e % MIX_PEOPLE;
    // One event per person every three days: a person's events never fall within the link window of each other.
    const occurred = new Date(startAt + Math.floor(e / MIX_PEOPLE) * 3 * DAY + Math.floor(rand() * 12 * 3_600_000));
    const sub = SUBTYPES[Math.floor(rand() * SUBTYPES.length)];
    const known = rand() < MIX_KNOWN;
    const reporter = known ? personOf(p) : { givenName: 'New', familyName: `Caller-${letters(e)}`, dateOfBirth: '1980-05-05', postcode: 'TN14 5XY' };
    const a = e % MIX_AGENCIES.length;
    const add = (agency: number, at: Date) => {
      streams[agency].push(mixRecord(MIX_AGENCIES[agency].source, `${prefix}-${MIX_AGENCIES[agency].agencyId}-${e}`, p, at, sub, reporter, n));
      n++;
    };
    add(a, occurred);
    if (rand() < MIX_PAIRED && n < total) {
      add((a + 1 + Math.floor(rand() * 3)) % MIX_AGENCIES.length, new Date(occurred.getTime() + (1 + Math.floor(rand() * 5)) * 3_600_000));
      pairs++;
    }
  }
  return { streams, total: n, pairs };
}

/** The pool registered beforehand: each person named by two agencies in reports of their own, a year earlier and months apart. */
function generateRegistrations(prefix: string) {
  const streams = MIX_AGENCIES.map(() => [] as Array<ReturnType<typeof mixRecord>>);
  for (let p = 0; p < MIX_PEOPLE; p++) {
    for (const k of [0, 1]) {
      const agency = (p + k * 2) % MIX_AGENCIES.length;
      const at = new Date(Date.UTC(2024, 0, 1) + k * 120 * DAY + (p % 100) * DAY);
      streams[agency].push(mixRecord(MIX_AGENCIES[agency].source, `${prefix}-${p}-${k}`, p, at, 'Noise', personOf(p), p));
    }
  }
  return streams;
}

const submitOf = (source: string) => `mutation($records: [IncidentInput!]!) { submitIncidents(source: ${source}, records: $records) { accepted updated unchanged linked rejected { index } } }`;
const SUBMIT = submitOf('POLICE');

const csvField = (v: unknown) => {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export const benchmark: Benchmark = {
  name: 'ingest',
  description: `submitIncidents through the gateway, batches of ${BATCH}: the realistic mix (${TOTAL} records, four agencies' streams) and ${TOTAL} police records, each vs raw COPY of the same rows`,
  async run() {
    const loadBefore = os.loadavg()[0];
    const records = generate(TOTAL);
    const bench = await benchHub('ingest');
    try {
      const token = await signToken({ sub: 'bench.kent-police', agency: 'kent-police', roles: ['contributor'] });
      type Outcome = { accepted: number; updated: number; unchanged: number; linked: number; rejected: unknown[] };
      /** Submits the records in batches of 500 over `concurrency` parallel streams (a partner system pushing in parallel). */
      const submitAll = async (recs: typeof records, concurrency: number, url = bench.url) => {
        // The partner system's payloads are serialised before the clock starts: the hub's work is measured, not the client's.
        const bodies: string[] = [];
        for (let i = 0; i < recs.length; i += BATCH) bodies.push(JSON.stringify({ query: SUBMIT, variables: { records: recs.slice(i, i + BATCH) } }));
        const total: Outcome = { accepted: 0, updated: 0, unchanged: 0, linked: 0, rejected: [] };
        let next = 0;
        const t = performance.now();
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (next < bodies.length) {
              const body = bodies[next++];
              const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
              const out = (await res.json()) as { data?: { submitIncidents: Outcome }; errors?: unknown[] };
              if (out.errors || !out.data || out.data.submitIncidents.rejected.length) throw new Error(`a batch failed: ${JSON.stringify(out.errors ?? out.data?.submitIncidents.rejected.slice(0, 3))}`);
              for (const k of ['accepted', 'updated', 'unchanged', 'linked'] as const) total[k] += out.data.submitIncidents[k];
            }
          }),
        );
        return { ...total, ms: performance.now() - t };
      };
      // The realistic mix first (the headline figure): four agencies' streams at once, against raw COPY of the same rows.
      const mix = await runMix(bench);
      if (process.env.BENCH_INGEST_ONLY_MIX) return mix;

      // Warm-up (JIT, connection pools, plan caches) on records of their own.
      await submitAll(generate(2 * BATCH, 'KP-WARM'), 1);
      const single = await submitAll(generate(TOTAL / 4, 'KP-ONE'), 1);
      const parallel = await submitAll(records, CONCURRENCY);
      if (parallel.accepted !== records.length) throw new Error('not every record was accepted');
      const again = await submitAll(records, CONCURRENCY);
      if (again.unchanged !== records.length) throw new Error('resubmission changed something');
      const linked = parallel.linked;
      // The same work sent straight to the incidents subgraph: what the gateway adds.
      const direct = await submitAll(generate(TOTAL / 2, 'KP-DIRECT'), CONCURRENCY, bench.hub.subgraphs.incidents.url);

      // The docker-compose topology: consent and incidents in processes of their own, the gateway here.
      const clientUrl = String(bench.hub.subgraphs.incidents.db.orm.config.get('clientUrl'));
      const consentProc = await spawnSubgraph('consent', { DATABASE_URL: clientUrl });
      const incidentsProc = await spawnSubgraph('incidents', { DATABASE_URL: clientUrl, CONSENT_URL: consentProc.url });
      const gw = await startGateway({
        port: 0,
        subgraphUrls: { consent: consentProc.url, incidents: incidentsProc.url, triggers: bench.hub.subgraphs.triggers.url, reviews: bench.hub.subgraphs.reviews.url },
      });
      let split: Awaited<ReturnType<typeof submitAll>>;
      try {
        await submitAll(generate(2 * BATCH, 'KP-WARM2'), 1, gw.url);
        split = await submitAll(generate(TOTAL, 'KP-SPLIT'), CONCURRENCY, gw.url);
      } finally {
        await gw.stop();
        await incidentsProc.stop();
        await consentProc.stop();
      }

      // Baseline: the same rows, COPY'd raw into a scratch table shaped like incidents.incident (no indexes).
      const client = new Client({ connectionString: bench.hub.subgraphs.incidents.db.orm.config.get('clientUrl') });
      await client.connect();
      let copyMs: number;
      try {
        await client.query('create table public.bench_copy (like incidents.incident including defaults)');
        const lines = records.map((r) => {
          const id = randomUUID();
          return [
            id, 'POLICE', 'kent-police-copy', r.sourceRef, r.category, r.subType, r.occurredAt, r.reportedAt, r.description, r.location.address, null,
            r.location.latitude, r.location.longitude, r.location.lsoaCode, randomUUID(), '{}', r.actions, new Date().toISOString(), new Date().toISOString(), r.police, id,
          ].map(csvField).join(',') + '\n';
        });
        const t2 = performance.now();
        await pipeline(
          Readable.from(lines),
          client.query(copyFrom(`copy public.bench_copy (id, source, agency_id, source_ref, category, sub_type, occurred_at, reported_at, description, location, uprn, latitude, longitude, lsoa_code, reporter_person_id, person_ids, actions, created_at, updated_at, source_details, cluster_id) from stdin with (format csv)`)),
        );
        copyMs = performance.now() - t2;
        const { rows } = await client.query('select count(*)::int as n from public.bench_copy');
        if (rows[0].n !== records.length) throw new Error('COPY lost rows');
      } finally {
        await client.end();
      }

      const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
      const submitRate = rate(parallel.accepted, parallel.ms);
      const copyRate = rate(records.length, copyMs);
      return {
        rows: [
          ...mix.rows,
          { subject: `submitIncidents via gateway, new records, ${CONCURRENCY} parallel streams`, records: parallel.accepted, seconds: +(parallel.ms / 1000).toFixed(2), 'records/s': submitRate },
          { subject: 'submitIncidents via gateway, new records, 1 stream', records: single.accepted, seconds: +(single.ms / 1000).toFixed(2), 'records/s': rate(single.accepted, single.ms) },
          { subject: `submitIncidents via gateway, resubmitted unchanged, ${CONCURRENCY} streams`, records: again.unchanged, seconds: +(again.ms / 1000).toFixed(2), 'records/s': rate(again.unchanged, again.ms) },
          { subject: `submitIncidents straight to the incidents subgraph, new records, ${CONCURRENCY} streams`, records: direct.accepted, seconds: +(direct.ms / 1000).toFixed(2), 'records/s': rate(direct.accepted, direct.ms) },
          { subject: `submitIncidents via gateway, subgraphs in their own processes, new records, ${CONCURRENCY} streams`, records: split.accepted, seconds: +(split.ms / 1000).toFixed(2), 'records/s': rate(split.accepted, split.ms) },
          { subject: 'raw COPY into a scratch table (no indexes)', records: records.length, seconds: +(copyMs / 1000).toFixed(2), 'records/s': copyRate },
        ],
        notes: [
          ...mix.notes,
          `ratio: submitIncidents (${CONCURRENCY} streams) runs at ${((submitRate / copyRate) * 100).toFixed(1)}% of raw COPY (COPY is ${(copyRate / submitRate).toFixed(1)}× faster); target ≥ 5,000 records/s: ${submitRate >= 5_000 ? 'met' : 'NOT met'}`,
          `each record names a reporter (pool of ${PEOPLE} people, resolved in one consent call per batch); same-incident links made: ${linked}`,
          `machine: ${machine()}; 1-min load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after (other work on the machine skews every figure alike)`,
        ],
      };
    } finally {
      await bench.stop();
    }
  },
};

type Outcome = { accepted: number; updated: number; unchanged: number; linked: number; rejected: unknown[] };

/** The bulk mode's batch (submitIncidentsBulk, NDJSON): BENCH_INGEST_BULK_BATCH, default 2,000 (the limit is 5,000; a batch must finish within the gateway's subgraph timeout even on a loaded machine). */
const BULK_BATCH = Number(process.env.BENCH_INGEST_BULK_BATCH ?? 2_000);
const bulkOf = (source: string) => `mutation($ndjson: String!) { submitIncidentsBulk(source: ${source}, ndjson: $ndjson) { accepted updated unchanged linked rejected { index } } }`;

/** One agency's request bodies: batches of BATCH records (submitIncidents) or of BULK_BATCH as NDJSON (submitIncidentsBulk). */
function bodiesOf(source: string, recs: unknown[], bulk: boolean): string[] {
  const bodies: string[] = [];
  const size = bulk ? BULK_BATCH : BATCH;
  for (let i = 0; i < recs.length; i += size) {
    const part = recs.slice(i, i + size);
    bodies.push(
      bulk
        ? JSON.stringify({ query: bulkOf(source), variables: { ndjson: part.map((r) => JSON.stringify(r)).join('\n') } })
        : JSON.stringify({ query: submitOf(source), variables: { records: part } }),
    );
  }
  return bodies;
}

/** Sends one agency's bodies one after the other (one stream). */
async function submitStream(url: string, token: string, bodies: string[], counts: Outcome): Promise<void> {
  for (const body of bodies) {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
    const out = (await res.json()) as { data?: Record<string, Outcome>; errors?: unknown[] };
    const got = out.data?.submitIncidents ?? out.data?.submitIncidentsBulk;
    if (out.errors || !got || got.rejected.length) throw new Error(`a batch failed: ${JSON.stringify(out.errors ?? got?.rejected.slice(0, 3))}`);
    for (const k of ['accepted', 'updated', 'unchanged', 'linked'] as const) counts[k] += got[k];
  }
}

/** Four agencies' streams at once; the records of each already serialised before the clock starts. */
async function submitStreams(url: string, streams: unknown[][], bulk = false) {
  const tokens = await Promise.all(MIX_AGENCIES.map((a) => signToken({ sub: `bench.${a.agencyId}`, agency: a.agencyId, roles: ['contributor'] })));
  const bodies = streams.map((recs, i) => bodiesOf(MIX_AGENCIES[i].source, recs, bulk));
  const counts: Outcome = { accepted: 0, updated: 0, unchanged: 0, linked: 0, rejected: [] };
  const t = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(bodies.map((b, i) => submitStream(url, tokens[i], b, counts)));
  const used = process.cpuUsage(cpu);
  // This process's CPU (gateway and subgraphs, when they run here): less swayed by the machine's other work than wall time.
  return { ...counts, ms: performance.now() - t, cpuMs: (used.user + used.system) / 1000 };
}

async function runMix(bench: Awaited<ReturnType<typeof benchHub>>): Promise<{ rows: Array<Record<string, string | number>>; notes: string[] }> {
  const loadBefore = os.loadavg()[0];
  // The known people, registered beforehand by two agencies each (not timed; also the warm-up).
  await submitStreams(bench.url, generateRegistrations('MIX-REG'));
  const mix = generateMix(TOTAL, 'MIX');
  ingestStepTimes(true);
  const run = await profiled(process.env.BENCH_INGEST_CPU_PROFILE, () => submitStreams(bench.url, mix.streams));
  const runSteps = stepNote(ingestStepTimes(true), run.ms);
  if (run.accepted !== mix.total) throw new Error(`not every record was accepted (${run.accepted} of ${mix.total})`);
  // The bulk mode (submitIncidentsBulk: NDJSON, batches of BULK_BATCH): the same mix weeks later (its own records and
  // links), like the first more than 13 months ago, so that both face the same Case Review second-report work (none).
  const bulkMix = generateMix(TOTAL, 'MIXB', Date.UTC(2025, 7, 15));
  const bulk = await profiled(process.env.BENCH_INGEST_BULK_CPU_PROFILE, () => submitStreams(bench.url, bulkMix.streams, true));
  const bulkSteps = stepNote(ingestStepTimes(true), bulk.ms);
  if (bulk.accepted !== bulkMix.total) throw new Error(`bulk: not every record was accepted (${bulk.accepted} of ${bulkMix.total})`);
  const knex = bench.hub.subgraphs.incidents.db.orm.em.getConnection().getKnex();
  const { rows: bulkMade } = await knex.raw(
    `select count(*)::int as n from incidents.incident_link l join incidents.incident i on i.id = l.incident_id where i.source_ref like 'MIXB-%' and l.undone_at is null`,
  );
  const { rows: made } = await knex.raw(
    `select count(*)::int as n from incidents.incident_link l join incidents.incident i on i.id = l.incident_id where i.source_ref like 'MIX-%' and i.source_ref not like 'MIX-REG-%' and l.undone_at is null`,
  );
  const people = await knex.raw(`select count(*)::int as n from consent.person`);

  // The same mix (records of their own, months later) in the docker-compose topology: consent and incidents in processes of their own.
  const clientUrl = String(bench.hub.subgraphs.incidents.db.orm.config.get('clientUrl'));
  const consentProc = await spawnSubgraph('consent', { DATABASE_URL: clientUrl });
  const incidentsProc = await spawnSubgraph('incidents', { DATABASE_URL: clientUrl, CONSENT_URL: consentProc.url });
  const gw = await startGateway({
    port: 0,
    subgraphUrls: { consent: consentProc.url, incidents: incidentsProc.url, triggers: bench.hub.subgraphs.triggers.url, reviews: bench.hub.subgraphs.reviews.url },
  });
  const splitMix = generateMix(TOTAL, 'MIXS', Date.UTC(2025, 9, 1));
  let split: Awaited<ReturnType<typeof submitStreams>>;
  try {
    await submitStreams(gw.url, generateMix(2 * BATCH, 'MIXW', Date.UTC(2025, 11, 1)).streams);
    split = await submitStreams(gw.url, splitMix.streams);
  } finally {
    await gw.stop();
    await incidentsProc.stop();
    await consentProc.stop();
  }
  if (split.accepted !== splitMix.total) throw new Error(`not every record was accepted (${split.accepted} of ${splitMix.total})`);

  // Baseline: the same rows, COPY'd raw into a scratch table shaped like incidents.incident (no indexes), one stream.
  const client = new Client({ connectionString: bench.hub.subgraphs.incidents.db.orm.config.get('clientUrl') });
  await client.connect();
  let copyMs: number;
  try {
    await client.query('create table public.bench_copy_mix (like incidents.incident including defaults)');
    const lines = mix.streams.flatMap((recs, s) =>
      recs.map((r) => {
        const id = randomUUID();
        const details = (r as Record<string, unknown>).police ?? (r as Record<string, unknown>).housing ?? (r as Record<string, unknown>).warden;
        return [
          id, MIX_AGENCIES[s].source, MIX_AGENCIES[s].agencyId, r.sourceRef, r.category, r.subType, r.occurredAt, r.reportedAt, r.description, r.location.address, r.location.uprn ?? null,
          r.location.latitude, r.location.longitude, r.location.lsoaCode, randomUUID(), '{}', r.actions, new Date().toISOString(), new Date().toISOString(), details, id,
        ].map(csvField).join(',') + '\n';
      }),
    );
    // Three times (the table emptied between): one COPY of 20,000 rows lasts well under a second, so one
    // pause of the machine's other work would move it a lot; the median is the baseline.
    const times: number[] = [];
    for (let k = 0; k < 3; k++) {
      if (k) await client.query('truncate public.bench_copy_mix');
      const t2 = performance.now();
      await pipeline(
        Readable.from(lines),
        client.query(copyFrom(`copy public.bench_copy_mix (id, source, agency_id, source_ref, category, sub_type, occurred_at, reported_at, description, location, uprn, latitude, longitude, lsoa_code, reporter_person_id, person_ids, actions, created_at, updated_at, source_details, cluster_id) from stdin with (format csv)`)),
      );
      times.push(performance.now() - t2);
    }
    copyMs = times.sort((x, y) => x - y)[1];
  } finally {
    await client.end();
  }
  const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
  const submitRate = rate(run.accepted, run.ms);
  const copyRate = rate(mix.total, copyMs);
  const ratio = submitRate / copyRate;
  const bulkRate = rate(bulk.accepted, bulk.ms);
  const bulkRatio = bulkRate / copyRate;
  return {
    rows: [
      { subject: `realistic mix: submitIncidentsBulk (NDJSON, batches of ${BULK_BATCH}) via gateway, 4 agencies' streams at once`, records: bulk.accepted, seconds: +(bulk.ms / 1000).toFixed(2), 'records/s': bulkRate },
      { subject: `realistic mix: submitIncidents via gateway, 4 agencies' streams at once`, records: run.accepted, seconds: +(run.ms / 1000).toFixed(2), 'records/s': submitRate },
      { subject: `realistic mix: the same, subgraphs in processes of their own (docker-compose topology)`, records: split.accepted, seconds: +(split.ms / 1000).toFixed(2), 'records/s': rate(split.accepted, split.ms) },
      { subject: 'realistic mix: raw COPY of the same rows into a scratch table (no indexes), 1 stream, median of 3', records: mix.total, seconds: +(copyMs / 1000).toFixed(2), 'records/s': copyRate },
    ],
    notes: [
      `realistic mix, bulk mode: ${bulkRatio.toFixed(3)}× raw COPY (aim ≥ 0.3×: ${bulkRatio >= 0.3 ? 'met' : 'NOT met'}; ${bulk.linked} of ${bulkMix.pairs} links reported made, ${bulkMade[0].n} held)`,
      `realistic mix ratio: ${ratio.toFixed(3)}× raw COPY (aim ≥ 0.3×: ${ratio >= 0.3 ? 'met' : 'NOT met'}); subgraphs in processes of their own: ${(rate(split.accepted, split.ms) / copyRate).toFixed(3)}× (${split.linked} of ${splitMix.pairs} links made)`,
      `realistic mix: ${Math.round(MIX_KNOWN * 100)} % of reporters already known (pool of ${MIX_PEOPLE}, each registered beforehand by two agencies; ${people.rows[0].n} persons held after the run); ` +
        `${mix.pairs * 2} of ${mix.total} records (${((mix.pairs * 200) / mix.total).toFixed(1)} %) are two agencies' reports of one event: ${mix.pairs} links expected, ${run.linked} reported made by the submissions, ${made[0].n} held`,
      `realistic mix: 1-min load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after`,
      `realistic mix, CPU of this process (gateway and subgraphs, the client too) per 1,000 records: submitIncidents ${Math.round((run.cpuMs * 1000) / run.accepted)} ms, ` +
        `submitIncidentsBulk ${Math.round((bulk.cpuMs * 1000) / bulk.accepted)} ms (wall: ${Math.round(run.ms)} ms and ${Math.round(bulk.ms)} ms for ${run.accepted} each)`,
      `realistic mix, submitIncidents, wall time per step summed over the batches (4 streams overlap; run ${Math.round(run.ms)} ms): ${runSteps}`,
      `realistic mix, submitIncidentsBulk, the same: ${bulkSteps}`,
    ],
  };
}

/** The per-step sums (subgraphs/shared/step-timings.ts) as one line: ms, and ms per stream-second of the run. */
const stepNote = (steps: ReturnType<typeof ingestStepTimes>, runMs: number) =>
  steps.map((s) => `${s.step} ${s.ms} ms (${s.n}×, ${((100 * s.ms) / (4 * runMs)).toFixed(0)} %)`).join('; ');

/** Runs `fn` under the V8 CPU profiler when `file` is given (BENCH_INGEST_CPU_PROFILE=<file.cpuprofile>): the timed part only. */
async function profiled<T>(file: string | undefined, fn: () => Promise<T>): Promise<T> {
  if (!file) return fn();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }
}
