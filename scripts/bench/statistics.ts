import { DateTime } from 'luxon';
import { Client } from 'pg';
import { signToken } from '../../platform/auth';
import { seedScale } from '../../seeds/scale';
import { benchHub, machine, percentile, timeRuns } from './lib';
import type { Benchmark } from './types';

/**
 * Analysts' statistics at national scale: `npm run seed -- --scale` loads BENCH_STATS_N incidents
 * (default 1,000,000) into a scratch database, then, through the gateway with an analyst's token:
 * a police force's year of incidents by month × area, the whole country's year by month × source ×
 * category, and `triggerStatistics` for a year over every authority (with each authority's figures
 * and deadline shares). Baselines in the same run: the month × area question answered in SQL from
 * the incidents table itself (what the aggregates save), and the smallest statistics request through
 * the gateway (its fixed cost).
 */
const N = Number(process.env.BENCH_STATS_N ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const AIM_P95_MS = 300;

export const benchmark: Benchmark = {
  name: 'statistics',
  description: `incidentStatistics and triggerStatistics over ${N.toLocaleString('en-GB')} incidents (${RUNS} requests each)`,
  async run() {
    const h = await benchHub('statistics');
    try {
      const url = h.hub.subgraphs.incidents.db.orm.config.get('clientUrl')!;
      const seeded = await seedScale(url, { incidents: N });
      const token = await signToken({ sub: 'bench.analyst', agency: 'kent-police', roles: ['analyst'] });
      const today = DateTime.now().setZone('Europe/London');
      const year = { from: today.minus({ months: 11 }).startOf('month').toISODate()!, to: today.toISODate()! };
      let lastRows = 0;
      const post = async (query: string, variables: Record<string, unknown>) => {
        const res = await fetch(h.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
        const json = (await res.json()) as any;
        if (json.errors?.length) throw new Error(`statistics failed: ${JSON.stringify(json.errors[0])}`);
        return json.data;
      };
      // Each asks for the dimensions it groups on, as an analyst would.
      const stats = (fields: string) => `query($g: [IncidentDimension!]!, $f: IncidentStatsFilter) { incidentStatistics(groupBy: $g, filter: $f) { ${fields} count suppressed } }`;
      const TRIGGERS = `query($from: Date!, $to: Date!) { triggerStatistics(from: $from, to: $to) {
        applicationsReceived thresholdNotMet reviewsCarriedOut reviewsWithRecommendations suppressedFigures
        acknowledgedInTime { due inTime share suppressed } decidedInTime { due inTime share suppressed }
        byAuthority { authority { id } applicationsReceived thresholdNotMet reviewsCarriedOut reviewsWithRecommendations acknowledgedInTime { share } decidedInTime { share } } } }`;

      const forceRows: number[] = [];
      const force = await timeRuns(RUNS, async () => {
        const d = await post(stats('month area'), { g: ['MONTH', 'AREA'], f: { agencyId: 'kent-police', ...year } });
        forceRows[0] = d.incidentStatistics.length;
      }, 5);
      const national = await timeRuns(RUNS, async () => {
        const d = await post(stats('month source category'), { g: ['MONTH', 'SOURCE', 'CATEGORY'], f: year });
        lastRows = d.incidentStatistics.length;
      }, 5);
      let authorities = 0;
      const triggers = await timeRuns(RUNS, async () => {
        const d = await post(TRIGGERS, year);
        authorities = d.triggerStatistics.byAuthority.length;
      }, 5);
      const minimal = await timeRuns(RUNS, () => post(stats(''), { g: [], f: { from: year.to, to: year.to } }), 5);

      // Baseline: the force's month × area year counted from the incidents table itself.
      const client = new Client({ connectionString: url });
      await client.connect();
      let raw: number[];
      try {
        raw = await timeRuns(Math.min(RUNS, 20), () =>
          client.query(
            `select to_char(date_trunc('month', "occurred_at" at time zone 'Europe/London'), 'YYYY-MM'), "lsoa_code", count(*) from "incidents"."incident"
              where "agency_id" = $1 and "occurred_at" >= $2 and "occurred_at" < $3 group by 1, 2 order by 1, 2`,
            ['kent-police', year.from, today.plus({ days: 1 }).toISODate()],
          ), 2);
      } finally {
        await client.end();
      }
      const row = (label: string, times: number[]) => ({
        request: label,
        'p50 ms': +percentile(times, 50).toFixed(1),
        'p95 ms': +percentile(times, 95).toFixed(1),
      });
      const verdict = (times: number[]) => (percentile(times, 95) < AIM_P95_MS ? 'met' : 'NOT met');
      return {
        rows: [
          row(`incidentStatistics month × area, one force, 12 months (${forceRows[0]} rows)`, force),
          row(`incidentStatistics month × source × category, England, 12 months (${lastRows} rows)`, national),
          row(`triggerStatistics, 12 months, every authority (${authorities} authorities)`, triggers),
          row('smallest incidentStatistics via gateway (baseline)', minimal),
          row('month × area, one force, in SQL from the incidents table (baseline)', raw),
        ],
        notes: [
          `scale seed: ${seeded.incidents.toLocaleString('en-GB')} incidents, ${seeded.applications} applications, ${seeded.reviews} reviews, ${seeded.areas} areas in ${seeded.seconds} s (${Math.round(seeded.incidents / seeded.seconds)} incidents/s by COPY)`,
          `month × area via gateway vs counted from the incidents table in SQL: p50 ×${(percentile(force, 50) / percentile(raw, 50)).toFixed(2)}`,
          `aim p95 < ${AIM_P95_MS} ms: month × area ${verdict(force)}, national ${verdict(national)}, triggerStatistics ${verdict(triggers)}`,
          `machine: ${machine()}`,
        ],
      };
    } finally {
      await h.stop();
    }
  },
};
