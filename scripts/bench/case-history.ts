import os from 'node:os';
import pg from 'pg';
import { signToken } from '../../platform/auth';
import { DEMO } from '../../seeds/demo-data';
import type { ApplicationHistory, HistoryIncident } from '../../subgraphs/reviews/clients/peers';
import { buildCaseHistory, type ReviewRecords } from '../../subgraphs/reviews/rules/case-history';
import { victimEventTitle } from '../../subgraphs/triggers/rules/victim';
import { addCaseIncidents, benchHub, machine, percentile } from './lib';
import type { Benchmark } from './types';

/**
 * `CaseReview.caseHistory` for a panel reviewer (grant-based access) through the gateway: 200
 * incidents of the demo review's applicant over three sources (some reported to two agencies and
 * folded), their actions, the application, its letters and the review's records, every detail
 * decided by the policy decision point. Baselines in the same run: the same request sent straight to
 * the reviews subgraph (no gateway; agency names left out as only the gateway can join them), and a
 * minimal review query through the gateway; and the floor: the same rows read with the fewest
 * statements (one a schema, on a pool of its own, plain `pg`, no ORM, no GraphQL), the same timeline
 * built by the same pure rule (subgraphs/reviews/rules/case-history.ts) and `JSON.stringify`d. The
 * targets alternate request by request, so that all of them see the same load.
 */
const INCIDENTS = 200;
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const ENTRY = 'id at kind sources category title detail withheld reports { incidentId source agencyId sourceRef detail }';
const QUERY = `query CaseHistory($id: ID!) { caseReview(id: $id) { id status caseHistory { ${ENTRY} agencies { id name } } } }`;
const DIRECT = `query CaseHistory($id: ID!) { caseReview(id: $id) { id status caseHistory { ${ENTRY} agencyIds } } }`;
const MINIMAL = `query Review($id: ID!) { caseReview(id: $id) { id status panel { id } } }`;

/** A `to_jsonb` row as the entities read it: camelCase keys, `*_at` times as dates (the rule reads `review.openedAt` as a Date). */
const camel = (row: Record<string, unknown>): any =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), k.endsWith('_at') && typeof v === 'string' ? new Date(v) : v]));
const rows = (v: unknown): any[] => ((v as Array<Record<string, unknown>> | null) ?? []).map(camel);

/**
 * The reviews schema's one statement: the review asked for, every review of its application (first
 * and second stage) and their meetings, requests, findings, action items and invitations, each in
 * the order the resolver reads it (CaseHistoryResolver.ts).
 */
const REVIEWS_SQL = `with r as (select * from reviews.case_review where application_id = (select application_id from reviews.case_review where id = $1))
select (select jsonb_agg(to_jsonb(r) order by opened_at) from r) as reviews,
  (select jsonb_agg(to_jsonb(x) order by held_at) from reviews.review_meeting x where review_id in (select id from r)) as meetings,
  (select jsonb_agg(to_jsonb(x) order by requested_at) from reviews.information_request x where review_id in (select id from r)) as requests,
  (select jsonb_agg(to_jsonb(x) order by recorded_at) from reviews.review_finding x where review_id in (select id from r)) as findings,
  (select jsonb_agg(to_jsonb(x) order by created_at) from reviews.action_item x where review_id in (select id from r)) as actions,
  (select jsonb_agg(to_jsonb(x) order by invited_at) from reviews.victim_meeting_invitation x where review_id in (select id from r)) as invitations`;

/** The triggers schema's: the application, its letters, risk assessments and PCC review (what `_applicationHistory` reads). */
const TRIGGERS_SQL = `select to_jsonb(a) as app,
  (select jsonb_agg(jsonb_build_object('id', l.id, 'kind', l.kind, 'subject', l.subject, 'sent_at', l.sent_at) order by l.sent_at, l.id) from triggers.letter l where l.application_id = a.id) as letters,
  (select jsonb_agg(jsonb_build_object('id', x.id, 'stage', x.stage, 'assessed_at', x.assessed_at) order by x.assessed_at, x.id) from triggers.risk_assessment x where x.application_id = a.id) as risks,
  (select to_jsonb(p) from (select id, reviewer, requested_at, result, result_at from triggers.pcc_review where application_id = a.id limit 1) p) as pcc
from triggers.trigger_application a where a.id = $1`;

