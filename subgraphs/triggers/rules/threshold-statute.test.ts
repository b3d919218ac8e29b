import { describe, expect, it } from 'vitest';
import { DERBYSHIRE, EAST_HERTS, KENT, NATIONAL_DEFAULT } from '../../../seeds/threshold-policies';
import { evaluateThresholdRule, IncidentVerdict as V, ThresholdRoute, type CandidateIncident, type ThresholdParameters } from './threshold';

/**
 * The threshold as the statute and the policies define it (findings 1–3 below), table-driven from the partnership documents (docs/design.md, "The
 * process"; the lines used are quoted here):
 *
 * - The statute (Anti-social Behaviour, Crime and Policing Act 2014 s.104): a qualifying complaint
 *   "is made within the period of one month beginning with the date on which the behaviour is
 *   alleged to have occurred", and the application "within the period of six months beginning with
 *   the date on which the complaint is made". The window counts complaints, by when they were made.
 * - Kent App. A: at least 3 incidents reported in the previous 6 months, "each reported within one
 *   month of taking place"; the reply when the threshold is not met must "list all the incidents
 *   that were reported" (every evaluation explains every incident considered).
 * - East Herts: "3 reports from one individual about separate incidents in 6 months"; "the same
 *   incident reported to several agencies counts once".
 * - Derbyshire: "3 or more qualifying complaints about related incidents on separate occasions in
 *   the last 6 months".
 *
 * The application was received at noon on 23 November 2026: complaints count from 23 May 2026 (London).
 */
const AS_OF = new Date('2026-11-23T12:00:00Z');
const VICTIM = '00000000-0000-4000-8000-00000000000a';
const NEIGHBOUR = '00000000-0000-4000-8000-00000000000b';

interface Spec {
  occurred: string;
  reported?: string;
  category?: string;
  agency?: string;
  source?: string;
  reporter?: string;
  cluster?: string;
}
function incident(id: string, s: Spec): CandidateIncident {
  const occurredAt = new Date(s.occurred);
  return {
    id,
    source: s.source ?? 'POLICE',
    agencyId: s.agency ?? 'kent-police',
    sourceRef: `REF-${id}`,
    category: s.category ?? 'NUISANCE',
    subType: null,
    occurredAt,
    reportedAt: s.reported ? new Date(s.reported) : new Date(occurredAt.getTime() + 3_600_000),
    lsoaCode: 'E01024503',
    reporterPersonId: s.reporter ?? VICTIM,
    personIds: [],
    actions: [],
    clusterId: s.cluster ?? null,
  };
}
const housing = { agency: 'west-kent-housing', source: 'HOUSING' };
// Two further incidents in the window, reported at once, so that one more makes three.
const two = [incident('b', { occurred: '2026-08-01T20:00:00Z' }), incident('c', { occurred: '2026-10-01T20:00:00Z' })];

const scenarios: Record<string, CandidateIncident[]> = {
  // Finding 2: the statute counts the complaint.
  occurredBeforeWindowReportedWithinAMonth: [incident('x', { occurred: '2026-05-10T20:00:00Z', reported: '2026-06-01T10:00:00Z' }), ...two],
  occurredLongBeforeReportedInWindow: [incident('x', { occurred: '2026-03-01T20:00:00Z', reported: '2026-06-10T10:00:00Z' }), ...two],
  occurredInWindowReportedAfterApplication: [incident('x', { occurred: '2026-11-20T20:00:00Z', reported: '2026-11-24T09:00:00Z' }), ...two],
  complaintOnTheFirstDay: [
    // 23:30 BST on 22 May is 00:30 on 23 May in London: the first day of the window
    incident('x', { occurred: '2026-05-02T20:00:00Z', reported: '2026-05-22T23:30:00Z' }),
    incident('y', { occurred: '2026-05-15T20:00:00Z', reported: '2026-05-22T21:00:00Z' }),
    ...two,
  ],
  // Finding 1: an incident months before the window is listed, with why it was not counted.
  eightMonthsBefore: [incident('x', { occurred: '2026-03-15T20:00:00Z', reported: '2026-03-15T21:00:00Z' }), ...two],
  // Finding 3: one agency's reports are separate incidents; the same event to two agencies is one cluster.
  oneAgencyTwelveHoursApart: [incident('x', { occurred: '2026-09-10T21:00:00Z' }), incident('x2', { occurred: '2026-09-11T09:00:00Z' }), two[1]],
  categorisedDifferently: [
    // the police were called at once; the housing officer heard of it the next morning
    incident('p', { occurred: '2026-09-10T21:15:00Z', reported: '2026-09-10T21:16:00Z', category: 'PERSONAL', cluster: 'p' }),
    incident('h', { occurred: '2026-09-10T21:15:00Z', reported: '2026-09-11T09:00:00Z', category: 'NUISANCE', ...housing, cluster: 'p' }),
    two[1],
  ],
  categorisedDifferentlyLinkUndone: [
    incident('p', { occurred: '2026-09-10T21:15:00Z', category: 'PERSONAL', cluster: 'p' }),
    incident('h', { occurred: '2026-09-10T21:15:00Z', category: 'NUISANCE', ...housing, cluster: 'h' }),
    two[1],
  ],
  // police x ~ housing h ~ police x2 (a cluster is transitive): still two police incidents
  oneAgencyJoinedThroughAnother: [
    incident('x', { occurred: '2026-09-10T21:00:00Z', cluster: 'x' }),
    incident('h', { occurred: '2026-09-10T23:00:00Z', ...housing, cluster: 'x' }),
    incident('x2', { occurred: '2026-09-11T09:00:00Z', cluster: 'x' }),
    two[1],
  ],
  // the same event reported to three agencies, plus one other: two incidents
  threeAgenciesOneEvent: [
    incident('x', { occurred: '2026-09-10T21:00:00Z', cluster: 'x' }),
    incident('h', { occurred: '2026-09-10T21:30:00Z', ...housing, cluster: 'x' }),
    incident('w', { occurred: '2026-09-10T21:10:00Z', agency: 'kent-wardens', source: 'WARDEN', cluster: 'x' }),
    two[1],
  ],
};

