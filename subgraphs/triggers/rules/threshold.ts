import { DateTime } from 'luxon';
import { ZONE } from './deadlines';

/**
 * The Community Trigger threshold as data (docs/design.md, "threshold"): each authority's policy is a
 * set of parameters, and this one pure function applies any of them. No policy has a code branch
 * of its own; Kent, East Herts, Derbyshire and the national default differ only in parameters
 * (seeds/threshold-policies.ts).
 */
export interface Similarity {
  /** Incidents must share the ASB category to be "the same or similar". */
  category: boolean;
  /** Incidents must share the place (LSOA) to be related. */
  place: boolean;
}

export interface ThresholdParameters {
  /** Incidents (or complaints) needed in the window. */
  minIncidents: number;
  /** The window: incidents that took place in the previous N calendar months (inclusive of the same date). */
  windowMonths: number;
  /** Each incident must be reported within this many days of taking place; null: no limit. */
  maxReportDelayDays: number | null;
  /** What makes incidents the same or similar for the count. */
  similarity: Similarity;
  /** A second route: this many different people separately reporting similar ASB in the window. */
  multipleReporterRoute: { minReporters: number; similarity: Similarity } | null;
  /**
   * Reports by the same person of the same category (and place, when both are known) that took
   * place within this many hours of each other are one incident, counted once (e.g. the same
   * night's noise reported to police and to housing). null: no de-duplication.
   */
  deduplicateWithinHours: number | null;
  /** The discretion the SPOC keeps when the count falls short. */
  discretionNote: string;
}

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
  /** For DUPLICATE_OF: the incident counted instead. */
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

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function windowStartOf(asOf: Date, months: number): Date {
  return DateTime.fromJSDate(asOf, { zone: ZONE }).minus({ months }).startOf('day').toJSDate();
}

const concerns = (i: CandidateIncident, personId: string) => i.reporterPersonId === personId || i.personIds.includes(personId);
const keyOf = (i: CandidateIncident, s: Similarity) => `${s.category ? i.category : '*'}|${s.place ? (i.lsoaCode ?? `?${i.id}`) : '*'}`;
const byTime = (a: CandidateIncident, b: CandidateIncident) =>
  a.occurredAt.getTime() - b.occurredAt.getTime() || a.reportedAt.getTime() - b.reportedAt.getTime() || a.id.localeCompare(b.id);

interface Eligible {
  incident: CandidateIncident;
  reporter: string;
}

/** Window, report delay and de-duplication: the same for both routes. */
function screen(
  p: ThresholdParameters,
  input: ThresholdInput,
  windowStart: Date,
  pool: CandidateIncident[],
  route: ThresholdRoute,
  reporterOf: (i: CandidateIncident) => string,
): { eligible: Eligible[]; explanations: IncidentExplanation[] } {
  const explanations: IncidentExplanation[] = [];
  const eligible: Eligible[] = [];
  const explain = (i: CandidateIncident, verdict: IncidentVerdict, reason: string, duplicateOf: string | null = null) =>
    explanations.push({ incidentId: i.id, route, verdict, duplicateOfIncidentId: duplicateOf, reason });
  for (const i of [...pool].sort(byTime)) {
    if (i.occurredAt < windowStart || i.occurredAt > input.asOf) {
      explain(i, IncidentVerdict.OUTSIDE_WINDOW, `Took place outside the ${p.windowMonths}-month window`);
      continue;
    }
    if (p.maxReportDelayDays !== null && i.reportedAt.getTime() - i.occurredAt.getTime() > p.maxReportDelayDays * DAY) {
      explain(i, IncidentVerdict.REPORTED_TOO_LATE, `Reported more than ${p.maxReportDelayDays} days after it took place`);
      continue;
    }
    const reporter = reporterOf(i);
    const original =
      p.deduplicateWithinHours === null
        ? undefined
        : eligible.find(
            (e) =>
              e.reporter === reporter &&
              e.incident.category === i.category &&
              (!e.incident.lsoaCode || !i.lsoaCode || e.incident.lsoaCode === i.lsoaCode) &&
              Math.abs(e.incident.occurredAt.getTime() - i.occurredAt.getTime()) <= p.deduplicateWithinHours! * HOUR,
          );
    if (original) {
      explain(i, IncidentVerdict.DUPLICATE_OF, `The same incident as ${original.incident.source} ${original.incident.sourceRef}, counted once`, original.incident.id);
      continue;
    }
    eligible.push({ incident: i, reporter });
  }
  return { eligible, explanations };
}

