import fs from 'node:fs';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { signToken, type Role } from '../../platform/auth';
import { ThresholdPolicy } from '../../subgraphs/triggers/entities/ThresholdPolicy';
import { projectRoot } from '../../platform/paths';
import { DEMO } from '../../seeds/demo-data';
import { KENT } from '../../seeds/threshold-policies';
import { markdownTable, writeBenchmarkSection } from '../lib/docs';
import type { Hub } from '../lib/hub';
import { addCaseIncidents, benchHub, machine, percentile } from './lib';
import type { Benchmark } from './types';

/**
 * The same supergraph and subgraphs behind three front doors, each in a process of its own, on
 * loopback, in one run:
 *   ours       — gateway/main.ts, as deployed (token check, limits, per-token rate limit, access
 *                log, metrics, same-caller de-duplication on);
 *   Hive       — Hive Gateway (`@graphql-hive/gateway`, default runtime, its in-flight
 *                de-duplication on as it ships), forwarding the bearer token;
 *   Hive+Rust  — the same with the Rust query planner (`@graphql-hive/router-runtime`).
 * Many callers: every virtual user (one autocannon connection, closed loop) has a token of its own,
 * so no gateway can answer one caller from another's fetch. Targets are alternated in rounds within
 * the run (so the machine's other load falls on each alike); each figure pools every round, and the
 * spread of requests/s over the rounds is given.
 *
 * Workloads:
 *   gateway-bound — four subgraphs, cheap, not-personal fields (no access decision, no access-log
 *                   append), a response of about 50 KB: the gateway's own work dominates;
 *   case history  — the reviewer's case history (review → application → applicant → 200 incidents over
 *                   three sources, personal fields decided by the access rules): the subgraphs' work.
 * And the overhead of a gateway over calling a subgraph directly: one caller at a time, a query that
 * the gateway sends to one subgraph as one fetch, p50 through each gateway minus p50 direct.
 */
const USERS = Number(process.env.BENCH_USERS ?? 50);
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const OVERHEAD_REQUESTS = Number(process.env.BENCH_OVERHEAD_REQUESTS ?? 400);
/** Extra versions of the Sevenoaks policy, so that the gateway-bound response is about 50 KB. */
const EXTRA_POLICIES = Number(process.env.BENCH_POLICIES ?? 60);
const INCIDENTS = 200;

const AGENCY = 'id name kind area isAuthority createdAt';

interface Workload {
  name: string;
  agency: string;
  role: Role;
  query: string;
}

const GATEWAY_BOUND: Workload = {
  name: 'gateway-bound (4 subgraphs, ~50 KB)',
  agency: 'sevenoaks-dc',
  role: 'spoc',
  query: `query GatewayBound {
  agencies { ${AGENCY} }
  thresholdPolicies { id version name effectiveFrom createdAt
    parameters { minIncidents windowMonths maxReportDelayDays discretionNote similarity { category place } multipleReporterRoute { minReporters } }
    authority { ${AGENCY} } }
  caseReviews(includeClosed: true) { id status openedAt meetingAt secondStage panel { ${AGENCY} } chair { ${AGENCY} }
    application { id reference status channel applicantType receivedAt } }
  incidentStatistics(groupBy: [MONTH, SOURCE, CATEGORY]) { month source category count suppressed }
}`,
};

const CASE_HISTORY: Workload = {
  name: "reviewer's case history",
  agency: 'kent-mental-health',
  role: 'reviewer',
  query: `query CaseHistory { caseReview(id: "${DEMO.reviews.aliceReview}") { id status panel { id } application { id reference applicant {
      id givenName familyName email incidents { id source category occurredAt description location actions { at action } agency { id } } } } } }`,
};

/** One subgraph, one fetch: the gateway's own overhead. */
const SINGLE = { query: `query Agencies { agencies { ${AGENCY} } }`, subgraph: 'consent' as const, agency: 'sevenoaks-dc', role: 'spoc' as Role };

interface Target {
  name: string;
  url: string;
  pid?: number;
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc; NaN elsewhere). */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat (11 and 12 after the command), in clock ticks (100 a second).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

