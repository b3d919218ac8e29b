import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { ZONE } from '../../shared/calendar';
import { byReport, clusterKeyOf, countSeparateIncidents, separateIncidents, type ClusteredIncident, type SeparateIncident } from './same-incident';
import { explanationDue, type ExplanationDue, type RaisedExplanation, type ReportedIncident } from './second-report';

const NOW = new Date('2026-11-30T12:00:00Z');
let n = 0;
const report = (at: string, clusterId?: string): ReportedIncident => {
  const incidentId = `i${++n}`;
  return { incidentId, clusterId: clusterId ?? incidentId, reportedAt: new Date(at) };
};
const raisedFrom = (d: NonNullable<ReturnType<typeof explanationDue>>): RaisedExplanation => ({ secondReportAt: d.secondReportAt, coversUntil: d.coversUntil });

describe('the Case Review explanation at the second report (2025 guidance)', () => {
  it('is due at the second separate report within six months, from it for six months', () => {
    const a = report('2026-08-01T10:00:00Z');
    const b = report('2026-11-20T10:00:00Z');
    const due = explanationDue([a, b], [], NOW)!;
    expect(due).toMatchObject({ firstReportAt: a.reportedAt, secondReportAt: b.reportedAt, firstClusterId: a.clusterId, secondClusterId: b.clusterId });
    expect(due.incidentIds).toEqual([a.incidentId, b.incidentId].sort());
    // Six London calendar months: 10:00 GMT in November is 10:00 BST (09:00 UTC) in May.
    expect(due.coversUntil.toISOString()).toBe('2027-05-20T09:00:00.000Z');
  });

  it('is not due for one report, nor for two of the same incident (one cluster)', () => {
    expect(explanationDue([report('2026-11-01T10:00:00Z')], [], NOW)).toBeNull();
    const first = report('2026-11-01T10:00:00Z');
    const same = report('2026-11-01T18:00:00Z', first.clusterId);
    expect(explanationDue([first, same], [], NOW)).toBeNull();
    // A third separate one makes the cluster's first report the first, once.
    const other = report('2026-11-10T10:00:00Z');
    const due = explanationDue([same, other, first], [], NOW)!;
    expect(due.firstReportAt).toEqual(first.reportedAt);
    expect(due.incidentIds).toHaveLength(3);
  });

  it('is not due when the two reports are more than six calendar months apart (London)', () => {
    expect(explanationDue([report('2026-05-19T10:00:00Z'), report('2026-11-20T10:00:00Z')], [], NOW)).toBeNull();
    expect(explanationDue([report('2026-05-20T10:00:00Z'), report('2026-11-20T10:00:00Z')], [], NOW)).not.toBeNull();
  });

  it('raises nothing for a third report within the six months an explanation covers, and again after them', () => {
    const a = report('2026-03-01T10:00:00Z');
    const b = report('2026-05-01T10:00:00Z');
    const first = explanationDue([a, b], [], new Date('2026-05-02T00:00:00Z'))!;
    const c = report('2026-10-20T10:00:00Z');
    expect(explanationDue([a, b, c], [raisedFrom(first)], new Date('2026-10-21T00:00:00Z'))).toBeNull();
    // After the six months, a new second report within six months of the last raises a new one.
    const d = report('2026-11-25T10:00:00Z');
    const again = explanationDue([a, b, c, d], [raisedFrom(first)], NOW)!;
    expect(again.secondReportAt).toEqual(d.reportedAt);
    expect(again.firstReportAt).toEqual(c.reportedAt);
  });

  it('does not raise one for a second report more than six months ago (an import of old reports)', () => {
    expect(explanationDue([report('2025-01-01T10:00:00Z'), report('2025-02-01T10:00:00Z')], [], NOW)).toBeNull();
  });

  it('never raises for a second report an explanation covers, and is idempotent (property)', () => {
    const day = 86_400_000;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 4 })), { maxLength: 12 }), (spec) => {
        const incidents = spec.map(([d, c], i) => ({ incidentId: `x${i}`, clusterId: `c${d}-${c}`, reportedAt: new Date(NOW.getTime() - d * day) }));
        const due = explanationDue(incidents, [], NOW);
        if (!due) return;
        expect(new Set(incidents.filter((i) => due.incidentIds.includes(i.incidentId)).map((i) => i.clusterId)).size).toBe(2);
        expect(due.secondReportAt.getTime()).toBeGreaterThan(due.firstReportAt.getTime() - 1);
        expect(explanationDue(incidents, [raisedFrom(due)], NOW)).toBeNull();
      }),
    );
  });

  it('counts separate incidents as the threshold does (rules/same-incident.ts): one agency\'s two reports in a cluster are two', () => {
    // police A ~ housing B ~ police C, 12 hours apart: the linker made one cluster, but two reports to
    // the police are two incidents, for the threshold and for the second report alike.
    const c = 'c0000000-0000-0000-0000-000000000001';
    const reports = [
      { incidentId: 'p1', clusterId: c, agencyId: 'kent-police', occurredAt: new Date('2026-11-01T20:00:00Z'), reportedAt: new Date('2026-11-01T20:00:00Z') },
      { incidentId: 'h', clusterId: c, agencyId: 'west-kent-housing', occurredAt: new Date('2026-11-01T22:00:00Z'), reportedAt: new Date('2026-11-02T09:00:00Z') },
      { incidentId: 'p2', clusterId: c, agencyId: 'kent-police', occurredAt: new Date('2026-11-02T08:00:00Z'), reportedAt: new Date('2026-11-02T08:00:00Z') },
    ];
    const due = explanationDue(reports, [], NOW)!;
    expect(countSeparateIncidents(reports.map((r) => ({ ...r, id: r.incidentId })))).toBe(2);
    expect(due).toMatchObject({ firstReportAt: reports[0].reportedAt, secondReportAt: reports[2].reportedAt, firstClusterId: c, secondClusterId: c });
    expect(due.incidentIds).toEqual(['h', 'p1', 'p2']);
    // Reported to two agencies, the same event is one incident: nothing due.
    expect(explanationDue(reports.slice(0, 2), [], NOW)).toBeNull();
  });
});

