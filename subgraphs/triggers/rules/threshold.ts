import { DateTime } from 'luxon';
import { londonDate, ZONE } from '../../shared/calendar';
import { byReport, separateIncidents } from './same-incident';
import type { Similarity, ThresholdParameters } from './threshold-parameters';

/**
 * The Community Trigger threshold as data (docs/design.md, "threshold"): each authority's policy is a
 * set of parameters, and this one pure function applies any of them. No policy has a code branch
 * of its own; Kent, East Herts, Derbyshire and the national default differ only in parameters
 * (seeds/threshold-policies.ts), declared once in rules/threshold-parameters.ts.
 */
export type { Similarity, ThresholdParameters } from './threshold-parameters';

export interface ThresholdIncidentAction {
  at: string;
  action: string;
  by?: string | null;
}

/** An incident as the incidents subgraph gives it to the threshold check. */
export interface CandidateIncident {
  id: string;
  source: string;
  agencyId: string;
  sourceRef: string;
  category: string;
  subType?: string | null;
  occurredAt: Date;
  reportedAt: Date;
  lsoaCode?: string | null;
  reporterPersonId?: string | null;
  personIds: string[];
  actions: ThresholdIncidentAction[];
  /** The incidents subgraph's same-incident cluster (rules/same-incident.ts); null: its own. */
  clusterId?: string | null;
}

export enum IncidentVerdict {
  COUNTED = 'COUNTED',
  OUTSIDE_WINDOW = 'OUTSIDE_WINDOW',
  REPORTED_TOO_LATE = 'REPORTED_TOO_LATE',
  DUPLICATE_OF = 'DUPLICATE_OF',
  NOT_SIMILAR = 'NOT_SIMILAR',
  /** Reported by someone else, and the policy has no multiple-reporter route. */
  OTHER_REPORTER = 'OTHER_REPORTER',
}

export enum ThresholdRoute {
  /** Incidents the applicant (or the victim they act for) reported or is concerned in. */
  PERSON = 'PERSON',
  /** Different people separately reporting similar ASB. */
  MULTIPLE_REPORTERS = 'MULTIPLE_REPORTERS',
}

export interface IncidentExplanation {
  incidentId: string;
  route: ThresholdRoute;
  verdict: IncidentVerdict;
  /** For DUPLICATE_OF: the report of the same incident considered instead (counted, unless NOT_SIMILAR). */
  duplicateOfIncidentId: string | null;
  /** Plain words, no personal data. */
  reason: string;
}

export interface ThresholdResult {
  met: boolean;
  /** Incidents counted on the person route. */
  counted: number;
  /** Different reporters counted on the multiple-reporter route (null when the policy has none). */
  reporters: number | null;
  /** The route that met the threshold, if any. */
  metBy: ThresholdRoute | null;
  windowStart: Date;
  explanations: IncidentExplanation[];
}

export interface ThresholdInput {
  /** The person whose experience the application is about (the victim). */
  subjectPersonId: string;
  /** The window ends here (the application's receipt). */
  asOf: Date;
  /** The subject's incidents and, for the multiple-reporter route, similar ones nearby by others. */
  incidents: CandidateIncident[];
}

const DAY = 86_400_000;

/**
 * Every incident of the person reported or taking place in this many months before the
 * application is listed in the evaluation with its verdict, those outside the window included
 * (Kent App. A: the reply must "list all the incidents that were reported"; letter CT2).
 */
export const LISTED_MONTHS = 12;

export function windowStartOf(asOf: Date, months: number): Date {
  return DateTime.fromJSDate(asOf, { zone: ZONE }).minus({ months }).startOf('day').toJSDate();
}

/**
 * What to ask the incidents subgraph for: the person's incidents that took place or were
 * reported from `since` to `until` (the application), `since` reaching back LISTED_MONTHS and far
 * enough for an incident reported in the window within the policy's report delay; other people's
 * (multiple-reporter route) from `nearbySince`, the window's start.
 */
