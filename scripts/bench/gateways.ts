import fs from 'node:fs';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { signToken, type Role } from '../../subgraphs/shared/auth';
import { Incident } from '../../subgraphs/incidents/entities/Incident';
import { AsbCategory, IncidentSource } from '../../subgraphs/shared/enums';
import { projectRoot } from '../../subgraphs/shared/paths';
import { DEMO } from '../../seeds/demo-data';
import { markdownTable, writeBenchmarkSection } from '../lib/docs';
import { benchHub, machine, percentile } from './lib';
import type { Benchmark } from './types';

/**
 * The same supergraph and subgraphs behind three front doors, on loopback, in one run:
 *   ours   — Apollo Server + @apollo/gateway (gateway/main.ts) in a process of its own;
 *   hive   — Hive Gateway (`@graphql-hive/gateway`, dev dependency used only here) in a process of
 *            its own, on the same schema/supergraph.graphql, forwarding the bearer token;
 *   direct — the subgraph that does the largest part of the work, called without any gateway (a floor).
 * Two queries: a reviewer's case history (review → application → applicant → 200 incidents over
 * three sources, with personal fields under the access rules) and a nested federated query touching
 * all four subgraphs. autocannon at fixed concurrency; requests/s and p50/p95/p99 for each and the
 * ratios to ours. Writes docs/benchmarks.md.
 */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const INCIDENTS = 200;

const alice = DEMO.people.alice;
const SCENARIOS: Array<{ name: string; agency: string; role: Role; query: string; direct: { subgraph: 'incidents' | 'consent'; query: string } }> = [
  {
    name: "reviewer's case history",
    agency: 'kent-mental-health',
    role: 'reviewer',
    query: `query CaseHistory { caseReview(id: "${DEMO.reviews.aliceReview}") { id status panel { id } application { id reference applicant {
      id givenName familyName email incidents { id source category occurredAt description location actions { at action } agency { id } } } } } }`,
    direct: {
      subgraph: 'incidents',
      query: `query Direct { _entities(representations: [{ __typename: "Person", id: "${alice}" }]) { ... on Person { id incidents { id source category occurredAt description location actions { at action } agency { id } } } } }`,
    },
  },
  {
    name: 'nested federated query',
    agency: 'sevenoaks-dc',
    role: 'spoc',
    query: `query Nested { person(id: "${alice}") { id familyName registeredBy { id name }
      triggerApplications { id reference status caseReviews { id status chair { id name } panel { id name } } }
      incidents(since: "2026-01-01T00:00:00Z") { id source category agency { id name } } } }`,
    direct: { subgraph: 'consent', query: `query Direct { person(id: "${alice}") { id familyName registeredBy { id name } } }` },
  },
];

interface Result {
  target: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}

async function load(url: string, token: string, query: string): Promise<Omit<Result, 'target'>> {
  const times: number[] = [];
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        method: 'POST',
        connections: CONNECTIONS,
        duration: DURATION,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    // Every response's latency, for p95 (autocannon's own summary has p90 and p97.5 only).
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => times.push(responseTime));
  });
  times.sort((a, b) => a - b);
  return { rps: r.requests.average, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), errors: r.errors + r.non2xx + r.timeouts };
}

async function post(url: string, token: string, query: string) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
  return (await res.json()) as { data?: unknown; errors?: unknown[] };
}

async function waitUntilUp(proc: ChildProcess, healthUrl: string, label: string, stderr: () => string) {
  for (let i = 0; i < 150; i++) {
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

/** Our gateway as its own process, as docker-compose runs it (gateway/main.ts). */
async function startOurs(urls: Record<string, string>, port: number): Promise<{ url: string; proc: ChildProcess }> {
  const tsx = path.join(projectRoot(), 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', INCIDENTS_URL: urls.incidents, CONSENT_URL: urls.consent, TRIGGERS_URL: urls.triggers, REVIEWS_URL: urls.reviews };
  const proc = spawn(process.execPath, [tsx, path.join(projectRoot(), 'gateway', 'main.ts')], { cwd: projectRoot(), stdio: ['ignore', 'ignore', 'pipe'], env });
  let stderr = '';
  proc.stderr?.on('data', (d) => (stderr += String(d)));
  await waitUntilUp(proc, `http://127.0.0.1:${port}/healthz`, 'our gateway', () => stderr);
  return { url: `http://127.0.0.1:${port}/graphql`, proc };
}

async function startHive(supergraph: string, port: number, dedupe: boolean): Promise<{ url: string; proc: ChildProcess }> {
  const dir = path.join(projectRoot(), '.data', dedupe ? 'bench-hive' : 'bench-hive-nodedupe');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'supergraph.graphql'), supergraph);
  fs.writeFileSync(
    path.join(dir, 'gateway.config.mjs'),
    `export const gatewayConfig = {
  supergraph: './supergraph.graphql',
  logging: 'error',${dedupe ? '' : `
  // In-flight request de-duplication is on by default in Hive Gateway; off here for a like-for-like row.
  transportEntries: { '*.http': { options: { deduplicateInflightRequests: false } } },`}
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization'), 'x-request-id': request.headers.get('x-request-id') }),
  },
};
`,
  );
  const bin = path.join(projectRoot(), 'node_modules', '@graphql-hive', 'gateway', 'dist', 'bin.js');
  const proc = spawn(process.execPath, [bin, 'supergraph', '--port', String(port)], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } });
  let stderr = '';
  proc.stderr?.on('data', (d) => (stderr += String(d)));
  await waitUntilUp(proc, `http://127.0.0.1:${port}/healthcheck`, 'Hive Gateway', () => stderr);
  return { url: `http://127.0.0.1:${port}/graphql`, proc };
}

