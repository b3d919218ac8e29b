import { describe, expect, it } from 'vitest';
import { DERBYSHIRE, EAST_HERTS, KENT } from '../../../seeds/threshold-policies';
import { countSeparateIncidents, separateIncidents, type ClusteredIncident } from './same-incident';
import { candidatePeriod, LISTED_MONTHS } from './threshold';

const at = (iso: string) => new Date(iso);
const report = (id: string, agencyId: string, occurred: string, clusterId: string | null = null, reported = occurred): ClusteredIncident => ({
  id,
  agencyId,
  clusterId,
  occurredAt: at(occurred),
  reportedAt: at(reported),
});

/** Separate incidents from the incidents subgraph's clusters (East Herts: "the same incident reported to several agencies counts once"). */
const table: Array<[name: string, reports: ClusteredIncident[], incidents: string[][]]> = [
  ['lone reports, no cluster', [report('a', 'kent-police', '2026-09-01T20:00:00Z'), report('b', 'kent-police', '2026-09-02T08:00:00Z')], [['a'], ['b']]],
  [
    'one event to police and housing (one cluster)',
    [report('p', 'kent-police', '2026-09-01T20:00:00Z', 'p'), report('h', 'west-kent-housing', '2026-09-01T20:00:00Z', 'p', '2026-09-02T09:00:00Z')],
    [['p', 'h']],
  ],
  [
    'two police reports 12 h apart joined through one housing report: two incidents, housing with the nearer',
    [
      report('p1', 'kent-police', '2026-09-01T20:00:00Z', 'c'),
      report('h', 'west-kent-housing', '2026-09-01T22:00:00Z', 'c'),
      report('p2', 'kent-police', '2026-09-02T08:00:00Z', 'c'),
    ],
    [['p1', 'h'], ['p2']],
  ],
  [
    'the same event to three agencies',
    [
      report('p', 'kent-police', '2026-09-01T20:00:00Z', 'c'),
      report('h', 'west-kent-housing', '2026-09-01T20:30:00Z', 'c'),
      report('w', 'kent-wardens', '2026-09-01T20:10:00Z', 'c'),
    ],
    [['p', 'w', 'h']],
  ],
  [
    'a link undone by a SPOC: two clusters',
    [report('p', 'kent-police', '2026-09-01T20:00:00Z', 'p'), report('h', 'west-kent-housing', '2026-09-01T20:00:00Z', 'h', '2026-09-02T09:00:00Z')],
    [['p'], ['h']],
  ],
];

describe('separateIncidents / countSeparateIncidents (rules/same-incident.ts)', () => {
  it.each(table)('%s', (_name, reports, incidents) => {
    expect(separateIncidents(reports).map((i) => i.members.map((m) => m.id))).toEqual(incidents);
    expect(separateIncidents([...reports].reverse()).map((i) => i.members.map((m) => m.id))).toEqual(incidents);
    expect(countSeparateIncidents(reports)).toBe(incidents.length);
  });

  it('stands each incident for by its first member and gives every one a distinct key', () => {
    const split = separateIncidents(table[2][1]);
    expect(split.map((i) => i.first.id)).toEqual(['p1', 'p2']);
    expect(new Set(split.map((i) => i.key)).size).toBe(2);
  });
});

describe('candidatePeriod: what the evaluation fetches', () => {
  const asOf = at('2026-11-23T12:00:00Z');

  it('lists twelve months of the person’s incidents and counts complaints from six months back', () => {
    for (const p of [KENT, EAST_HERTS, DERBYSHIRE]) {
      const c = candidatePeriod(p, asOf);
      expect(LISTED_MONTHS).toBe(12);
      expect(c.since.toISOString()).toBe('2025-11-23T00:00:00.000Z'); // London midnight, GMT
      expect(c.windowStart.toISOString()).toBe('2026-05-22T23:00:00.000Z'); // London midnight, BST
      expect(c.nearbySince).toEqual(c.windowStart);
      expect(c.until).toEqual(asOf);
    }
  });

  it('reaches back further when a longer window and its report delay need it', () => {
    const c = candidatePeriod({ ...KENT, windowMonths: 12 }, asOf);
    expect(c.since.toISOString()).toBe('2025-10-22T23:00:00.000Z'); // 31 days before 23 November 2025: London midnight, BST
  });
});