interface Sample {
  requests: number;
  seconds: number;
  errors: number;
  times: number[];
}

/** One closed-loop run: `tokens.length` connections, each sending only its own token. */
/** `duration` seconds, or `amount` requests in all when given (the warm-up). */
async function load(url: string, tokens: string[], query: string, duration: number, amount?: number): Promise<Sample> {
  const times: number[] = [];
  const body = JSON.stringify({ query });
  let next = 0;
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        method: 'POST',
        connections: tokens.length,
        ...(amount ? { amount } : { duration }),
        headers: { 'content-type': 'application/json' },
        body,
        setupClient: (client: { setHeaders(h: Record<string, string>): void }) => {
          client.setHeaders({ 'content-type': 'application/json', authorization: `Bearer ${tokens[next++ % tokens.length]}` });
        },
      } as autocannon.Options,
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => times.push(responseTime));
  });
  return { requests: r.requests.total, seconds: r.duration, errors: r.errors + r.non2xx + r.timeouts, times };
}

/** One request after another, each with the next caller's token (latency without queueing). */
async function sequential(url: string, tokens: string[], query: string, n: number): Promise<number[]> {
  const body = JSON.stringify({ query });
  const times: number[] = [];
  for (let i = 0; i < n + 20; i++) {
    const t0 = performance.now();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[i % tokens.length]}` },
      body,
    });
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    await res.arrayBuffer();
    if (i >= 20) times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

async function post(url: string, token: string, query: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const text = await res.text();
  return { bytes: Buffer.byteLength(text), json: JSON.parse(text) as { data?: unknown; errors?: unknown[] } };
}

/** Waits until `count` has not moved for 300 ms (nothing in flight any more). */
async function quiet(count: () => number) {
  for (let last = -1; count() !== last; ) {
    last = count();
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function waitUntilUp(proc: ChildProcess, healthUrl: string, label: string, stderr: () => string) {
  for (let i = 0; i < 300; i++) {
    if (proc.exitCode !== null) throw new Error(`${label} exited: ${stderr().slice(-500)}`);
    try {
      if ((await fetch(healthUrl)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  proc.kill();
  throw new Error(`${label} did not start: ${stderr().slice(-500)}`);
}

interface Running {
  url: string;
  proc: ChildProcess;
}

/** Our gateway as its own process, as docker-compose runs it (gateway/main.ts, deployed defaults). */
async function startOurs(urls: Record<string, string>, port: number): Promise<Running> {
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.BENCH_GATEWAY_LOG_LEVEL ?? 'info',
    INCIDENTS_URL: urls.incidents,
    CONSENT_URL: urls.consent,
    TRIGGERS_URL: urls.triggers,
    REVIEWS_URL: urls.reviews,
  };
  // One process (tsx as a loader, not its CLI's child process), so that its CPU time can be read.
  const args = [
    ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    '--import',
    'tsx',
    path.join(projectRoot(), 'gateway', 'main.ts'),
  ];
  // The access log goes where a deployment sends it (stdout); here, nowhere, but written all the same.
  const proc = spawn(process.execPath, args, { cwd: projectRoot(), stdio: ['ignore', 'ignore', 'pipe'], env });
  let stderr = '';
  proc.stderr?.on('data', (d) => (stderr += String(d)));
  await waitUntilUp(proc, `http://127.0.0.1:${port}/healthz`, 'our gateway', () => stderr);
  return { url: `http://127.0.0.1:${port}/graphql`, proc };
}

