import { describe, expect, it } from 'vitest';
import { DERBYSHIRE, EAST_HERTS, KENT, NATIONAL_DEFAULT } from '../../../seeds/threshold-policies';
import { evaluateThresholdRule, IncidentVerdict as V, ThresholdRoute, type CandidateIncident, type ThresholdParameters } from './threshold';

/**
 * The seeded policies against the same scenarios, table-driven. The application was received at
 * noon on 23 November 2026; "six months" therefore starts on 23 May 2026 (London).
 */
const AS_OF = new Date('2026-11-23T12:00:00Z');
const VICTIM = '00000000-0000-4000-8000-00000000000a';
const NEIGHBOUR_1 = '00000000-0000-4000-8000-00000000000b';
const NEIGHBOUR_2 = '00000000-0000-4000-8000-00000000000c';
const DAY = 86_400_000;

interface Spec {
  on: string; // occurred, ISO instant
  reportedAfterDays?: number;
  category?: string;
  lsoa?: string;
  reporter?: string;
  source?: string;
  agency?: string;
  /** The incidents subgraph's same-incident cluster (rules/same-incident.ts). */
  cluster?: string;
}
function incident(id: string, s: Spec): CandidateIncident {
  const occurredAt = new Date(s.on);
  return {
    id,
    source: s.source ?? 'POLICE',
    agencyId: s.agency ?? 'kent-police',
    sourceRef: `REF-${id}`,
    category: s.category ?? 'NUISANCE',
    subType: null,
    occurredAt,
    reportedAt: new Date(occurredAt.getTime() + (s.reportedAfterDays ?? 0.1) * DAY),
    lsoaCode: s.lsoa ?? 'E01024503',
    reporterPersonId: s.reporter ?? VICTIM,
    personIds: [],
    actions: [],
    clusterId: s.cluster ?? null,
  };
}

interface Scenario {
  name: string;
  incidents: CandidateIncident[];
}

const scenarios: Record<string, Scenario> = {
  threeSimilar: {
    name: 'three similar incidents in the window, each reported at once',
    incidents: [incident('a', { on: '2026-07-01T20:00:00Z' }), incident('b', { on: '2026-09-01T20:00:00Z' }), incident('c', { on: '2026-11-01T20:00:00Z' })],
  },
  exactlySixMonths: {
    name: 'the oldest on exactly the date six months before (23 May), one the day before',
    incidents: [
      incident('edge', { on: '2026-05-23T08:00:00Z' }),
      incident('before', { on: '2026-05-22T20:00:00Z' }),
      incident('b', { on: '2026-09-01T20:00:00Z' }),
      incident('c', { on: '2026-11-01T20:00:00Z' }),
    ],
  },
  reported30vs32: {
    name: 'one reported 30 days after it happened, one 32 days after',
    incidents: [
      incident('a', { on: '2026-07-01T20:00:00Z' }),
      incident('d30', { on: '2026-08-01T20:00:00Z', reportedAfterDays: 30 }),
      incident('d32', { on: '2026-09-01T20:00:00Z', reportedAfterDays: 32 }),
    ],
  },
  policeAndHousing: {
    name: 'the same night reported to police and to housing, plus one other incident',
    // The incidents subgraph links the two reports into one cluster; the threshold counts clusters
    // (it no longer folds reports 24 h apart itself: one definition of "the same incident").
    incidents: [
      incident('police', { on: '2026-08-10T23:00:00Z', source: 'POLICE', agency: 'kent-police', cluster: 'police' }),
      incident('housing', { on: '2026-08-11T01:00:00Z', source: 'HOUSING', agency: 'west-kent-housing', reportedAfterDays: 1, cluster: 'police' }),
      incident('other', { on: '2026-10-10T20:00:00Z' }),
    ],
  },
  threeReporters: {
    name: 'three different people each reporting similar ASB in the same place',
    incidents: [
      incident('mine', { on: '2026-09-01T20:00:00Z' }),
      incident('n1', { on: '2026-09-08T20:00:00Z', reporter: NEIGHBOUR_1 }),
      incident('n2', { on: '2026-09-15T20:00:00Z', reporter: NEIGHBOUR_2 }),
    ],
  },
  mixedKinds: {
    name: 'three incidents of three different kinds in one place',
    incidents: [
      incident('p', { on: '2026-07-01T20:00:00Z', category: 'PERSONAL' }),
      incident('n', { on: '2026-08-01T20:00:00Z', category: 'NUISANCE' }),
      incident('e', { on: '2026-09-01T20:00:00Z', category: 'ENVIRONMENTAL' }),
    ],
  },
  threePlaces: {
    name: 'three similar incidents in three different places',
    incidents: [
      incident('x', { on: '2026-07-01T20:00:00Z', lsoa: 'E01000001' }),
      incident('y', { on: '2026-08-01T20:00:00Z', lsoa: 'E01000002' }),
      incident('z', { on: '2026-09-01T20:00:00Z', lsoa: 'E01000003' }),
    ],
  },
};