describe('the second-report rule made linear answers as it did (a reporter with a long history lands with every submission)', () => {
  const day = 86_400_000;
  const agencies = ['kent-police', 'west-kent-housing', 'kent-wardens'];
  // Reports over 13 months (the window the incidents subgraph sends), clustered, to several
  // agencies; explanations raised anywhere in and around it, overlapping or not.
  const history = fc.array(
    fc.record({ d: fc.integer({ min: 0, max: 400 }), h: fc.integer({ min: 0, max: 23 }), c: fc.integer({ min: 0, max: 6 }), a: fc.integer({ min: 0, max: 2 }), late: fc.integer({ min: 0, max: 3 }), six: fc.boolean() }),
    { maxLength: 40 },
  );
  const explanations = fc.array(fc.record({ d: fc.integer({ min: -30, max: 450 }), long: fc.integer({ min: 0, max: 200 }) }), { maxLength: 6 });
  const toReports = (spec: Array<{ d: number; h: number; c: number; a: number; late: number; six: boolean }>): ReportedIncident[] =>
    spec.map((x, i) => {
      // Some exactly six London months after the report before it (the window's bound).
      const at = new Date(NOW.getTime() - x.d * day - x.h * 3_600_000);
      const reportedAt = x.six && i ? DateTime.fromJSDate(new Date(NOW.getTime() - spec[i - 1].d * day - spec[i - 1].h * 3_600_000), { zone: ZONE }).plus({ months: 6 }).toJSDate() : at;
      return {
        incidentId: `r${i}`,
        // Clusters of nearby days, as the linker makes them; some lone reports.
        clusterId: x.c === 0 ? `r${i}` : `c${Math.floor(x.d / 3)}-${x.c % 3}`,
        reportedAt,
        agencyId: agencies[x.a],
        occurredAt: x.late === 0 ? null : new Date(reportedAt.getTime() - x.late * 3_600_000),
      };
    });
  // Explanations begin and end on report times too (a second report's, six months on), where a
  // bound taken for < instead of <= would show.
  const toRaised = (spec: Array<{ d: number; long: number }>, reports: ReportedIncident[]): RaisedExplanation[] =>
    spec.map((x, i) => {
      const on = reports.length && i % 2 ? reports[Math.abs(x.d) % reports.length].reportedAt : null;
      const from = on ?? new Date(NOW.getTime() - x.d * day);
      const until = i % 3 === 0 ? DateTime.fromJSDate(from, { zone: ZONE }).plus({ months: 6 }).toJSDate() : reports.length && i % 3 === 1 ? reports[x.long % reports.length].reportedAt : new Date(from.getTime() + x.long * day);
      return { secondReportAt: from, coversUntil: until };
    });

  it('gives the same explanation, or none, for any reports and explanations already raised (property)', () => {
    fc.assert(
      fc.property(history, explanations, (spec, raisedSpec) => {
        const reports = toReports(spec);
        const raised = toRaised(raisedSpec, reports);
        expect(explanationDue(reports, raised, NOW)).toEqual(explanationDueBefore(reports, raised, NOW));
        // In any order the incidents subgraph sends them.
        expect(explanationDue([...reports].reverse(), raised, NOW)).toEqual(explanationDueBefore(reports, raised, NOW));
      }),
      { numRuns: 500 },
    );
  });

  it('groups separate incidents as it did (property; the threshold counts with it too)', () => {
    fc.assert(
      fc.property(history, (spec) => {
        const reports = toReports(spec).map((r) => ({ id: r.incidentId, agencyId: r.agencyId!, clusterId: r.clusterId, occurredAt: r.occurredAt ?? r.reportedAt, reportedAt: r.reportedAt }));
        expect(separateIncidents(reports)).toEqual(separateIncidentsBefore(reports));
      }),
      { numRuns: 500 },
    );
  });

  it('a reporter with two thousand reports in the window and an explanation raised at most of them: the same answer as before', () => {
    // The soak of 2026-12-01 (docs/benchmarks.md): one report a batch for each of 20 reporters, each
    // batch an hour earlier than the last, so each raised an explanation.
    const reports = Array.from({ length: 2000 }, (_, i): ReportedIncident => ({ incidentId: `s${i}`, clusterId: `s${i}`, reportedAt: new Date(NOW.getTime() - (i % 500) * 3_600_000 - i * 1000), agencyId: 'kent-police' }));
    const raised = reports.slice(0, 1500).map((r) => ({ secondReportAt: r.reportedAt, coversUntil: DateTime.fromJSDate(r.reportedAt, { zone: ZONE }).plus({ months: 6 }).toJSDate() }));
    const due: ExplanationDue | null = explanationDue(reports, raised, NOW);
    expect(due).toEqual(explanationDueBefore(reports, raised, NOW));
  });

  it('needs the 13 months it is sent, not six: a second report within six months has its first up to six months before it', () => {
    // Reported five and nine months ago: the second is within the last six months, its first is not.
    const first = report(DateTime.fromJSDate(NOW).minus({ months: 9 }).toISO()!);
    const second = report(DateTime.fromJSDate(NOW).minus({ months: 5 }).toISO()!);
    expect(explanationDue([first, second], [], NOW)).toMatchObject({ firstReportAt: first.reportedAt, secondReportAt: second.reportedAt });
    expect(explanationDue([second], [], NOW)).toBeNull();
    // And an older second report (never raised: more than six months ago) still covers the six
    // months after it: reports of 12.5, 7 and 2 months ago (a backlog imported at once) raise
    // nothing; without the oldest, the one of 2 months ago would be taken for a second report.
    const [a, b, c] = [12.5, 7, 2].map((m) => report(new Date(NOW.getTime() - m * 30.44 * day).toISOString()));
    expect(explanationDue([a, b, c], [], NOW)).toBeNull();
    expect(explanationDue([b, c], [], NOW)).not.toBeNull();
  });
});

