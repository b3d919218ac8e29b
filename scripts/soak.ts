/**
 * `npm run soak [-- --seconds 300 --users 8]`: the whole hub under a realistic mix for five minutes
 * on loopback — reviewers reading a case history, SPOCs looking people up, analysts asking for
 * statistics, and writes (people registered; incidents submitted where the hub has submitIncidents)
 * — and reports errors (must be 0), latency percentiles per kind, and memory at start and end.
 * Results go to docs/benchmarks.md.
 */
import './lib/load-env';
import { signToken } from '../subgraphs/shared/auth';
import { DEMO } from '../seeds/demo-data';
import { benchHub, machine } from './bench/lib';
import { runCommand, UsageError } from './lib/cli';
import { markdownTable, writeBenchmarkSection } from './lib/docs';
import { gql, runLoad, type Scenario } from './lib/load';
import { stopEmbeddedPostgres } from '../subgraphs/shared/database';

const spec = {
  name: 'soak',
  summary: 'Runs the whole hub under a realistic mix of reads and writes and reports errors, latency percentiles and memory (docs/benchmarks.md); exit 1 on any error or heap growth over the bound.',
  options: {
    seconds: { type: 'string', default: process.env.SOAK_SECONDS ?? '300', value: '<s>', description: 'how long to measure (SOAK_SECONDS)' },
    users: { type: 'string', default: '8', value: '<n>', description: 'simultaneous virtual users' },
  },
} as const;
let SECONDS = 300;
let USERS = 8;
/** Heap growth from the warmed-up start to the end (after a full GC) above this is a failure. */
const HEAP_GROWTH_BOUND_MB = 64;

const mb = (n: number) => Math.round(n / 2 ** 20);
function memory() {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { rss: mb(m.rss), heapUsed: mb(m.heapUsed) };
}