type Expect = { met: boolean; counted: number; reporters?: number | null; verdicts: Record<string, V> };
const policies: Record<string, ThresholdParameters> = { KENT, EAST_HERTS, DERBYSHIRE, NATIONAL_DEFAULT };

const table: Array<[policy: string, scenario: string, expected: Expect]> = [
  // three similar: met everywhere
  ['KENT', 'threeSimilar', { met: true, counted: 3, verdicts: { a: V.COUNTED, b: V.COUNTED, c: V.COUNTED } }],
  ['EAST_HERTS', 'threeSimilar', { met: true, counted: 3, reporters: 1, verdicts: { a: V.COUNTED, b: V.COUNTED, c: V.COUNTED } }],
  ['DERBYSHIRE', 'threeSimilar', { met: true, counted: 3, verdicts: { a: V.COUNTED, b: V.COUNTED, c: V.COUNTED } }],
  ['NATIONAL_DEFAULT', 'threeSimilar', { met: true, counted: 3, verdicts: { a: V.COUNTED, b: V.COUNTED, c: V.COUNTED } }],
  // exactly six months: the incident on 23 May counts, 22 May does not
  ['KENT', 'exactlySixMonths', { met: true, counted: 3, verdicts: { edge: V.COUNTED, before: V.OUTSIDE_WINDOW, b: V.COUNTED, c: V.COUNTED } }],
  ['EAST_HERTS', 'exactlySixMonths', { met: true, counted: 3, reporters: 1, verdicts: { edge: V.COUNTED, before: V.OUTSIDE_WINDOW } }],
  ['DERBYSHIRE', 'exactlySixMonths', { met: true, counted: 3, verdicts: { edge: V.COUNTED, before: V.OUTSIDE_WINDOW } }],
  ['NATIONAL_DEFAULT', 'exactlySixMonths', { met: true, counted: 3, verdicts: { edge: V.COUNTED, before: V.OUTSIDE_WINDOW } }],
  // 30 vs 32 days: a one-month reporting limit (Kent, national) refuses 32; the others have none
  ['KENT', 'reported30vs32', { met: false, counted: 2, verdicts: { a: V.COUNTED, d30: V.COUNTED, d32: V.REPORTED_TOO_LATE } }],
  ['EAST_HERTS', 'reported30vs32', { met: true, counted: 3, reporters: 1, verdicts: { d30: V.COUNTED, d32: V.COUNTED } }],
  ['DERBYSHIRE', 'reported30vs32', { met: true, counted: 3, verdicts: { d30: V.COUNTED, d32: V.COUNTED } }],
  ['NATIONAL_DEFAULT', 'reported30vs32', { met: false, counted: 2, verdicts: { d30: V.COUNTED, d32: V.REPORTED_TOO_LATE } }],
  // one incident reported to police and housing counts once, everywhere
  ['KENT', 'policeAndHousing', { met: false, counted: 2, verdicts: { police: V.COUNTED, housing: V.DUPLICATE_OF, other: V.COUNTED } }],
  ['EAST_HERTS', 'policeAndHousing', { met: false, counted: 2, reporters: 1, verdicts: { police: V.COUNTED, housing: V.DUPLICATE_OF } }],
  ['DERBYSHIRE', 'policeAndHousing', { met: false, counted: 2, verdicts: { police: V.COUNTED, housing: V.DUPLICATE_OF } }],
  ['NATIONAL_DEFAULT', 'policeAndHousing', { met: false, counted: 2, verdicts: { police: V.COUNTED, housing: V.DUPLICATE_OF } }],
  // three different reporters: only East Herts has the multiple-reporter route
  ['KENT', 'threeReporters', { met: false, counted: 1, reporters: null, verdicts: { mine: V.COUNTED, n1: V.OTHER_REPORTER, n2: V.OTHER_REPORTER } }],
  ['EAST_HERTS', 'threeReporters', { met: true, counted: 1, reporters: 3, verdicts: { mine: V.COUNTED, n1: V.COUNTED, n2: V.COUNTED } }],
  ['DERBYSHIRE', 'threeReporters', { met: false, counted: 1, reporters: null, verdicts: { n1: V.OTHER_REPORTER } }],
  ['NATIONAL_DEFAULT', 'threeReporters', { met: false, counted: 1, reporters: null, verdicts: { n2: V.OTHER_REPORTER } }],
  // similarity: Kent needs the same kind; Derbyshire the same place; East Herts and national neither
  ['KENT', 'mixedKinds', { met: false, counted: 1, verdicts: { p: V.NOT_SIMILAR, n: V.NOT_SIMILAR, e: V.COUNTED } }],
  ['EAST_HERTS', 'mixedKinds', { met: true, counted: 3, reporters: 1, verdicts: { p: V.COUNTED } }],
  ['DERBYSHIRE', 'mixedKinds', { met: true, counted: 3, verdicts: { p: V.COUNTED, n: V.COUNTED, e: V.COUNTED } }],
  ['NATIONAL_DEFAULT', 'mixedKinds', { met: true, counted: 3, verdicts: { p: V.COUNTED } }],
  ['KENT', 'threePlaces', { met: true, counted: 3, verdicts: { x: V.COUNTED } }],
  ['DERBYSHIRE', 'threePlaces', { met: false, counted: 1, verdicts: { x: V.NOT_SIMILAR, y: V.NOT_SIMILAR, z: V.COUNTED } }],
];

