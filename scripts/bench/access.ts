import os from 'node:os';
import pg from 'pg';
import { signToken } from '../../platform/auth';
import { Incident } from '../../subgraphs/incidents/entities/Incident';
import { AsbCategory, IncidentSource } from '../../subgraphs/shared/enums';
import { DEMO } from '../../seeds/demo-data';
import path from 'node:path';
import { startHub, type Hub } from '../lib/hub';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../platform/services';
import { machine, percentile, scratchDatabase } from './lib';
import { cpuMsOf, freePort, spawnService, type SubgraphProcess } from './processes';
import type { Benchmark } from './types';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/**
 * The permission layer's overhead on a reviewer's case-history query: the same hub and data served
 * with the rules (graphql-shield on every field, the policy decision point, the access log) and
 * with the rules bypassed, in the same run. A panel reviewer (grant-based access) reads the review,
 * the application, the applicant's identity and contact details, and 200 incidents with their
 * narratives and actions across three sources.
 */
const INCIDENTS = 200;
// 500 a side: with fewer, one scheduling hiccup moves p95 by several points on a 2-core machine.
const RUNS = Number(process.env.BENCH_RUNS ?? 500);
const QUERY = `query CaseHistory($id: ID!) { caseReview(id: $id) { id status panel { id } application { id reference applicant {
  id givenName familyName email postcode
  incidents { id source category occurredAt description location actions { at action } agency { id } } } } } }`;

async function addIncidents(hub: Hub) {
  const em = hub.subgraphs.incidents.db.orm.em.fork();
  const sources = [
    [IncidentSource.POLICE, 'kent-police'],
    [IncidentSource.HOUSING, 'west-kent-housing'],
    [IncidentSource.WARDEN, 'kent-wardens'],
  ] as const;
  for (let i = 0; i < INCIDENTS; i++) {
    const [source, agencyId] = sources[i % 3];
    const at = new Date(Date.now() - (i + 1) * 3_600_000 * 20);
    em.create(Incident, {
      source, agencyId, sourceRef: `BENCH-${i}`, category: [AsbCategory.NUISANCE, AsbCategory.PERSONAL][i % 2], occurredAt: at, reportedAt: at,
      description: `Narrative ${i}: noise and shouting outside the property late at night.`, location: 'Oak Lane, Sevenoaks',
      reporterPersonId: DEMO.people.alice, actions: [{ at: at.toISOString(), action: 'Visited; advice given', by: 'officer' }],
    });
  }
  await em.flush();
}

interface Side {
  label: string;
  url: string;
  times: number[];
  /** CPU (user + system) each request cost the hub's processes. */
  cpu: number[];
  incidents: number;
  withheld: number;
}

interface RunningHub {
  url: string;
  /** CPU the hub has used so far, ms. */
  cpuMs(): number;
  /** The same, per process (the gateway and each subgraph apart, when they are). */
  cpuByProcess(): Record<string, number>;
  stop(): Promise<void>;
}

/** A scratch database with the demo data and the benchmark's incidents. */
async function seededDatabase(label: string) {
  const db = await scratchDatabase(label);
  try {
    const seeded = await startHub({ clientUrl: db.url, gatewayPort: 0, subgraphPort: () => 0, seed: true, gateway: false });
    await addIncidents(seeded);
    await seeded.stop();
    // Planner statistics taken now, on both sides alike: autovacuum analysing one scratch database
    // and not the other during the run would change that side's plans midway.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('vacuum analyze');
    } finally {
      await client.end();
    }
    return db;
  } catch (err) {
    await db.drop().catch(() => undefined);
    throw err;
  }
}

const local = (port: number) => `http://127.0.0.1:${port}`;

/**
 * The whole hub in one process of its own, as `npm start` runs it (scripts/lib/hub-process.ts);
 * the load generator is this process, apart, so that neither hub shares a heap or an event loop
 * with the other or with the client.
 */
async function inProcessHub(label: string, rules: boolean): Promise<RunningHub> {
  const db = await seededDatabase(label);
  try {
    const port = await freePort();
    const hub = await spawnService(path.join('scripts', 'lib', 'hub-process.ts'), rules ? [] : ['--bypass'], { DATABASE_URL: db.url, PORT: String(port) }, `${local(port)}/readyz`, `${local(port)}/graphql`);
    return {
      url: hub.url,
      cpuMs: () => cpuMsOf(hub.pid),
      cpuByProcess: () => ({ hub: cpuMsOf(hub.pid) }),
      async stop() {
        await hub.stop();
        await db.drop();
      },
    };
  } catch (err) {
    await db.drop().catch(() => undefined);
    throw err;
  }
}

/**
 * The hub as docker-compose deploys it: each subgraph and the gateway a process of its own, on
 * the same database; the baseline's subgraphs start with the permission layer bypassed
 * (scripts/lib/subgraph-process.ts). CPU is summed over the five processes (not PostgreSQL's).
 */
