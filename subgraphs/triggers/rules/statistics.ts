import { DateTime } from 'luxon';
import { cellKey, protectCount, protectShare, type Cell, type DisclosurePolicy } from '../../shared/disclosure';
import { londonDate, ZONE } from '../../shared/calendar';
import { deadlineFacts, DeadlineKind, deadlinesOf, type DeadlineFields } from './deadlines';

/**
 * The Community Trigger figures an authority publishes each year (applications received, threshold
 * not met, reviews carried out, reviews with recommendations) and how often its deadlines were kept,
 * as counts of applications, never persons.
 *
 * Deadline shares (docs/design.md "acknowledge", "timescale"; rules/deadlines.ts):
 * - acknowledged in time: of the applications received in the period whose acknowledgement is made
 *   or already due, those acknowledged on or before the due date (online applications the same day,
 *   others within 2 working days);
 * - decided in time: of those acknowledged whose process deadline (25 working days from the
 *   acknowledgement) has come or that are concluded, those concluded on or before it: the review
 *   outcome sent, or the decision that ended the process without a review.
 * An application still inside its deadline and not yet done counts in neither, nor one that ended
 * (withdrawn, not pursued) before the step was due.
 */

/**
 * A review "resulted in recommendations" (the fourth statutory figure) when it made at least one
 * recommendation or agreed at least one action: a recommendation with no action item counts, and so
 * does an action agreed without a recommendation recorded. `RESULTED_IN_RECOMMENDATIONS_SQL` is the
 * same rule over "triggers"."trigger_application" a (the figures are counted in SQL).
 */
export function resultedInRecommendations(app: { agreedActions: string[]; recommendationsMade: number }): boolean {
  return app.agreedActions.length > 0 || app.recommendationsMade > 0;
}
export const RESULTED_IN_RECOMMENDATIONS_SQL = `(cardinality(a."agreed_actions") > 0 or a."recommendations_made" > 0)`;

/** Each figure is a cell: how many applications, and the sum of their record keys (shared/disclosure.ts). */
export interface FigureCells {
  applicationsReceived: Cell;
  thresholdNotMet: Cell;
  reviewsCarriedOut: Cell;
  reviewsWithRecommendations: Cell;
}

export const FIGURES: Array<keyof FigureCells> = ['applicationsReceived', 'thresholdNotMet', 'reviewsCarriedOut', 'reviewsWithRecommendations'];

export interface DeadlineTally {
  /** Applications whose deadline has come or was met. */
  due: Cell;
  /** Of those, met on or before the due date. */
  inTime: Cell;
}

export interface DeadlineTallies {
  acknowledgement: DeadlineTally;
  decision: DeadlineTally;
}

export const emptyCell = (): Cell => ({ count: 0, key: 0 });
export const emptyTallies = (): DeadlineTallies => ({
  acknowledgement: { due: emptyCell(), inTime: emptyCell() },
  decision: { due: emptyCell(), inTime: emptyCell() },
});

/** Adds `part` into `into` (a cell's key is the sum of its parts' keys). */
export function addCell(into: Cell, part: Cell): void {
  into.count += part.count;
  into.key = cellKey(into.key + part.key);
}

/** `recordKey` is the application's disclosure-control key (0 when not read: exact figures need none). */
export function deadlineTallies(apps: Array<DeadlineFields & { recordKey?: number }>, now = new Date()): DeadlineTallies {
  const out = emptyTallies();
  for (const app of apps) {
    const one: Cell = { count: 1, key: app.recordKey ?? 0 };
    for (const d of deadlinesOf(deadlineFacts(app), now)) {
      const tally = d.kind === DeadlineKind.ACKNOWLEDGEMENT ? out.acknowledgement : d.kind === DeadlineKind.PROCESS ? out.decision : null;
      if (!tally) continue;
      if (d.metAt) {
        addCell(tally.due, one);
        if (londonDate(d.metAt) <= d.dueOn) addCell(tally.inTime, one);
      } else if (d.overdue) {
        addCell(tally.due, one);
      }
    }
  }
  return out;
}

export interface PublishedShare {
  due: number | null;
  inTime: number | null;
  share: number | null;
  suppressed: boolean;
}

export interface PublishedFigures {
  applicationsReceived: number | null;
  thresholdNotMet: number | null;
  reviewsCarriedOut: number | null;
  reviewsWithRecommendations: number | null;
  suppressedFigures: string[];
  disclosureControlled: boolean;
  acknowledgedInTime: PublishedShare;
  decidedInTime: PublishedShare;
}

/**
 * The figures as they may be shown: exact to the authority's own SPOC, else under disclosure control,
 * each figure (and each deadline count) a cell of its own, and each share computed from the two
 * published counts and withheld when either is (so it cannot undo their protection).
 * This is the one function every publication of these figures goes through.
 */
