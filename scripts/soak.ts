/**
 * `npm run soak [-- --seconds 300 --users 8]`: the whole hub under a realistic mix for five minutes
 * on loopback — reviewers reading a case history, SPOCs looking people up, analysts asking for
 * statistics, and writes (people registered; incidents submitted where the hub has submitIncidents)
 * — and reports errors (must be 0), latency percentiles per kind, and memory at start and end.
 * Results go to docs/benchmarks.md.
 */
import './lib/load-env';
import { benchHub, machine } from './bench/lib';
import { markdownTable, writeBenchmarkSection } from './lib/docs';
import { runLoad } from './lib/load';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { asScenarios, manyMixTokens, mix } from './lib/mix';
import { stopEmbeddedPostgres } from '../subgraphs/shared/database';
import { runCommand, UsageError } from './lib/cli';

const spec = {
  name: 'soak',
  summary: 'Runs the whole hub under a realistic mix of reads and writes and reports errors, latency percentiles and memory (docs/benchmarks.md); exit 1 on any error or heap growth over the bound.',
  options: {
    seconds: { type: 'string', default: process.env.SOAK_SECONDS ?? '300', value: '<s>', description: 'how long to measure (SOAK_SECONDS)' },
    users: { type: 'string', default: '8', value: '<n>', description: 'simultaneous virtual users' },
    callers: { type: 'string', default: '64', value: '<n>', description: 'distinct callers (token sets) the users send as' },
    snapshots: { type: 'string', default: '', value: '<dir>', description: 'write a heap snapshot into <dir> at the start and at the end of the measured run' },
  },
} as const;
let SECONDS = 300;
let USERS = 8;
let CALLERS = 64;
let SNAPSHOTS = '';
/** Heap growth from the warmed-up start to the end (after a full GC) above this is a failure. */
const HEAP_GROWTH_BOUND_MB = 64;
/**
 * rss is not heap: under load V8 keeps old space committed at a few times the live heap (its heap
 * growing factor) and gives it back when the load stops, so rss rises for the first minutes and
 * then levels. A leak keeps rising: no sample after the first five minutes (or the first half of a
 * shorter run) may exceed this many times the highest sample within them.
 */
const RSS_PLATEAU_BOUND = 1.5;

const mb = (n: number) => Math.round(n / 2 ** 20);
function memory() {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { rss: mb(m.rss), heapUsed: mb(m.heapUsed), heapTotal: mb(m.heapTotal), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers) };
}
type Sample = ReturnType<typeof memory> & { s: number };
/** The V8 spaces committed (MiB), to tell a growing space from a growing heap. */
const spaces = () =>
  v8
    .getHeapSpaceStatistics()
    .filter((sp) => sp.space_size >= 2 ** 20)
    .map((sp) => `${sp.space_name.replace(/_space$/, '')} ${mb(sp.space_used_size)}/${mb(sp.space_size)}`)
    .join(', ');
const sampleLine = (x: Sample) => `  ${x.s} s: heapUsed ${x.heapUsed}, heapTotal ${x.heapTotal}, rss ${x.rss}, external ${x.external}, arrayBuffers ${x.arrayBuffers} MiB (used/committed: ${spaces()})`;
function snapshot(label: string) {
  if (!SNAPSHOTS) return;
  fs.mkdirSync(SNAPSHOTS, { recursive: true });
  const file = v8.writeHeapSnapshot(path.join(SNAPSHOTS, `soak-${label}.heapsnapshot`));
  console.log(`  heap snapshot ${file}`);
}

async function main() {
  process.env.LOG_LEVEL ??= 'error';
  const h = await benchHub('soak');
  try {
    const url = h.url;
    const scenarios = asScenarios(mix(url, await manyMixTokens('soak', CALLERS)));
    // Warm up, then measure.
    await runLoad(scenarios, { users: USERS, seconds: 5 });
    const start = memory();
    snapshot('start');
    console.log(`soak: ${USERS} users as ${CALLERS} callers for ${SECONDS} s; memory at start ${start.rss} MiB rss, ${start.heapUsed} MiB heap`);
    // A sample every 30 s after a forced GC: heap flat while rss rises then levels is allocator/heap sizing, not a leak.
    const samples: Sample[] = [{ s: 0, ...start }];
    const result = await runLoad(scenarios, {
      users: USERS,
      seconds: SECONDS,
      onTick: (s) => {
        if (s % 30 !== 0) return;
        samples.push({ s, ...memory() });
        console.log(sampleLine(samples[samples.length - 1]));
      },
    });
    const end = memory();
    samples.push({ s: Math.round(result.seconds), ...end });
    snapshot('end');
    const errors = result.stats.reduce((a, s) => a + s.errors, 0);
    const requests = result.stats.reduce((a, s) => a + s.requests, 0);
    const growth = end.heapUsed - start.heapUsed;
    const rows = result.stats.map((s) => ({ kind: s.name, requests: s.requests, errors: s.errors, 'p50 ms': s.p50, 'p95 ms': s.p95, 'p99 ms': s.p99 }));
    console.table(rows);
    const settle = Math.min(300, SECONDS / 2);
    const plateau = Math.max(...samples.filter((x) => x.s <= settle).map((x) => x.rss));
    const after = Math.max(...samples.filter((x) => x.s > settle).map((x) => x.rss));
    const rssOk = after <= RSS_PLATEAU_BOUND * plateau;
    const verdict = errors === 0 && growth <= HEAP_GROWTH_BOUND_MB && rssOk ? 'PASS' : 'FAIL';
    const summary = `${requests} requests in ${result.seconds.toFixed(0)} s (${(requests / result.seconds).toFixed(1)}/s), ${errors} errors; heap ${start.heapUsed} → ${end.heapUsed} MiB (bound +${HEAP_GROWTH_BOUND_MB}), rss ${start.rss} → ${end.rss} MiB, highest ${plateau} MiB in the first ${settle} s and ${after} MiB after (bound ×${RSS_PLATEAU_BOUND}): ${verdict}`;
    console.log(summary);
    for (const e of result.firstErrors) console.log(`  error: ${e}`);
    writeBenchmarkSection(
      'soak',
      `## Soak: a realistic mix for ${SECONDS} s

Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run soak\` (${USERS} users sending as ${CALLERS} distinct callers, closed loop, loopback) on ${machine()}; hub, database and load generator on the same machine.

${markdownTable(rows)}

${summary}

Memory after a forced GC, every 30 s (MiB):

${markdownTable(samples.map((x) => ({ s: x.s, heapUsed: x.heapUsed, heapTotal: x.heapTotal, rss: x.rss, external: x.external, arrayBuffers: x.arrayBuffers })))}`,
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
  CALLERS = Number(values.callers);
  SNAPSHOTS = values.snapshots;
  if (!Number.isInteger(CALLERS) || CALLERS < 1) throw new UsageError('--callers is a whole number');
  if (!Number.isInteger(SECONDS) || SECONDS < 1) throw new UsageError('--seconds is a whole number of seconds');
  if (!Number.isInteger(USERS) || USERS < 1) throw new UsageError('--users is a whole number');
  try {
    await main();
  } finally {
    await stopEmbeddedPostgres().catch(() => undefined);
  }
});