/** Groups eligible incidents by similarity and picks the group scoring best. */
function bestGroup(eligible: Eligible[], s: Similarity, score: (g: Eligible[]) => number): Eligible[] {
  const groups = new Map<string, Eligible[]>();
  for (const e of eligible) {
    const k = keyOf(e.incident, s);
    groups.set(k, [...(groups.get(k) ?? []), e]);
  }
  let best: Eligible[] = [];
  for (const g of groups.values()) {
    const latest = (x: Eligible[]) => Math.max(...x.map((e) => e.incident.occurredAt.getTime()));
    if (score(g) > score(best) || (score(g) === score(best) && best.length && latest(g) > latest(best))) best = g;
  }
  return best;
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

  // Route 1: the person's own incidents.
  const a = screen(p, input, windowStart, own, ThresholdRoute.PERSON, () => input.subjectPersonId);
  const groupA = bestGroup(a.eligible, p.similarity, (g) => g.length);
  const inA = new Set(groupA.map((e) => e.incident.id));
  explanations.push(...a.explanations);
  for (const e of a.eligible) {
    explanations.push(
      inA.has(e.incident.id)
        ? { incidentId: e.incident.id, route: ThresholdRoute.PERSON, verdict: IncidentVerdict.COUNTED, duplicateOfIncidentId: null, reason: 'Counted' }
        : {
            incidentId: e.incident.id,
            route: ThresholdRoute.PERSON,
            verdict: IncidentVerdict.NOT_SIMILAR,
            duplicateOfIncidentId: null,
            reason: `Not the same or similar as the incidents counted (${describeSimilarity(p.similarity)})`,
          },
    );
  }
  const counted = groupA.length;
  const metA = counted >= p.minIncidents;

  // Route 2: several people separately reporting similar ASB (own incidents included).
  let reporters: number | null = null;
  let metB = false;
  const route = p.multipleReporterRoute;
  if (route) {
    const b = screen(p, input, windowStart, input.incidents, ThresholdRoute.MULTIPLE_REPORTERS, (i) =>
      concerns(i, input.subjectPersonId) ? input.subjectPersonId : (i.reporterPersonId ?? `unknown:${i.id}`),
    );
    const distinct = (g: Eligible[]) => new Set(g.map((e) => e.reporter)).size;
    const groupB = bestGroup(b.eligible, route.similarity, distinct);
    const inB = new Set(groupB.map((e) => e.incident.id));
    reporters = distinct(groupB);
    metB = reporters >= route.minReporters;
    explanations.push(...b.explanations);
    for (const e of b.eligible) {
      explanations.push(
        inB.has(e.incident.id)
          ? { incidentId: e.incident.id, route: ThresholdRoute.MULTIPLE_REPORTERS, verdict: IncidentVerdict.COUNTED, duplicateOfIncidentId: null, reason: 'Counted towards the reporters of similar ASB' }
          : {
              incidentId: e.incident.id,
              route: ThresholdRoute.MULTIPLE_REPORTERS,
              verdict: IncidentVerdict.NOT_SIMILAR,
              duplicateOfIncidentId: null,
              reason: `Not similar to the ASB the other reporters describe (${describeSimilarity(route.similarity)})`,
            },
      );
    }
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