async function startHive(supergraph: string, port: number, rust: boolean): Promise<Running> {
  const dir = path.join(projectRoot(), '.data', rust ? 'bench-hive-rust' : 'bench-hive');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'supergraph.graphql'), supergraph);
  fs.writeFileSync(
    path.join(dir, 'gateway.config.mjs'),
    `${rust ? "import { unifiedGraphHandler } from '@graphql-hive/router-runtime';\n" : ''}export const gatewayConfig = {
  supergraph: './supergraph.graphql',
  logging: 'error',${rust ? '\n  unifiedGraphHandler,' : ''}
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization'), 'x-request-id': request.headers.get('x-request-id') }),
  },
};
`,
  );
  const bin = path.join(projectRoot(), 'node_modules', '@graphql-hive', 'gateway', 'dist', 'bin.js');
  const proc = spawn(process.execPath, [bin, 'supergraph', '--port', String(port)], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  let stderr = '';
  proc.stderr?.on('data', (d) => (stderr += String(d)));
  await waitUntilUp(proc, `http://127.0.0.1:${port}/healthcheck`, rust ? 'Hive Gateway (Rust planner)' : 'Hive Gateway', () => stderr);
  return { url: `http://127.0.0.1:${port}/graphql`, proc };
}

/** Sevenoaks's policy in `n` more versions (not personal data; each names its authority, an Agency entity of consent). */
async function addPolicyVersions(hub: Hub, n: number) {
  const em = hub.subgraphs.triggers.db.orm.em.fork();
  const authorities = ['sevenoaks-dc', 'east-herts-dc', 'amber-valley-bc'];
  for (let i = 0; i < n; i++) {
    em.create(ThresholdPolicy, {
      authorityAgencyId: authorities[i % authorities.length],
      version: 100 + i,
      name: `Benchmark policy version ${i}: 3 incidents in 6 months`,
      effectiveFrom: new Date(Date.UTC(2015, 0, 1 + i)),
      parameters: KENT,
      correspondence: null,
      createdBy: 'bench',
    });
  }
  await em.flush();
}

interface Pooled {
  target: string;
  requests: number;
  seconds: number;
  errors: number;
  times: number[];
  roundRps: number[];
  cpu: number;
}

const fmt = (n: number, d = 1) => +n.toFixed(d);