describe('seeded threshold policies, table-driven', () => {
  it.each(table)('%s: %s', (policy, scenario, want) => {
    const result = evaluateThresholdRule(policies[policy], { subjectPersonId: VICTIM, asOf: AS_OF, incidents: scenarios[scenario].incidents });
    expect(result.met).toBe(want.met);
    expect(result.counted).toBe(want.counted);
    if (want.reporters !== undefined) expect(result.reporters).toBe(want.reporters);
    const person = new Map(result.explanations.filter((e) => e.route === ThresholdRoute.PERSON).map((e) => [e.incidentId, e.verdict]));
    const reporters = new Map(result.explanations.filter((e) => e.route === ThresholdRoute.MULTIPLE_REPORTERS).map((e) => [e.incidentId, e.verdict]));
    for (const [id, verdict] of Object.entries(want.verdicts)) expect(person.get(id) ?? reporters.get(id), `${id}`).toBe(verdict);
  });

  it('explains every incident considered on each route', () => {
    for (const [name, p] of Object.entries(policies)) {
      for (const s of Object.values(scenarios)) {
        const r = evaluateThresholdRule(p, { subjectPersonId: VICTIM, asOf: AS_OF, incidents: s.incidents });
        const explained = [...new Set(r.explanations.map((e) => e.incidentId))].sort();
        expect(explained, `${name}: ${s.name}`).toEqual(s.incidents.map((i) => i.id).sort());
        if (p.multipleReporterRoute) {
          const route2 = r.explanations.filter((e) => e.route === ThresholdRoute.MULTIPLE_REPORTERS).map((e) => e.incidentId).sort();
          expect(route2, `${name}: ${s.name}`).toEqual(s.incidents.map((i) => i.id).sort());
        }
      }
    }
  });

  it('names the incident a duplicate was counted as', () => {
    const r = evaluateThresholdRule(KENT, { subjectPersonId: VICTIM, asOf: AS_OF, incidents: scenarios.policeAndHousing.incidents });
    const dup = r.explanations.find((e) => e.incidentId === 'housing')!;
    expect(dup).toMatchObject({ verdict: V.DUPLICATE_OF, duplicateOfIncidentId: 'police' });
    expect(dup.reason).toContain('REF-police');
  });

  it('counts a victim named on an incident someone else reported (a representative applying for them)', () => {
    const reportedByRep = scenarios.threeSimilar.incidents.map((i) => ({ ...i, reporterPersonId: NEIGHBOUR_1, personIds: [VICTIM] }));
    expect(evaluateThresholdRule(KENT, { subjectPersonId: VICTIM, asOf: AS_OF, incidents: reportedByRep }).met).toBe(true);
  });

  it('applies a changed policy to the same incidents: version 2 of Kent asks for 4 incidents', () => {
    const input = { subjectPersonId: VICTIM, asOf: AS_OF, incidents: scenarios.threeSimilar.incidents };
    const v1 = evaluateThresholdRule(KENT, input);
    const v2 = evaluateThresholdRule({ ...KENT, minIncidents: 4 }, input);
    expect([v1.met, v1.counted]).toEqual([true, 3]);
    expect([v2.met, v2.counted]).toEqual([false, 3]);
  });

  it('ignores incidents after the application was received', () => {
    const later = [...scenarios.threeSimilar.incidents.slice(0, 2), incident('future', { on: '2026-11-24T10:00:00Z' })];
    const r = evaluateThresholdRule(KENT, { subjectPersonId: VICTIM, asOf: AS_OF, incidents: later });
    expect(r.met).toBe(false);
    expect(r.explanations.find((e) => e.incidentId === 'future')!.verdict).toBe(V.OUTSIDE_WINDOW);
  });
});