export function publishFigures(cells: FigureCells, tallies: DeadlineTallies, policy: DisclosurePolicy | null): PublishedFigures {
  const share = (t: DeadlineTally): PublishedShare => {
    if (!policy) return { due: t.due.count, inTime: t.inTime.count, share: t.due.count ? Number((t.inTime.count / t.due.count).toFixed(4)) : null, suppressed: false };
    const due = protectCount(t.due, policy);
    const inTime = protectCount(t.inTime, policy);
    const s = protectShare(inTime, due);
    return { due: due.count, inTime: inTime.count, share: s.share, suppressed: due.suppressed || inTime.suppressed };
  };
  const out: PublishedFigures = {
    applicationsReceived: cells.applicationsReceived.count,
    thresholdNotMet: cells.thresholdNotMet.count,
    reviewsCarriedOut: cells.reviewsCarriedOut.count,
    reviewsWithRecommendations: cells.reviewsWithRecommendations.count,
    suppressedFigures: [],
    disclosureControlled: policy !== null,
    acknowledgedInTime: share(tallies.acknowledgement),
    decidedInTime: share(tallies.decision),
  };
  if (policy) {
    for (const f of FIGURES) {
      const p = protectCount(cells[f], policy);
      out[f] = p.count;
      if (p.suppressed) out.suppressedFigures.push(f);
    }
  }
  return out;
}

/**
 * The period trigger statistics count under disclosure control: `from` and `to` widened to the whole
 * London months (or quarters) that hold them, as incident statistics are, so that windows of a day
 * cannot date an application or difference one out.
 */
export function statisticsPeriod(from: string, to: string, unit: 'month' | 'quarter'): { from: string; to: string } {
  return {
    from: DateTime.fromISO(from, { zone: ZONE }).startOf(unit).toISODate()!,
    to: DateTime.fromISO(to, { zone: ZONE }).endOf(unit).toISODate()!,
  };
}

/** The first year the figures can be asked for: the Community Trigger began in October 2014 (ASB, Crime and Policing Act 2014). */
export const FIRST_PUBLISHED_YEAR = 2014;

/** The period a published year covers: the calendar year, 1 January to 31 December (London). */
export function publishedPeriod(year: number): { from: string; to: string } {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/** One authority's four figures as counted (repositories/statistics.ts). */
export interface AuthorityFigureCells {
  authority: string;
  cells: FigureCells;
}

/** What the deadlines of one application received in the period depend on, with its authority and key. */
export type DeadlineRow = DeadlineFields & { authority: string; recordKey: number };

/** The figures of a period for one authority (or every one), and for every authority together the same per authority. */
export interface TriggerStatisticsFigures extends PublishedFigures {
  authority: { id: string } | null;
  from: string;
  to: string;
  byAuthority: TriggerStatisticsFigures[];
}

/**
 * The published figures from what was counted: each authority's cells and deadline tallies added
 * up (each authority's tallies counted once, the total from theirs, so they add up), then
 * publishFigures for the authority asked for, or for all together and per authority.
 */
export function triggerStatisticsOf(
  q: { authority: string | null; from: string; to: string },
  counts: AuthorityFigureCells[],
  apps: DeadlineRow[],
  policy: DisclosurePolicy | null,
  now: Date,
): TriggerStatisticsFigures {
  const { authority, from, to } = q;
  const byAuthority = new Map<string, DeadlineRow[]>();
  for (const row of apps) {
    const list = byAuthority.get(row.authority) ?? [];
    list.push(row);
    byAuthority.set(row.authority, list);
  }
  const tallies = new Map([...byAuthority].map(([a, rows]) => [a, deadlineTallies(rows, now)]));
  const publish = (forAuthority: string | null): PublishedFigures => {
    const cells: FigureCells = { applicationsReceived: emptyCell(), thresholdNotMet: emptyCell(), reviewsCarriedOut: emptyCell(), reviewsWithRecommendations: emptyCell() };
    for (const c of counts) {
      if (forAuthority && c.authority !== forAuthority) continue;
      for (const f of FIGURES) addCell(cells[f], c.cells[f]);
    }
    const total = emptyTallies();
    for (const [a, t] of tallies) {
      if (forAuthority && a !== forAuthority) continue;
      for (const k of ['acknowledgement', 'decision'] as const) {
        addCell(total[k].due, t[k].due);
        addCell(total[k].inTime, t[k].inTime);
      }
    }
    return publishFigures(cells, total, policy);
  };
  const authorities = authority ? [] : [...new Set(counts.map((c) => c.authority))].sort();
  return {
    authority: authority ? { id: authority } : null,
    from,
    to,
    ...publish(authority),
    byAuthority: authorities.map((a) => ({ authority: { id: a }, from, to, ...publish(a), byAuthority: [] })),
  };
}