/** The incidents schema's: the person's incidents with their actions and same-incident clusters (what `caseHistoryIncidents` reads). */
const INCIDENTS_SQL = `select id, source, agency_id, source_ref, category, sub_type, occurred_at, reported_at, description, location, reporter_person_id, person_ids, cluster_id, actions
from incidents.incident where reporter_person_id = any($1::uuid[]) or person_ids && $1::text[] order by occurred_at, id`;

/** The consent schema's: the reader agency's grants for the person and the consents they rest on (what the decision point reads), and the entries' agencies. */
const CONSENT_SQL = `with g as (select * from consent.access_grant where agency_id = $1 and person_id = any($2::uuid[]))
select (select jsonb_agg(to_jsonb(g)) from g) as grants,
  (select jsonb_agg(to_jsonb(c)) from consent.consent c where c.id in (select consent_id from g where consent_id is not null)) as consents,
  (select jsonb_agg(jsonb_build_object('id', a.id, 'name', a.name)) from consent.agency a where a.id = any($3::text[])) as agencies`;

/**
 * The floor: the rows of the case history in four statements, one a schema (reviews; then triggers
 * and incidents at once; then consent, which needs the entries' agencies), the timeline from the
 * same rule, serialised. Not done here: the access decisions on those facts and their audit rows.
 */
async function floor(pools: Record<'reviews' | 'triggers' | 'incidents' | 'consent', pg.Pool>, reviewId: string, readerAgencyId: string): Promise<string> {
  const rv = (await pools.reviews.query(REVIEWS_SQL, [reviewId])).rows[0];
  const records: ReviewRecords = {
    reviews: rows(rv.reviews), meetings: rows(rv.meetings), requests: rows(rv.requests), findings: rows(rv.findings), actions: rows(rv.actions), invitations: rows(rv.invitations),
  };
  const review = records.reviews.find((r) => r.id === reviewId)!;
  const personId = review.subjectPersonId ?? null;
  const [tr, inc] = await Promise.all([
    pools.triggers.query(TRIGGERS_SQL, [review.applicationId]),
    personId ? pools.incidents.query(INCIDENTS_SQL, [[personId]]) : Promise.resolve({ rows: [] as Array<Record<string, unknown>> }),
  ]);
  const t = tr.rows[0];
  const app = t ? camel(t.app) : null;
  const application: ApplicationHistory | null = app && {
    ...app,
    letters: rows(t.letters),
    riskAssessments: rows(t.risks),
    pccReview: t.pcc ? camel(t.pcc) : null,
    victimEvents: (app.victimEvents ?? []).map((e: any) => ({ at: new Date(e.at), kind: e.kind, title: victimEventTitle(e) })),
  };
  const incidents = inc.rows.map((r) => ({ ...camel(r), subType: r.sub_type ?? null, personIds: r.person_ids ?? [], actions: r.actions ?? [] })) as HistoryIncident[];
  const entries = buildCaseHistory({ incidents, application, records, personId });
  const agencyIds = [...new Set(entries.flatMap((e) => [...e.agencyIds, ...e.reports.map((r) => r.agencyId)]))];
  const cs = (await pools.consent.query(CONSENT_SQL, [readerAgencyId, personId ? [personId] : [], agencyIds])).rows[0];
  const names = new Map<string, string>((cs.agencies ?? []).map((a: { id: string; name: string }) => [a.id, a.name]));
  const caseHistory = entries.map((e) => ({ ...e, agencies: e.agencyIds.map((id) => ({ id, name: names.get(id) ?? null })) }));
  return JSON.stringify({ data: { caseReview: { id: review.id, status: review.status, caseHistory } } });
}


