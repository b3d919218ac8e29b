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
import { asScenarios, mix, mixTokens } from './lib/mix';
import { stopEmbeddedPostgres } from '../subgraphs/shared/database';
import { runCommand, UsageError } from './lib/cli';

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
    const scenarios = asScenarios(mix(url, await mixTokens('soak')));
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
  try {
    await main();
  } finally {
    await stopEmbeddedPostgres().catch(() => undefined);
  }
});