// The rule and the grouping as they were before they were made linear (incidents × explanations,
// a quadratic grouping), kept here only to show both give the same answer.
const plusMonthsBefore = (d: Date, months: number) => DateTime.fromJSDate(d, { zone: ZONE }).plus({ months }).toJSDate();

function separateIncidentsBefore<T extends ClusteredIncident>(reports: T[]): SeparateIncident<T>[] {
  const clusters = new Map<string, T[]>();
  for (const r of [...reports].sort(byReport)) clusters.set(clusterKeyOf(r), [...(clusters.get(clusterKeyOf(r)) ?? []), r]);
  const out: SeparateIncident<T>[] = [];
  for (const [key, members] of clusters) {
    const perAgency = new Map<string, T[]>();
    for (const m of members) perAgency.set(m.agencyId, [...(perAgency.get(m.agencyId) ?? []), m]);
    // The agency with most reports; on a tie, the one first reported to (Map keeps insertion order).
    let anchors: T[] = [];
    for (const list of perAgency.values()) if (list.length > anchors.length) anchors = list;
    const incidents = anchors.map((a) => ({ first: a, members: [a] }));
    for (const m of members) {
      if (anchors.includes(m)) continue;
      const gap = (x: T) => Math.abs(x.occurredAt.getTime() - m.occurredAt.getTime());
      const nearest = incidents.reduce((best, inc) => (gap(inc.first) < gap(best.first) ? inc : best));
      nearest.members.push(m);
    }
    incidents.forEach((inc, n) => out.push({ key: incidents.length > 1 ? `${key}#${n}` : key, ...inc }));
  }
  const firstReport = (x: SeparateIncident<T>) => [...x.members].sort(byReport)[0];
  return out.sort((x, y) => byReport(firstReport(x), firstReport(y)));
}

