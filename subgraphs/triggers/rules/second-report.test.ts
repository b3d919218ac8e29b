import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { countSeparateIncidents } from './same-incident';
import { explanationDue, type RaisedExplanation, type ReportedIncident } from './second-report';

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
