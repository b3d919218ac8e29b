import os from 'node:os';
import { signToken } from '../../platform/auth';
import { Incident } from '../../subgraphs/incidents/entities/Incident';
import { AsbCategory, IncidentSource } from '../../subgraphs/shared/enums';
import { DEMO } from '../../seeds/demo-data';
import { benchHub, machine, percentile } from './lib';
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
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const QUERY = `query CaseHistory($id: ID!) { caseReview(id: $id) { id status panel { id } application { id reference applicant {
  id givenName familyName email postcode
  incidents { id source category occurredAt description location actions { at action } agency { id } } } } } }`;

async function addIncidents(hub: Awaited<ReturnType<typeof benchHub>>['hub']) {
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
  /** Process CPU (user + system) each request cost: the hub runs in this process, one request at a time. */
  cpu: number[];
  incidents: number;
  withheld: number;
}

async function once(side: Side, body: string, token: string) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const res = await fetch(side.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
  const json = (await res.json()) as any;
  const elapsed = performance.now() - t0;
  const c = process.cpuUsage(c0);
  side.cpu.push((c.user + c.system) / 1000);
  side.incidents = json.data.caseReview.application.applicant.incidents.length;
  side.withheld = json.errors?.length ?? 0;
  if (json.data.caseReview.application.applicant.givenName !== 'Alice') throw new Error('the reviewer should see the name');
  return elapsed;
}

export const benchmark: Benchmark = {
  name: 'access',
  description: `permission layer overhead on a reviewer's case history (${INCIDENTS} incidents, ${RUNS} requests each)`,
  async run() {
    // Both hubs run at once and their requests alternate, so that both see the same machine load.
    const hubs = [await benchHub('access_off', { rules: false }), await benchHub('access_on', { rules: true })];
    try {
      for (const h of hubs) await addIncidents(h.hub);
      const token = await signToken({ sub: 'bench.reviewer', agency: 'kent-mental-health', roles: ['reviewer'] });
      const body = JSON.stringify({ query: QUERY, variables: { id: DEMO.reviews.aliceReview } });
      const [off, on]: Side[] = hubs.map((h, i) => ({ label: i ? 'on' : 'bypassed (baseline)', url: h.url, times: [], cpu: [], incidents: 0, withheld: 0 }));
      for (let i = 0; i < 20; i++) for (const side of [off, on]) await once(side, body, token);
      for (const side of [off, on]) side.cpu.length = 0;
      for (let i = 0; i < RUNS; i++) {
        for (const side of i % 2 ? [on, off] : [off, on]) side.times.push(await once(side, body, token));
      }
      for (const side of [off, on]) side.times.sort((a, b) => a - b);
      return report(off, on);
    } finally {
      for (const h of hubs) await h.stop();
    }
  },
};

function report(off: Side, on: Side) {
  {
    const row = (label: string, m: Side) => ({
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
    return {
      rows: [row('bypassed (baseline)', off), row('on', on)],
      notes: [
        `overhead of the permission layer: p50 +${(overhead50 * 100).toFixed(1)} %, p95 +${(overhead95 * 100).toFixed(1)} % (target ≤ 10 %)`,
        `CPU a request (the whole hub runs in this process, one request at a time): +${(cpuOverhead * 100).toFixed(1)} % with the rules on (${mean(on.cpu).toFixed(2)} vs ${mean(off.cpu).toFixed(2)} ms), the figure least moved by other load on the machine; load average ${os.loadavg()[0].toFixed(1)}`,
        `machine: ${machine()}`,
      ],
    };
  }
}