type Expect = { met: boolean; counted: number; verdicts: Record<string, V>; duplicateOf?: Record<string, string> };
const policies: Record<string, ThresholdParameters> = { KENT, EAST_HERTS, DERBYSHIRE, NATIONAL_DEFAULT };
const all = Object.keys(policies);
const each = (names: string[], scenario: string, want: Expect): Array<[string, string, Expect]> => names.map((p) => [p, scenario, want]);

const table: Array<[policy: string, scenario: string, expected: Expect]> = [
  // Finding 2. Took place 13 days before the window, complained of 22 days later, within it: counts.
  ...each(all, 'occurredBeforeWindowReportedWithinAMonth', { met: true, counted: 3, verdicts: { x: V.COUNTED, b: V.COUNTED, c: V.COUNTED } }),
  // Complained of in the window, but 101 days after: too late where the one-month rule applies (Kent, national) ...
  ...each(['KENT', 'NATIONAL_DEFAULT'], 'occurredLongBeforeReportedInWindow', { met: false, counted: 2, verdicts: { x: V.REPORTED_TOO_LATE } }),
  // ... counted where the authority sets no such limit (East Herts, Derbyshire).
  ...each(['EAST_HERTS', 'DERBYSHIRE'], 'occurredLongBeforeReportedInWindow', { met: true, counted: 3, verdicts: { x: V.COUNTED } }),
  // Took place before the application, but complained of after it: no complaint yet when applying.
  ...each(all, 'occurredInWindowReportedAfterApplication', { met: false, counted: 2, verdicts: { x: V.OUTSIDE_WINDOW, b: V.COUNTED } }),
  // The first day of the window is the complaint's London date; the day before is outside.
  ...each(all, 'complaintOnTheFirstDay', { met: true, counted: 3, verdicts: { x: V.COUNTED, y: V.OUTSIDE_WINDOW } }),
  // Finding 1: listed, not counted.
  ...each(all, 'eightMonthsBefore', { met: false, counted: 2, verdicts: { x: V.OUTSIDE_WINDOW, b: V.COUNTED, c: V.COUNTED } }),
  // Finding 3. Two reports to one agency 12 hours apart: two incidents, everywhere.
  ...each(all, 'oneAgencyTwelveHoursApart', { met: true, counted: 3, verdicts: { x: V.COUNTED, x2: V.COUNTED, c: V.COUNTED } }),
  // Police PERSONAL and housing NUISANCE, same reporter, minute and place (one cluster): once.
  ...each(['EAST_HERTS', 'DERBYSHIRE', 'NATIONAL_DEFAULT'], 'categorisedDifferently', {
    met: false,
    counted: 2,
    verdicts: { p: V.COUNTED, h: V.DUPLICATE_OF },
    duplicateOf: { h: 'p' },
  }),
  // Kent groups by kind: the event is NUISANCE as housing has it, counted once in that group.
  ['KENT', 'categorisedDifferently', { met: false, counted: 2, verdicts: { h: V.COUNTED, p: V.DUPLICATE_OF, c: V.COUNTED }, duplicateOf: { p: 'h' } }],
  // A SPOC undid the link: two incidents again.
  ...each(['EAST_HERTS', 'DERBYSHIRE', 'NATIONAL_DEFAULT'], 'categorisedDifferentlyLinkUndone', {
    met: true,
    counted: 3,
    verdicts: { p: V.COUNTED, h: V.COUNTED },
  }),
  ['KENT', 'categorisedDifferentlyLinkUndone', { met: false, counted: 2, verdicts: { p: V.NOT_SIMILAR, h: V.COUNTED } }],
  ...each(all, 'oneAgencyJoinedThroughAnother', {
    met: true,
    counted: 3,
    verdicts: { x: V.COUNTED, x2: V.COUNTED, h: V.DUPLICATE_OF },
    duplicateOf: { h: 'x' },
  }),
  ...each(all, 'threeAgenciesOneEvent', {
    met: false,
    counted: 2,
    verdicts: { x: V.COUNTED, h: V.DUPLICATE_OF, w: V.DUPLICATE_OF },
    duplicateOf: { h: 'x', w: 'x' },
  }),
];

