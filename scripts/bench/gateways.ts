import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { signToken, type Role } from '../../platform/auth';
import { ThresholdPolicy } from '../../subgraphs/triggers/entities/ThresholdPolicy';
import { projectRoot } from '../../platform/paths';
import { DEMO } from '../../seeds/demo-data';
import { KENT } from '../../seeds/threshold-policies';
import { markdownTable, writeBenchmarkSection } from '../lib/docs';
import type { Hub } from '../lib/hub';
import { addCaseIncidents, benchHub, machine, percentile } from './lib';
import type { Benchmark } from './types';
import type { LoadAnswer, LoadCommand } from './load-generator';

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

/** CPU time (user + system) this process has used so far, in ms: the four subgraphs run here. */
function ownCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * CPU time so far of each PostgreSQL backend serving this run's database (from /proc: PostgreSQL runs
 * on this machine, and other databases of the same server are not counted).
 */
async function postgresCpu(client: pg.Client, database: string): Promise<Map<number, number>> {
  const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
  return new Map(rows.map((r) => [r.pid, cpuMs(r.pid)] as const).filter(([, ms]) => Number.isFinite(ms)));
}

/** The CPU time the backends used between two readings (a backend opened in between counts from zero). */
const postgresDelta = (before: Map<number, number>, after: Map<number, number>) =>
  [...after].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);

