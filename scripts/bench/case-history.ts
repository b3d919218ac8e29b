import { signToken } from '../../platform/auth';
import { DEMO } from '../../seeds/demo-data';
import { addCaseIncidents, benchHub, machine, percentile, timeRuns } from './lib';
import type { Benchmark } from './types';

/**
 * `CaseReview.caseHistory` for a panel reviewer (grant-based access) through the gateway: 200
 * incidents of the demo review's applicant over three sources (some reported to two agencies and
 * folded), their actions, the application, its letters and the review's records, every detail
 * decided by the policy decision point. Baselines in the same run: the same request sent straight to
 * the reviews subgraph (no gateway; agency names left out as only the gateway can join them), and a
 * minimal review query through the gateway.
 */
const INCIDENTS = 200;
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const ENTRY = 'id at kind sources category title detail withheld reports { incidentId source agencyId sourceRef detail }';
const QUERY = `query CaseHistory($id: ID!) { caseReview(id: $id) { id status caseHistory { ${ENTRY} agencies { id name } } } }`;
const DIRECT = `query CaseHistory($id: ID!) { caseReview(id: $id) { id status caseHistory { ${ENTRY} agencyIds } } }`;
const MINIMAL = `query Review($id: ID!) { caseReview(id: $id) { id status panel { id } } }`;


export const benchmark: Benchmark = {
  name: 'case-history',
  description: `a panel reviewer's consolidated case history (${INCIDENTS} incidents over three sources, ${RUNS} requests each)`,
  async run() {
    const h = await benchHub('case_history');
    try {
      await addCaseIncidents(h.hub, INCIDENTS, 'BENCH-CH');
      const token = await signToken({ sub: 'bench.reviewer', agency: 'kent-mental-health', roles: ['reviewer'] });
      const post = async (url: string, query: string) => {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables: { id: DEMO.reviews.aliceReview } }),
        });
        const json = (await res.json()) as any;
        if (json.errors?.length) throw new Error(`case history failed: ${JSON.stringify(json.errors[0])}`);
        return json.data.caseReview;
      };
      let entries = 0;
      let reports = 0;
      const gateway = await timeRuns(RUNS, async () => {
        const review = await post(h.url, QUERY);
        entries = review.caseHistory.length;
        reports = review.caseHistory.reduce((n: number, e: any) => n + e.reports.length, 0);
      });
      const direct = await timeRuns(RUNS, () => post(h.hub.subgraphs.reviews.url, DIRECT));
      const minimal = await timeRuns(RUNS, () => post(h.url, MINIMAL));
      const row = (label: string, times: number[]) => ({
        request: label,
        'p50 ms': +percentile(times, 50).toFixed(1),
        'p95 ms': +percentile(times, 95).toFixed(1),
        'req/s': +(1000 / (times.reduce((a, b) => a + b, 0) / times.length)).toFixed(1),
      });
      return {
        rows: [row('case history via gateway', gateway), row('case history straight to reviews (baseline)', direct), row('minimal review via gateway (baseline)', minimal)],
        notes: [
          `${entries} timeline entries, ${reports} incident reports folded into them`,
          `gateway over direct: p50 ×${(percentile(gateway, 50) / percentile(direct, 50)).toFixed(2)}, p95 ×${(percentile(gateway, 95) / percentile(direct, 95)).toFixed(2)}`,
          `machine: ${machine()}`,
        ],
      };
    } finally {
      await h.stop();
    }
  },
};