export function candidatePeriod(p: ThresholdParameters, asOf: Date): { since: Date; until: Date; nearbySince: Date; windowStart: Date } {
  const windowStart = windowStartOf(asOf, p.windowMonths);
  const listed = windowStartOf(asOf, LISTED_MONTHS);
  const delayed = p.maxReportDelayDays === null ? windowStart : DateTime.fromJSDate(windowStart, { zone: ZONE }).minus({ days: p.maxReportDelayDays }).toJSDate();
  const since = new Date(Math.min(windowStart.getTime(), listed.getTime(), delayed.getTime()));
  return { since, until: asOf, nearbySince: windowStart, windowStart };
}

const concerns = (i: CandidateIncident, personId: string) => i.reporterPersonId === personId || i.personIds.includes(personId);
const keyOf = (i: CandidateIncident, s: Similarity) => `${s.category ? i.category : '*'}|${s.place ? (i.lsoaCode ?? `?${i.id}`) : '*'}`;
const reference = (i: CandidateIncident) => `${i.source} ${i.sourceRef}`;

interface Eligible {
  incident: CandidateIncident;
  reporter: string;
}

/** One incident (a same-incident cluster) as one reporter reported it, possibly to several agencies. */
interface Unit {
  reporter: string;
  members: CandidateIncident[];
  keys: Set<string>;
}

/**
 * The window (by the complaint's date, i.e. when it was reported) and the report delay, the same
 * for both routes; then each reporter's eligible reports grouped into separate incidents
 * (rules/same-incident.ts: the incidents subgraph's clusters, one agency's reports kept apart).
 */
function screen(
  p: ThresholdParameters,
  input: ThresholdInput,
  windowStart: Date,
  pool: CandidateIncident[],
  route: ThresholdRoute,
  reporterOf: (i: CandidateIncident) => string,
): { units: Unit[]; explanations: IncidentExplanation[] } {
  const explanations: IncidentExplanation[] = [];
  const eligible: Eligible[] = [];
  const explain = (i: CandidateIncident, verdict: IncidentVerdict, reason: string) =>
    explanations.push({ incidentId: i.id, route, verdict, duplicateOfIncidentId: null, reason });
  for (const i of [...pool].sort(byReport)) {
    if (i.reportedAt > input.asOf || i.occurredAt > input.asOf) {
      explain(i, IncidentVerdict.OUTSIDE_WINDOW, 'Reported after the application was received');
      continue;
    }
    if (i.reportedAt < windowStart) {
      explain(
        i,
        IncidentVerdict.OUTSIDE_WINDOW,
        `Reported on ${londonDate(i.reportedAt)}, more than ${p.windowMonths} months before the application (the window counts complaints made from ${londonDate(windowStart)})`,
      );
      continue;
    }
    if (p.maxReportDelayDays !== null && i.reportedAt.getTime() - i.occurredAt.getTime() > p.maxReportDelayDays * DAY) {
      explain(i, IncidentVerdict.REPORTED_TOO_LATE, `Reported more than ${p.maxReportDelayDays} days after it took place`);
      continue;
    }
    eligible.push({ incident: i, reporter: reporterOf(i) });
  }
  const byReporter = new Map<string, CandidateIncident[]>();
  for (const e of eligible) byReporter.set(e.reporter, [...(byReporter.get(e.reporter) ?? []), e.incident]);
  const units: Unit[] = [];
  for (const [reporter, reports] of byReporter) for (const inc of separateIncidents(reports)) units.push({ reporter, members: inc.members, keys: new Set() });
  return { units, explanations };
}

/**
 * Groups the incidents by similarity and picks the group scoring best (ties: the most recent). An
 * incident reported to agencies that categorised it differently belongs to each of its categories.
 */
function bestGroup(units: Unit[], s: Similarity, score: (g: Unit[]) => number): { key: string | null; units: Unit[] } {
  const groups = new Map<string, Unit[]>();
  for (const u of units) {
    u.keys = new Set(u.members.map((m) => keyOf(m, s)));
    for (const k of u.keys) groups.set(k, [...(groups.get(k) ?? []), u]);
  }
  const latest = (g: Unit[]) => Math.max(...g.flatMap((u) => u.members.map((m) => m.reportedAt.getTime())));
  let best: { key: string | null; units: Unit[] } = { key: null, units: [] };
  for (const [key, g] of groups) {
    if (score(g) > score(best.units) || (score(g) === score(best.units) && best.units.length && latest(g) > latest(best.units))) best = { key, units: g };
  }
  return best;
}