/** The load generator: a process of its own, so that its CPU is neither the subgraphs' nor a gateway's. */
class LoadGenerator {
  private readonly child: ChildProcess = fork(path.join(projectRoot(), 'scripts', 'bench', 'load-generator.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  private queue: Promise<unknown> = Promise.resolve();

  run(c: LoadCommand): Promise<LoadAnswer> {
    const next = this.queue.then(
      () =>
        new Promise<LoadAnswer>((resolve, reject) => {
          this.child.once('message', (a: LoadAnswer) => (a.error ? reject(new Error(a.error)) : resolve(a)));
          this.child.send(c);
        }),
    );
    this.queue = next.catch(() => undefined);
    return next;
  }

  stop() {
    this.child.kill();
  }
}

/** What every process used during one measured window, ms. */
interface Window {
  answer: LoadAnswer;
  gateway: number;
  subgraphs: number;
  postgres: number;
}

/** Runs `c` and reads every process's CPU time around it. */
async function measured(gen: LoadGenerator, pgClient: pg.Client, database: string, pid: number | undefined, c: LoadCommand): Promise<Window> {
  const pg0 = await postgresCpu(pgClient, database);
  const gw0 = cpuMs(pid);
  const sg0 = ownCpuMs();
  const answer = await gen.run(c);
  const subgraphs = ownCpuMs() - sg0;
  const gateway = cpuMs(pid) - gw0;
  const postgres = postgresDelta(pg0, await postgresCpu(pgClient, database));
  return { answer, gateway, subgraphs, postgres };
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
async function startOurs(urls: Record<string, string>, port: number, nodeFlags: string[] = []): Promise<Running> {
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
    ...nodeFlags,
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
  /** CPU ms over every window: the gateway's process, the subgraphs' process, PostgreSQL's backends, the load generator. */
  cpu: number;
  subgraphs: number;
  postgres: number;
  loader: number;
}

const fmt = (n: number, d = 1) => +n.toFixed(d);

export const benchmark: Benchmark = {
  name: 'gateways',
  writesOwnDoc: true,
  description: `ours vs Hive Gateway vs Hive Gateway with the Rust planner, ${USERS} callers each with its own token, ${ROUNDS} alternated rounds of ${DURATION} s`,
  async run() {
    // The subgraphs in this process; each gateway, and the load generator, in a process of its own.
    const h = await benchHub('gateways', { gateway: false });
    const started: Running[] = [];
    const gen = new LoadGenerator();
    const pgClient = new pg.Client({ connectionString: h.dbUrl });
    await pgClient.connect();
    const database = new URL(h.dbUrl).pathname.slice(1);
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
      // BENCH_OURS_VARIANT="<node flags>": ours a second time with those flags (e.g. V8's heap sizing), as a fourth target.
      if (process.env.BENCH_OURS_VARIANT) {
        const variant = await startOurs(urls, port + 3, process.env.BENCH_OURS_VARIANT.split(' '));
        started.push(variant);
        targets.push({ name: `ours, ${process.env.BENCH_OURS_VARIANT}`, url: variant.url, pid: variant.proc.pid });
      }

      const rows: Array<Record<string, string | number>> = [];
      const budget: Array<Record<string, string | number>> = [];
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
        const warm = [];
        for (const t of targets) warm.push(await gen.run({ kind: 'load', url: t.url, tokens, query: w.query, amount: USERS * 3 }));
        // Each window sends a fixed number of requests and ends when the last is answered (autocannon's
        // `amount`), about DURATION seconds at the warm-up's pace: all the CPU a window's requests cause
        // (the ones in flight at the end included) is counted, for exactly its requests. Cut off at a
        // time instead, the requests in flight (as many as callers) would be worked on but not counted,
        // which overstates the CPU a request most for the slowest target.
        const warmRps = warm.reduce((sum, a) => sum + a.requests / a.seconds, 0) / warm.length;
        const amount = Math.max(USERS * 2, Math.round(warmRps * DURATION));
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
        const pooled: Pooled[] = targets.map((t) => ({ target: t.name, requests: 0, seconds: 0, errors: 0, times: [], roundRps: [], cpu: 0, subgraphs: 0, postgres: 0, loader: 0 }));
        for (let round = 0; round < ROUNDS; round++) {
          // Each round starts with another target, so none always runs first (or last).
          for (let k = 0; k < targets.length; k++) {
            const i = (round + k) % targets.length;
            // The previous window's requests still in flight when it closed are finished first, so
            // that their subgraph and PostgreSQL work is not counted in this window.
            await quiet(subgraphRequests);
            const m = await measured(gen, pgClient, database, targets[i].pid, { kind: 'load', url: targets[i].url, tokens, query: w.query, amount });
            const s = m.answer;
            const p = pooled[i];
            p.cpu += m.gateway;
            p.subgraphs += m.subgraphs;
            p.postgres += m.postgres;
            p.loader += s.cpuMs;
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
        // The CPU budget: what one gateway request costs on the whole machine, and the gateway's share.
        const total = (p: Pooled) => (p.cpu + p.subgraphs + p.postgres + p.loader) / p.requests;
        for (const p of pooled) {
          budget.push({
            workload: w.name,
            target: p.target,
            'gateway ms/req': fmt(p.cpu / p.requests, 2),
            'subgraphs ms/req': fmt(p.subgraphs / p.requests, 2),
            'PostgreSQL ms/req': fmt(p.postgres / p.requests, 2),
            'load generator ms/req': fmt(p.loader / p.requests, 2),
            'total ms/req': fmt(total(p), 2),
            'gateway share': `${((100 * p.cpu) / p.requests / total(p)).toFixed(0)} %`,
            'total vs ours': fmt(total(p) / total(base), 2),
          });
        }
        const ratio = (i: number) => (pooled[i].requests / pooled[i].seconds / baseRps).toFixed(2);
        const perRound = (i: number) => pooled[i].roundRps.map((r, k) => (pooled[0].roundRps[k] / r).toFixed(2)).join(', ');
        const cpuPer = (i: number) => pooled[i].cpu / pooled[i].requests;
        // With every core busy, requests/s is at most cores ÷ total CPU a request: the ratio to Hive that
        // this CPU allows ours, and what it would allow with a gateway that cost nothing.
        const rest = (base.subgraphs + base.postgres + base.loader) / base.requests;
        notes.push(
          `${w.name} (${(answers[0].bytes / 1024).toFixed(0)} KB a response): ours serves ${(1 / Number(ratio(1))).toFixed(2)}× Hive Gateway's requests/s (per round ${perRound(1)}) and ${(1 / Number(ratio(2))).toFixed(2)}× Hive Gateway + Rust planner's (per round ${perRound(2)}); ` +
            `CPU a request: ours ${cpuPer(0).toFixed(1)} ms, Hive Gateway ${cpuPer(1).toFixed(1)} ms (${(cpuPer(1) / cpuPer(0)).toFixed(2)}× ours), with the Rust planner ${cpuPer(2).toFixed(1)} ms (${(cpuPer(2) / cpuPer(0)).toFixed(2)}×).`,
          `${w.name}, the CPU budget (all processes): ours ${total(base).toFixed(1)} ms a request, Hive Gateway ${total(pooled[1]).toFixed(1)} ms, with the Rust planner ${total(pooled[2]).toFixed(1)} ms; ` +
            `with the cores saturated this allows ours ${(total(pooled[1]) / total(base)).toFixed(2)}× Hive Gateway and ${(total(pooled[2]) / total(base)).toFixed(2)}× with the Rust planner; ` +
            `a gateway of ours that cost no CPU at all (the rest unchanged, ${rest.toFixed(1)} ms) would allow ${(total(pooled[1]) / rest).toFixed(2)}× and ${(total(pooled[2]) / rest).toFixed(2)}×.`,
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
      const subgraphCpu = overheadTargets.map(() => 0);
      const postgresCpuPer = overheadTargets.map(() => 0);
      for (let round = 0; round < ROUNDS; round++) {
        for (const [i, t] of overheadTargets.entries()) {
          const n = Math.ceil(OVERHEAD_REQUESTS / ROUNDS);
          await quiet(subgraphRequests);
          const m = await measured(gen, pgClient, database, t.pid, { kind: 'sequential', url: t.url, tokens, query: SINGLE.query, n });
          times[i].push(...m.answer.times);
          cpu[i] += m.gateway / (n + 20);
          subgraphCpu[i] += m.subgraphs / (n + 20);
          postgresCpuPer[i] += m.postgres / (n + 20);
        }
      }
      times.forEach((t) => t.sort((a, b) => a - b));
      const directP50 = percentile(times[overheadTargets.length - 1], 50);
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
        `A subgraph request's CPU in the subgraphs' process, for this one-fetch query (token check, parse and validate, shield, resolvers, access log): ` +
          overheadTargets.map((t, i) => `${t.name} ${(subgraphCpu[i] / ROUNDS).toFixed(2)} ms (PostgreSQL ${(postgresCpuPer[i] / ROUNDS).toFixed(2)} ms)`).join(', ') +
          '.',
      );
      writeDoc(rows, budget, notes);
      return { rows: [...rows, ...budget], notes: [...notes, `machine: ${machine()}`, `load average: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`, 'written to docs/benchmarks.md'] };
    } finally {
      for (const r of started) r.proc.kill();
      gen.stop();
      await pgClient.end();
      await h.stop();
    }
  },
};

function writeDoc(rows: Array<Record<string, string | number>>, budget: Array<Record<string, string | number>>, lines: string[]) {
  writeBenchmarkSection(
    'gateways',
    `## Gateways with many callers: ours, Hive Gateway, Hive Gateway with the Rust planner

Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run bench -- gateways\` on ${machine()};
PostgreSQL ${process.env.DATABASE_URL ? 'from DATABASE_URL' : 'embedded'}; ${USERS} virtual users, each with a token of its own (closed loop, autocannon),
${ROUNDS} rounds per target of a fixed number of requests (about ${DURATION} s at the warm-up's pace, the last answered included), targets alternated within the run; the four subgraphs (one process), each gateway
(a process each), PostgreSQL and the load generator share the machine's cores (with whatever else runs on it).

${markdownTable(rows)}

The CPU budget, every process's CPU time over the same windows divided by the requests served (the subgraphs' process
is the benchmark's own; PostgreSQL's is its backends for this run's database, from \`/proc\`; load average at the end
${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}):

${markdownTable(budget)}

${lines.map((l) => `- ${l}`).join('\n')}`,
  );
}