function explanationDueBefore(
  incidents: ReportedIncident[],
  raised: RaisedExplanation[],
  now: Date,
  months = 6,
): ExplanationDue | null {
  const separate = separateIncidentsBefore(
    incidents.map((i) => ({
      id: i.incidentId,
      agencyId: i.agencyId ?? `unknown:${i.incidentId}`,
      clusterId: i.clusterId,
      occurredAt: i.occurredAt ?? i.reportedAt,
      reportedAt: i.reportedAt,
    })),
  );
  const ordered = separate
    .map((inc) => ({
      key: inc.key,
      clusterId: inc.first.clusterId,
      at: new Date(Math.min(...inc.members.map((m) => m.reportedAt.getTime()))),
      incidentIds: inc.members.map((m) => m.id),
    }))
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.key.localeCompare(b.key));
  const covered = raised.map((r) => ({ from: r.secondReportAt, until: r.coversUntil }));
  const isCovered = (at: Date) => covered.some((c) => at >= c.from && at <= c.until);
  const since = plusMonthsBefore(now, -months);
  let due: ExplanationDue | null = null;
  for (let k = 1; k < ordered.length; k++) {
    const second = ordered[k];
    if (isCovered(second.at)) continue;
    const earliest = plusMonthsBefore(second.at, -months);
    // The latest earlier incident within the window (any one makes this the second report).
    const first = ordered
      .slice(0, k)
      .reverse()
      .find((c) => c.at >= earliest);
    if (!first) continue;
    const coversUntil = plusMonthsBefore(second.at, months);
    covered.push({ from: second.at, until: coversUntil });
    if (second.at < since) continue;
    due = {
      firstReportAt: first.at,
      secondReportAt: second.at,
      coversUntil,
      firstClusterId: first.clusterId,
      secondClusterId: second.clusterId,
      incidentIds: [...first.incidentIds, ...second.incidentIds].sort(),
    };
  }
  return due;
}