export const benchmark: Benchmark = {
  name: 'gateways',
  writesOwnDoc: true,
  description: `ours vs Hive Gateway vs Hive Gateway with the Rust planner, ${USERS} callers each with its own token, ${ROUNDS} alternated rounds of ${DURATION} s`,
  async run() {
    // The subgraphs in this process; each gateway in a process of its own.
    const h = await benchHub('gateways', { gateway: false });
    const started: Running[] = [];
    try {
      await addCaseIncidents(h.hub, INCIDENTS, 'GW');
      await addPolicyVersions(h.hub, EXTRA_POLICIES);
      // Hive serves the committed supergraph, pointed at this run's subgraph ports.
      let supergraph = fs.readFileSync(path.join(projectRoot(), 'schema', 'supergraph.graphql'), 'utf8');
      for (const [name, s] of Object.entries(h.hub.subgraphs)) {
        supergraph = supergraph.replace(new RegExp(`(@join__graph\\(name: "${name}", url: ")[^"]+`), `$1${s.url}`);
      }
      const port = Number(process.env.BENCH_PORT ?? 40_000 + (process.pid % 10_000));
      const subgraphRequests = () => Object.values(h.hub.subgraphs).reduce((n, sg) => n + sg.requests(), 0);
      const urls = Object.fromEntries(Object.entries(h.hub.subgraphs).map(([n, s]) => [n, s.url]));
      const [ours, hive, rust] = await Promise.all([startOurs(urls, port), startHive(supergraph, port + 1, false), startHive(supergraph, port + 2, true)]);
      started.push(ours, hive, rust);
      const targets: Target[] = [
        { name: 'ours', url: ours.url, pid: ours.proc.pid },
        { name: 'Hive Gateway', url: hive.url, pid: hive.proc.pid },
        { name: 'Hive Gateway + Rust planner', url: rust.url, pid: rust.proc.pid },
      ];

      const rows: Array<Record<string, string | number>> = [];
      const notes: string[] = [];
      for (const w of [GATEWAY_BOUND, CASE_HISTORY]) {
        const tokens = await Promise.all(
          Array.from({ length: USERS }, (_, i) => signToken({ sub: `bench.${w.role}.${i}`, agency: w.agency, roles: [w.role] })),
        );
        // Every gateway gives the same answer (and warms up).
        const answers = await Promise.all(targets.map((t) => post(t.url, tokens[0], w.query)));
        const first = JSON.stringify(answers[0].json);
        if (!answers[0].json.data || answers[0].json.errors) throw new Error(`${w.name}: ours answered ${first.slice(0, 500)}`);
        for (const [i, a] of answers.entries()) {
          if (JSON.stringify(a.json) !== first) throw new Error(`${w.name}: ${targets[i].name} and ours disagree: ${JSON.stringify(a.json).slice(0, 300)}`);
        }
        // Warm-up: every caller's first requests (JIT, plans, token and agency caches) are not measured.
        for (const t of targets) await load(t.url, tokens, w.query, 0, USERS * 3);
        // Subgraph requests a gateway request causes, counted exactly: requests one at a time, once
        // nothing else is under way (under load, a window's count includes the fetches of the
        // requests still in flight when it ends, which are not counted as requests).
        const fetchesPerRequest: number[] = [];
        for (const t of targets) {
          await quiet(subgraphRequests);
          const before = subgraphRequests();
          for (let k = 0; k < 10; k++) await post(t.url, tokens[k], w.query);
          await quiet(subgraphRequests);
          fetchesPerRequest.push((subgraphRequests() - before) / 10);
        }
        const pooled: Pooled[] = targets.map((t) => ({ target: t.name, requests: 0, seconds: 0, errors: 0, times: [], roundRps: [], cpu: 0 }));
        for (let round = 0; round < ROUNDS; round++) {
          // Each round starts with another target, so none always runs first (or last).
          for (let k = 0; k < targets.length; k++) {
            const i = (round + k) % targets.length;
            const cpu0 = cpuMs(targets[i].pid);
            const s = await load(targets[i].url, tokens, w.query, DURATION);
            const p = pooled[i];
            p.cpu += cpuMs(targets[i].pid) - cpu0;
            p.requests += s.requests;
            p.seconds += s.seconds;
            p.errors += s.errors;
            p.times.push(...s.times);
            p.roundRps.push(s.requests / s.seconds);
          }
        }
        const base = pooled[0];
        const baseRps = base.requests / base.seconds;
        for (const p of pooled) {
          p.times.sort((a, b) => a - b);
          const rps = p.requests / p.seconds;
          rows.push({
            workload: w.name,
            target: p.target,
            'req/s': fmt(rps),
            'req/s per round': p.roundRps.map((r) => r.toFixed(0)).join(' / '),
            'p50 ms': fmt(percentile(p.times, 50)),
            'p95 ms': fmt(percentile(p.times, 95)),
            'p99 ms': fmt(percentile(p.times, 99)),
            errors: p.errors,
            'req/s vs ours': fmt(rps / baseRps, 2),
            'p95 vs ours': fmt(percentile(p.times, 95) / percentile(base.times, 95), 2),
            'gateway CPU ms/req': fmt(p.cpu / p.requests, 2),
            'CPU/req vs ours': fmt(p.cpu / p.requests / (base.cpu / base.requests), 2),
            'subgraph requests/req': fmt(fetchesPerRequest[pooled.indexOf(p)], 1),
          });
        }
        const ratio = (i: number) => (pooled[i].requests / pooled[i].seconds / baseRps).toFixed(2);
        const perRound = (i: number) => pooled[i].roundRps.map((r, k) => (pooled[0].roundRps[k] / r).toFixed(2)).join(', ');
        const cpuPer = (i: number) => pooled[i].cpu / pooled[i].requests;
        notes.push(
          `${w.name} (${(answers[0].bytes / 1024).toFixed(0)} KB a response): ours serves ${(1 / Number(ratio(1))).toFixed(2)}× Hive Gateway's requests/s (per round ${perRound(1)}) and ${(1 / Number(ratio(2))).toFixed(2)}× Hive Gateway + Rust planner's (per round ${perRound(2)}); ` +
            `CPU a request: ours ${cpuPer(0).toFixed(1)} ms, Hive Gateway ${cpuPer(1).toFixed(1)} ms (${(cpuPer(1) / cpuPer(0)).toFixed(2)}× ours), with the Rust planner ${cpuPer(2).toFixed(1)} ms (${(cpuPer(2) / cpuPer(0)).toFixed(2)}×).`,
        );
      }

      // The gateway's own overhead: one caller at a time, the same one-fetch query direct and through each.
      const tokens = await Promise.all(
        Array.from({ length: USERS }, (_, i) => signToken({ sub: `bench.${SINGLE.role}.${i}`, agency: SINGLE.agency, roles: [SINGLE.role] })),
      );
      const direct: Target = { name: `direct to ${SINGLE.subgraph} (no gateway)`, url: h.hub.subgraphs[SINGLE.subgraph].url };
      const overheadTargets = [...targets, direct];
      const times = overheadTargets.map(() => [] as number[]);
      const cpu = overheadTargets.map(() => 0);
      for (let round = 0; round < ROUNDS; round++) {
        for (const [i, t] of overheadTargets.entries()) {
          const cpu0 = cpuMs(t.pid);
          const n = Math.ceil(OVERHEAD_REQUESTS / ROUNDS);
          times[i].push(...(await sequential(t.url, tokens, SINGLE.query, n)));
          cpu[i] += (cpuMs(t.pid) - cpu0) / (n + 20);
        }
      }
      times.forEach((t) => t.sort((a, b) => a - b));
      const directP50 = percentile(times[3], 50);
      for (const [i, t] of overheadTargets.entries()) {
        rows.push({
          workload: 'one fetch, one caller at a time',
          target: t.name,
          'req/s': fmt(1000 / (times[i].reduce((a, b) => a + b, 0) / times[i].length)),
          'req/s per round': '',
          'p50 ms': fmt(percentile(times[i], 50), 2),
          'p95 ms': fmt(percentile(times[i], 95), 2),
          'p99 ms': fmt(percentile(times[i], 99), 2),
          errors: 0,
          'req/s vs ours': '',
          'p95 vs ours': fmt(percentile(times[i], 95) / percentile(times[0], 95), 2),
          'gateway CPU ms/req': t.pid ? fmt(cpu[i] / ROUNDS, 2) : '',
          'CPU/req vs ours': t.pid ? fmt(cpu[i] / cpu[0], 2) : '',
          'subgraph requests/req': '',
        });
      }
      notes.push(
        `p50 overhead over calling ${SINGLE.subgraph} directly: ours ${(percentile(times[0], 50) - directP50).toFixed(2)} ms, Hive Gateway ${(percentile(times[1], 50) - directP50).toFixed(2)} ms, Hive Gateway + Rust planner ${(percentile(times[2], 50) - directP50).toFixed(2)} ms ` +
          `(each gateway's own CPU a request: ours ${(cpu[0] / ROUNDS).toFixed(2)} ms, Hive Gateway ${(cpu[1] / ROUNDS).toFixed(2)} ms, with the Rust planner ${(cpu[2] / ROUNDS).toFixed(2)} ms).`,
      );
      writeDoc(rows, notes);
      return { rows, notes: [...notes, `machine: ${machine()}`, 'written to docs/benchmarks.md'] };
    } finally {
      for (const r of started) r.proc.kill();
      await h.stop();
    }
  },
};

function writeDoc(rows: Array<Record<string, string | number>>, lines: string[]) {
  writeBenchmarkSection(
    'gateways',
    `## Gateways with many callers: ours, Hive Gateway, Hive Gateway with the Rust planner

Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run bench -- gateways\` on ${machine()};
PostgreSQL ${process.env.DATABASE_URL ? 'from DATABASE_URL' : 'embedded'}; ${USERS} virtual users, each with a token of its own (closed loop, autocannon),
${ROUNDS} rounds of ${DURATION} s per target, targets alternated within the run; the four subgraphs (one process), each gateway
(a process each), PostgreSQL and the load generator share the machine's cores (with whatever else runs on it).

${markdownTable(rows)}

${lines.map((l) => `- ${l}`).join('\n')}`,
  );
}