async function main() {
  process.env.LOG_LEVEL ??= 'error';
  const h = await benchHub('soak');
  try {
    const url = h.url;
    const reviewer = await signToken({ sub: 'soak.reviewer', agency: 'kent-mental-health', roles: ['reviewer'], ttl: '2h' });
    const spoc = await signToken({ sub: 'soak.spoc', agency: 'sevenoaks-dc', roles: ['spoc'], ttl: '2h' });
    const analyst = await signToken({ sub: 'soak.analyst', agency: 'sevenoaks-dc', roles: ['analyst'], ttl: '2h' });
    const police = await signToken({ sub: 'soak.police-system', agency: 'kent-police', roles: ['contributor'], ttl: '2h' });
    let batch = 0;
    const SUBMIT = `mutation($records: [IncidentInput!]!) { submitIncidents(source: POLICE, records: $records) { accepted updated rejected { index errors { field message } } } }`;
    let n = 0;
    const scenarios: Scenario[] = [
      {
        name: 'reviewer: case history',
        weight: 5,
        run: async () => {
          const r = await gql(url, reviewer, `query CaseHistory($id: ID!) { caseReview(id: $id) { id application { reference applicant { givenName incidents { id source description } } } } }`, { id: DEMO.reviews.aliceReview });
          return !r.errors && r.data.caseReview.application.applicant.givenName === 'Alice';
        },
      },
      {
        name: 'spoc: person and applications',
        weight: 3,
        run: async () => {
          const r = await gql(url, spoc, `query Person($id: ID!) { person(id: $id) { familyName triggerApplications { reference status deadlines { kind dueOn overdue } } } }`, { id: DEMO.people.bob });
          return !r.errors && r.data.person.familyName === 'Hughes';
        },
      },
      {
        name: 'analyst: trigger statistics',
        weight: 2,
        run: async () => {
          const r = await gql(url, analyst, `{ triggerStatistics(from: "2026-01-01", to: "2026-12-31") { applicationsReceived thresholdNotMet acknowledgedInTime { share } } }`);
          return !r.errors && r.data.triggerStatistics !== null;
        },
      },
      {
        name: 'analyst: incident statistics by month and source',
        weight: 2,
        run: async () => {
          const r = await gql(url, analyst, `{ incidentStatistics(groupBy: [MONTH, SOURCE]) { month source count suppressed } }`);
          return !r.errors && Array.isArray(r.data.incidentStatistics);
        },
      },
      {
        name: 'write: register a person',
        weight: 1,
        run: async () => {
          const i = ++n;
          const r = await gql(url, spoc, `mutation($input: PersonInput!) { registerPerson(input: $input) { id } }`, {
            input: { givenName: `Soak${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + (Math.floor(i / 26) % 26))}${String.fromCharCode(97 + (Math.floor(i / 676) % 26))}`, familyName: 'Resident', dateOfBirth: '1980-01-01', postcode: 'TN13 1AA' },
          });
          return !r.errors && !!r.data.registerPerson.id;
        },
      },
      {
        name: 'ingestion: police system submits 20 incidents',
        weight: 1,
        run: async () => {
          const b = ++batch;
          const at = new Date(Date.now() - (b % 500) * 3_600_000).toISOString();
          const records = Array.from({ length: 20 }, (_, i) => ({
            sourceRef: `SOAK-${process.pid}-${b}-${i}`, category: i % 3 ? 'NUISANCE' : 'PERSONAL', subType: 'Noise', occurredAt: at, reportedAt: at,
            description: 'Loud music late at night; words of advice given.', location: { address: `${1 + (i % 40)} Elm Court, Sevenoaks`, lsoaCode: `E0102${4500 + (i % 40)}` },
            reporter: { givenName: 'Soak', familyName: `Reporter${String.fromCharCode(97 + (i % 26))}`, personRef: `SOAK-P-${i % 50}` },
            police: { attendingOfficer: 'PC 1000' },
          }));
          const r = await gql(url, police, SUBMIT, { records });
          return !r.errors && r.data.submitIncidents.accepted === 20 && r.data.submitIncidents.rejected.length === 0;
        },
      },
    ];
    // Warm up, then measure.
    await runLoad(scenarios, { users: USERS, seconds: 5 });
    const start = memory();
    console.log(`soak: ${USERS} users for ${SECONDS} s; memory at start ${start.rss} MiB rss, ${start.heapUsed} MiB heap`);
    const result = await runLoad(scenarios, { users: USERS, seconds: SECONDS, onTick: (s) => s % 30 === 0 && console.log(`  ${s} s, heap ${memory().heapUsed} MiB`) });
    const end = memory();
    const errors = result.stats.reduce((a, s) => a + s.errors, 0);
    const requests = result.stats.reduce((a, s) => a + s.requests, 0);
    const growth = end.heapUsed - start.heapUsed;
    const rows = result.stats.map((s) => ({ kind: s.name, requests: s.requests, errors: s.errors, 'p50 ms': s.p50, 'p95 ms': s.p95, 'p99 ms': s.p99 }));
    console.table(rows);
    const verdict = errors === 0 && growth <= HEAP_GROWTH_BOUND_MB ? 'PASS' : 'FAIL';
    const summary = `${requests} requests in ${result.seconds.toFixed(0)} s (${(requests / result.seconds).toFixed(1)}/s), ${errors} errors; heap ${start.heapUsed} → ${end.heapUsed} MiB (bound +${HEAP_GROWTH_BOUND_MB}), rss ${start.rss} → ${end.rss} MiB: ${verdict}`;
    console.log(summary);
    for (const e of result.firstErrors) console.log(`  error: ${e}`);
    writeBenchmarkSection(
      'soak',
      `## Soak: a realistic mix for ${SECONDS} s

Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run soak\` (${USERS} users, closed loop, loopback) on ${machine()}; hub, database and load generator on the same machine.

${markdownTable(rows)}

${summary}`,
    );
    if (verdict === 'FAIL') process.exitCode = 1;
  } finally {
    await h.stop();
    await stopEmbeddedPostgres();
  }
}

void runCommand(spec, async ({ values }) => {
  SECONDS = Number(values.seconds);
  USERS = Number(values.users);
  if (!Number.isInteger(SECONDS) || SECONDS < 1) throw new UsageError('--seconds is a whole number of seconds');
  if (!Number.isInteger(USERS) || USERS < 1) throw new UsageError('--users is a whole number');
  await main();
});