async function deployedHub(label: string, rules: boolean): Promise<RunningHub> {
  const db = await seededDatabase(label);
  try {
    const ports = Object.fromEntries(await Promise.all(SUBGRAPH_NAMES.map(async (n) => [n, await freePort()] as const))) as Record<SubgraphName, number>;
    const env = {
      DATABASE_URL: db.url,
      INCIDENTS_URL: `${local(ports.incidents)}/graphql`,
      CONSENT_URL: `${local(ports.consent)}/graphql`,
      TRIGGERS_URL: `${local(ports.triggers)}/graphql`,
      REVIEWS_URL: `${local(ports.reviews)}/graphql`,
    };
    const subgraphs = await Promise.all(
      SUBGRAPH_NAMES.map((n) =>
        spawnService(path.join('scripts', 'lib', 'subgraph-process.ts'), [n, ...(rules ? [] : ['--bypass'])], { ...env, PORT: String(ports[n]) }, `${local(ports[n])}/healthz`, `${local(ports[n])}/graphql`),
      ),
    );
    const gatewayPort = await freePort();
    const gateway = await spawnService(path.join('gateway', 'main.ts'), [], { ...env, PORT: String(gatewayPort) }, `${local(gatewayPort)}/readyz`, `${local(gatewayPort)}/graphql`);
    const all = [gateway, ...subgraphs];
    const named: Array<[string, SubgraphProcess]> = [['gateway', gateway], ...SUBGRAPH_NAMES.map((n, i): [string, SubgraphProcess] => [n, subgraphs[i]])];
    return {
      url: gateway.url,
      cpuMs: () => all.reduce((sum, p) => sum + cpuMsOf(p.pid), 0),
      cpuByProcess: () => Object.fromEntries(named.map(([n, p]) => [n, cpuMsOf(p.pid)])),
      async stop() {
        for (const p of all) await p.stop();
        await db.drop();
      },
    };
  } catch (err) {
    await db.drop().catch(() => undefined);
    throw err;
  }
}

async function once(hub: RunningHub, side: Side, body: string, token: string) {
  const c0 = hub.cpuMs();
  const t0 = performance.now();
  const res = await fetch(side.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
  const json = (await res.json()) as any;
  const elapsed = performance.now() - t0;
  side.cpu.push(hub.cpuMs() - c0);
  side.incidents = json.data.caseReview.application.applicant.incidents.length;
  side.withheld = json.errors?.length ?? 0;
  if (json.data.caseReview.application.applicant.givenName !== 'Alice') throw new Error('the reviewer should see the name');
  return elapsed;
}

const TOPOLOGIES = [
  { name: 'one process', start: inProcessHub },
  { name: 'a process each', start: deployedHub },
] as const;

export const benchmark: Benchmark = {
  name: 'access',
  description: `permission layer overhead on a reviewer's case history (${INCIDENTS} incidents, ${RUNS} requests each), the hub in one process and as deployed`,
  async run() {
    const rows: Array<Record<string, string | number>> = [];
    const notes: string[] = [];
    for (const topology of TOPOLOGIES) {
      // Both hubs run at once and their requests alternate, so that both see the same machine load.
      const hubs = [await topology.start('access_off', false), await topology.start('access_on', true)];
      try {
        const token = await signToken({ sub: 'bench.reviewer', agency: 'kent-mental-health', roles: ['reviewer'] });
        const body = JSON.stringify({ query: QUERY, variables: { id: DEMO.reviews.aliceReview } });
        const [off, on]: Side[] = hubs.map((h, i) => ({ label: i ? 'on' : 'bypassed (baseline)', url: h.url, times: [], cpu: [], incidents: 0, withheld: 0 }));
        const pairs = [[hubs[0], off], [hubs[1], on]] as const;
        for (let i = 0; i < 20; i++) for (const [h, side] of pairs) await once(h, side, body, token);
        for (const side of [off, on]) side.cpu.length = 0;
        const before = hubs.map((h) => h.cpuByProcess());
        for (let i = 0; i < RUNS; i++) {
          for (const [h, side] of i % 2 ? [pairs[1], pairs[0]] : pairs) side.times.push(await once(h, side, body, token));
        }
        const perProcess = hubs.map((h, k) => Object.entries(h.cpuByProcess()).map(([n, ms]) => [n, (ms - before[k][n]) / RUNS] as const));
        for (const side of [off, on]) side.times.sort((a, b) => a - b);
        const r = report(topology.name, off, on);
        rows.push(...r.rows);
        notes.push(...r.notes);
        if (perProcess[0].length > 1) {
          const cost = perProcess[1].map(([n, ms], k) => `${n} ${(ms - perProcess[0][k][1]) >= 0 ? '+' : ''}${(ms - perProcess[0][k][1]).toFixed(2)}`);
          notes.push(`${topology.name}: CPU a request the rules add, by process (ms): ${cost.join(', ')}`);
        }
      } finally {
        for (const h of hubs) await h.stop();
      }
    }
    notes.push(`load average ${os.loadavg()[0].toFixed(1)}; machine: ${machine()}`);
    return { rows, notes };
  },
};

function report(topology: string, off: Side, on: Side) {
  const row = (label: string, m: Side) => ({
    hub: topology,
    rules: label,
    incidents: m.incidents,
    'withheld fields': m.withheld,
    'p50 ms': +percentile(m.times, 50).toFixed(1),
    'p95 ms': +percentile(m.times, 95).toFixed(1),
    'req/s': +(1000 / (m.times.reduce((a, b) => a + b, 0) / m.times.length)).toFixed(1),
    'CPU ms/req': +mean(m.cpu).toFixed(2),
  });
  const cpuOverhead = mean(on.cpu) / mean(off.cpu) - 1;
  const overhead50 = percentile(on.times, 50) / percentile(off.times, 50) - 1;
  const overhead95 = percentile(on.times, 95) / percentile(off.times, 95) - 1;
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
  return {
    rows: [row('bypassed (baseline)', off), row('on', on)],
    notes: [
      `${topology}: overhead of the permission layer p50 ${pct(overhead50)}, p95 ${pct(overhead95)} (target ≤ 10 %); ratio on ÷ bypassed p50 ${(1 + overhead50).toFixed(3)}, p95 ${(1 + overhead95).toFixed(3)}`,
      `${topology}: CPU a request ${pct(cpuOverhead)} with the rules on (${mean(on.cpu).toFixed(2)} vs ${mean(off.cpu).toFixed(2)} ms${topology === 'one process' ? ", the hub's process" : ', the gateway and subgraph processes'}, 10 ms ticks summed over the run)`,
    ],
  };
}