describe('findings 1–3: complaints by their date, every incident listed, one definition of the same incident', () => {
  it.each(table)('%s: %s', (policy, scenario, want) => {
    const result = evaluateThresholdRule(policies[policy], { subjectPersonId: VICTIM, asOf: AS_OF, incidents: scenarios[scenario] });
    expect(result.met).toBe(want.met);
    expect(result.counted).toBe(want.counted);
    const person = new Map(result.explanations.filter((e) => e.route === ThresholdRoute.PERSON).map((e) => [e.incidentId, e]));
    for (const [id, verdict] of Object.entries(want.verdicts)) expect(person.get(id)?.verdict, id).toBe(verdict);
    for (const [id, of] of Object.entries(want.duplicateOf ?? {})) expect(person.get(id)?.duplicateOfIncidentId, id).toBe(of);
    // every incident given is explained on the person's route, once
    expect([...person.keys()].sort()).toEqual(scenarios[scenario].map((i) => i.id).sort());
    expect(result.explanations.filter((e) => e.route === ThresholdRoute.PERSON)).toHaveLength(scenarios[scenario].length);
  });

  it('says why an incident outside the window was not counted: when it was reported and where the window starts', () => {
    const r = evaluateThresholdRule(KENT, { subjectPersonId: VICTIM, asOf: AS_OF, incidents: scenarios.eightMonthsBefore });
    const x = r.explanations.find((e) => e.incidentId === 'x')!;
    expect(x.reason).toContain('2026-03-15');
    expect(x.reason).toContain('2026-05-23');
    const after = evaluateThresholdRule(KENT, { subjectPersonId: VICTIM, asOf: AS_OF, incidents: scenarios.occurredInWindowReportedAfterApplication });
    expect(after.explanations.find((e) => e.incidentId === 'x')!.reason).toMatch(/after the application/);
  });

  it('names the report a duplicate was considered as, by its agency reference', () => {
    const r = evaluateThresholdRule(NATIONAL_DEFAULT, { subjectPersonId: VICTIM, asOf: AS_OF, incidents: scenarios.categorisedDifferently });
    expect(r.explanations.find((e) => e.incidentId === 'h')!.reason).toContain('POLICE REF-p');
  });

  it('East Herts’ multiple-reporter route: people reporting one event are still separate reporters; one person’s reports of it are one', () => {
    const n1 = incident('n1', { occurred: '2026-09-10T21:20:00Z', reporter: NEIGHBOUR, ...housing, cluster: 'x' });
    const n2 = incident('n2', { occurred: '2026-09-12T21:00:00Z', reporter: '00000000-0000-4000-8000-00000000000c' });
    const r = evaluateThresholdRule(EAST_HERTS, { subjectPersonId: VICTIM, asOf: AS_OF, incidents: [...scenarios.threeAgenciesOneEvent.slice(0, 3), n1, n2] });
    expect(r.reporters).toBe(3);
    expect(r.metBy).toBe(ThresholdRoute.MULTIPLE_REPORTERS);
    const route2 = new Map(r.explanations.filter((e) => e.route === ThresholdRoute.MULTIPLE_REPORTERS).map((e) => [e.incidentId, e.verdict]));
    expect(Object.fromEntries(route2)).toEqual({ x: V.COUNTED, h: V.DUPLICATE_OF, w: V.DUPLICATE_OF, n1: V.COUNTED, n2: V.COUNTED });
  });
});