/** Verdicts for the grouped incidents: the counted report of each, the other reports of it DUPLICATE_OF that one. */
function explainUnits(
  units: Unit[],
  best: { key: string | null; units: Unit[] },
  s: Similarity,
  route: ThresholdRoute,
  counted: string,
  notSimilar: string,
): IncidentExplanation[] {
  const inBest = new Set(best.units);
  const out: IncidentExplanation[] = [];
  for (const u of units) {
    const chosen = inBest.has(u) ? u.members.find((m) => keyOf(m, s) === best.key)! : u.members[0];
    out.push({ incidentId: chosen.id, route, verdict: inBest.has(u) ? IncidentVerdict.COUNTED : IncidentVerdict.NOT_SIMILAR, duplicateOfIncidentId: null, reason: inBest.has(u) ? counted : notSimilar });
    for (const m of u.members) {
      if (m === chosen) continue;
      out.push({
        incidentId: m.id,
        route,
        verdict: IncidentVerdict.DUPLICATE_OF,
        duplicateOfIncidentId: chosen.id,
        reason: `The same incident as ${reference(chosen)}, reported to another agency: considered once`,
      });
    }
  }
  return out;
}

function describeSimilarity(s: Similarity): string {
  if (s.category && s.place) return 'a different kind of ASB or a different place';
  if (s.category) return 'a different kind of ASB';
  if (s.place) return 'a different place';
  return 'unrelated';
}

export function evaluateThresholdRule(p: ThresholdParameters, input: ThresholdInput): ThresholdResult {
  const windowStart = windowStartOf(input.asOf, p.windowMonths);
  const explanations: IncidentExplanation[] = [];
  const own = input.incidents.filter((i) => concerns(i, input.subjectPersonId));
  const others = input.incidents.filter((i) => !concerns(i, input.subjectPersonId));

  // Route 1: the person's own incidents, each same-incident cluster once.
  const a = screen(p, input, windowStart, own, ThresholdRoute.PERSON, () => input.subjectPersonId);
  const groupA = bestGroup(a.units, p.similarity, (g) => g.length);
  explanations.push(
    ...a.explanations,
    ...explainUnits(a.units, groupA, p.similarity, ThresholdRoute.PERSON, 'Counted', `Not the same or similar as the incidents counted (${describeSimilarity(p.similarity)})`),
  );
  const counted = groupA.units.length;
  const metA = counted >= p.minIncidents;

  // Route 2: several people separately reporting similar ASB (own incidents included).
  let reporters: number | null = null;
  let metB = false;
  const route = p.multipleReporterRoute;
  if (route) {
    const b = screen(p, input, windowStart, input.incidents, ThresholdRoute.MULTIPLE_REPORTERS, (i) =>
      concerns(i, input.subjectPersonId) ? input.subjectPersonId : (i.reporterPersonId ?? `unknown:${i.id}`),
    );
    const distinct = (g: Unit[]) => new Set(g.map((u) => u.reporter)).size;
    const groupB = bestGroup(b.units, route.similarity, distinct);
    reporters = distinct(groupB.units);
    metB = reporters >= route.minReporters;
    explanations.push(
      ...b.explanations,
      ...explainUnits(
        b.units,
        groupB,
        route.similarity,
        ThresholdRoute.MULTIPLE_REPORTERS,
        'Counted towards the reporters of similar ASB',
        `Not similar to the ASB the other reporters describe (${describeSimilarity(route.similarity)})`,
      ),
    );
  } else {
    for (const i of others) {
      explanations.push({
        incidentId: i.id,
        route: ThresholdRoute.PERSON,
        verdict: IncidentVerdict.OTHER_REPORTER,
        duplicateOfIncidentId: null,
        reason: 'Reported by someone else; this policy counts only the applicant’s own reports',
      });
    }
  }

  return {
    met: metA || metB,
    counted,
    reporters,
    metBy: metA ? ThresholdRoute.PERSON : metB ? ThresholdRoute.MULTIPLE_REPORTERS : null,
    windowStart,
    explanations,
  };
}