export const benchmark: Benchmark = {
  name: 'gateways',
  writesOwnDoc: true,
  description: `our gateway vs Hive Gateway vs the subgraph called directly (${CONNECTIONS} connections, ${DURATION} s each)`,
  async run() {
    // The subgraphs in this process; each gateway in a process of its own.
    const h = await benchHub('gateways', { gateway: false });
    let hive: { url: string; proc: ChildProcess } | undefined;
    let hiveNoDedupe: { url: string; proc: ChildProcess } | undefined;
    let ours: { url: string; proc: ChildProcess } | undefined;
    try {
      const em = h.hub.subgraphs.incidents.db.orm.em.fork();
      const sources = [[IncidentSource.POLICE, 'kent-police'], [IncidentSource.HOUSING, 'west-kent-housing'], [IncidentSource.WARDEN, 'kent-wardens']] as const;
      for (let i = 0; i < INCIDENTS; i++) {
        const at = new Date(Date.now() - (i + 1) * 72_000_000);
        em.create(Incident, {
          source: sources[i % 3][0], agencyId: sources[i % 3][1], sourceRef: `GW-${i}`, category: AsbCategory.NUISANCE, occurredAt: at, reportedAt: at,
          description: `Narrative ${i}`, location: 'Oak Lane', reporterPersonId: alice, actions: [{ at: at.toISOString(), action: 'Visited' }],
        });
      }
      await em.flush();
      // Hive serves the committed supergraph, pointed at this run's subgraph ports.
      let supergraph = fs.readFileSync(path.join(projectRoot(), 'schema', 'supergraph.graphql'), 'utf8');
      for (const [name, s] of Object.entries(h.hub.subgraphs)) {
        supergraph = supergraph.replace(new RegExp(`(@join__graph\\(name: "${name}", url: ")[^"]+`), `$1${s.url}`);
      }
      const port = 40_000 + (process.pid % 10_000);
      hive = await startHive(supergraph, port, true);
      hiveNoDedupe = await startHive(supergraph, port + 2, false);
      ours = await startOurs(Object.fromEntries(Object.entries(h.hub.subgraphs).map(([n, s]) => [n, s.url])), port + 1);

      const rows: Array<Record<string, string | number>> = [];
      const lines: string[] = [];
      for (const s of SCENARIOS) {
        const token = await signToken({ sub: `bench.${s.role}`, agency: s.agency, roles: [s.role] });
        const a = await post(ours.url, token, s.query);
        const b = await post(hive.url, token, s.query);
        if (!a.data || JSON.stringify(a.data) !== JSON.stringify(b.data)) throw new Error(`${s.name}: Hive Gateway and ours disagree on the data`);
        const targets: Array<[string, string, string]> = [
          ['ours (@apollo/gateway)', ours.url, s.query],
          ['Hive Gateway', hive.url, s.query],
          ['Hive Gateway, in-flight dedup off', hiveNoDedupe.url, s.query],
          [`direct to ${s.direct.subgraph} (no gateway)`, h.hub.subgraphs[s.direct.subgraph].url, s.direct.query],
        ];
        const results: Result[] = [];
        for (const [target, url, query] of targets) results.push({ target, ...(await load(url, token, query)) });
        const base = results[0];
        for (const r of results) {
          rows.push({
            query: s.name, target: r.target, 'req/s': +r.rps.toFixed(1), 'p50 ms': +r.p50.toFixed(1), 'p95 ms': +r.p95.toFixed(1), 'p99 ms': +r.p99.toFixed(1), errors: r.errors,
            'req/s vs ours': +(r.rps / base.rps).toFixed(2), 'p95 vs ours': +(r.p95 / base.p95).toFixed(2),
          });
        }
        lines.push(
          `${s.name}: Hive Gateway serves ${(results[1].rps / base.rps).toFixed(2)}× our requests/s (${(results[2].rps / base.rps).toFixed(2)}× with its in-flight de-duplication off); the subgraph alone ${(results[3].rps / base.rps).toFixed(2)}×.`,
        );
      }
      writeDoc(rows, lines);
      return { rows, notes: [...lines, `machine: ${machine()}`, 'written to docs/benchmarks.md'] };
    } finally {
      hive?.proc.kill();
      hiveNoDedupe?.proc.kill();
      ours?.proc.kill();
      await h.stop();
    }
  },
};

function writeDoc(rows: Array<Record<string, string | number>>, lines: string[]) {
  writeBenchmarkSection(
    'gateways',
    `## Gateways: ours, Hive Gateway, and no gateway

Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run bench -- gateways\` on ${machine()};
PostgreSQL ${process.env.DATABASE_URL ? 'from DATABASE_URL' : 'embedded'}; autocannon, ${CONNECTIONS} connections, ${DURATION} s per target, loopback;
the database, the four subgraphs (one process), each gateway (a process each) and the load generator share the same 2 cores.

${markdownTable(rows)}

${lines.map((l) => `- ${l}`).join('\n')}`,
  );
}