export const benchmark: Benchmark = {
  name: 'case-history',
  description: `a panel reviewer's consolidated case history (${INCIDENTS} incidents over three sources, ${RUNS} requests each)`,
  async run() {
    const loadBefore = os.loadavg()[0];
    const h = await benchHub('case_history');
    const pools = Object.fromEntries((['reviews', 'triggers', 'incidents', 'consent'] as const).map((n) => [n, new pg.Pool({ connectionString: h.dbUrl, max: 1 })])) as Record<'reviews' | 'triggers' | 'incidents' | 'consent', pg.Pool>;
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
      // The entries' ids in order, of the last response of each: the floor must build the same timeline.
      let gatewayIds = '';
      let floorIds = '';
      const targets: Array<[string, () => Promise<unknown>]> = [
        ['gateway', async () => {
          const review = await post(h.url, QUERY);
          entries = review.caseHistory.length;
          gatewayIds = review.caseHistory.map((e: any) => e.id).join(' ');
          reports = review.caseHistory.reduce((n: number, e: any) => n + e.reports.length, 0);
        }],
        ['direct', () => post(h.hub.subgraphs.reviews.url, DIRECT)],
        ['minimal', () => post(h.url, MINIMAL)],
        ['floor', async () => {
          floorIds = (JSON.parse(await floor(pools, DEMO.reviews.aliceReview, 'kent-mental-health')) as any).data.caseReview.caseHistory.map((e: any) => e.id).join(' ');
        }],
      ];
      const times = Object.fromEntries(targets.map(([n]) => [n, [] as number[]])) as Record<string, number[]>;
      const cpu = Object.fromEntries(targets.map(([n]) => [n, 0])) as Record<string, number>;
      // Alternated request by request (after a warm-up of each), so that every target sees the same load.
      for (let i = -Math.min(20, RUNS); i < RUNS; i++) {
        for (const [name, fn] of targets) {
          const c0 = process.cpuUsage();
          const t0 = performance.now();
          await fn();
          const ms = performance.now() - t0;
          const c = process.cpuUsage(c0);
          if (i >= 0) {
            times[name].push(ms);
            cpu[name] += (c.user + c.system) / 1000;
          }
        }
      }
      for (const t of Object.values(times)) t.sort((a, b) => a - b);
      // The statements one case history sends once warm, per subgraph (the floor sends one a schema).
      const before = Object.fromEntries(Object.entries(h.hub.subgraphs).map(([n, s]) => [n, s.db.stats.statements]));
      await targets[0][1]();
      const statements = Object.entries(h.hub.subgraphs).map(([n, s]) => `${n} ${s.db.stats.statements - before[n]}`).join(', ');
      const { gateway, direct, minimal } = times;
      if (floorIds !== gatewayIds) throw new Error('the floor did not build the timeline the gateway returned');
      const row = (label: string, key: string, times: number[]) => ({
        request: label,
        'p50 ms': +percentile(times, 50).toFixed(1),
        'p95 ms': +percentile(times, 95).toFixed(1),
        'req/s': +(1000 / (times.reduce((a, b) => a + b, 0) / times.length)).toFixed(1),
        'CPU ms a request (this process: all subgraphs, gateway and the floor)': +(cpu[key] / RUNS).toFixed(1),
      });
      return {
        rows: [
          row('case history via gateway', 'gateway', gateway),
          row('case history straight to reviews (baseline)', 'direct', direct),
          row('minimal review via gateway (baseline)', 'minimal', minimal),
          row('floor: the same rows in 4 statements, the same rule, JSON.stringify (baseline)', 'floor', times.floor),
        ],
        notes: [
          `${entries} timeline entries, ${reports} incident reports folded into them; SQL statements of one case history via gateway: ${statements} (consent's include the access log's append); the floor: 4, one a schema`,
          `gateway over floor: p50 ×${(percentile(gateway, 50) / percentile(times.floor, 50)).toFixed(2)}, p95 ×${(percentile(gateway, 95) / percentile(times.floor, 95)).toFixed(2)} (aim ≤ 3×); direct over floor: p50 ×${(percentile(direct, 50) / percentile(times.floor, 50)).toFixed(2)}`,
          `gateway over direct: p50 ×${(percentile(gateway, 50) / percentile(direct, 50)).toFixed(2)}, p95 ×${(percentile(gateway, 95) / percentile(direct, 95)).toFixed(2)}`,
          `machine: ${machine()}; load average (1 min) ${loadBefore.toFixed(2)} before the run, ${os.loadavg()[0].toFixed(2)} after`,
        ],
      };
    } finally {
      await Promise.all(Object.values(pools).map((p) => p.end()));
      await h.stop();
    }
  },
};
