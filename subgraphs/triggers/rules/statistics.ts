import { protectCount, protectShare, type DisclosurePolicy } from '../../shared/disclosure';
import { deadlineFacts, DeadlineKind, deadlinesOf, londonDate, type DeadlineFields } from './deadlines';

/**
 * The Community Trigger figures an authority publishes each year (applications received, threshold
 * not met, reviews carried out, reviews with recommendations) and how often its deadlines were kept,
 * as counts of applications, never persons.
 *
 * Deadline shares (DESIGN.md "acknowledge", "timescale"; rules/deadlines.ts):
 * - acknowledged in time: of the applications received in the period whose acknowledgement is made
 *   or already due, those acknowledged on or before the due date (online applications the same day,
 *   others within 2 working days);
 * - decided in time: of those acknowledged whose process deadline (25 working days from the
 *   acknowledgement) has come or that are concluded, those concluded on or before it: the review
 *   outcome sent, or the decision that ended the process without a review.
 * An application still inside its deadline and not yet done counts in neither, nor one that ended
 * (withdrawn, not pursued) before the step was due.
 */
export interface FigureCounts {
  applicationsReceived: number;
  thresholdNotMet: number;
  reviewsCarriedOut: number;
  reviewsWithRecommendations: number;
}

export const FIGURES: Array<keyof FigureCounts> = ['applicationsReceived', 'thresholdNotMet', 'reviewsCarriedOut', 'reviewsWithRecommendations'];

export interface DeadlineTally {
  /** Applications whose deadline has come or was met. */
  due: number;
  /** Of those, met on or before the due date. */
  inTime: number;
}

export interface DeadlineTallies {
  acknowledgement: DeadlineTally;
  decision: DeadlineTally;
}

export function deadlineTallies(apps: DeadlineFields[], now = new Date()): DeadlineTallies {
  const out: DeadlineTallies = { acknowledgement: { due: 0, inTime: 0 }, decision: { due: 0, inTime: 0 } };
  for (const app of apps) {
    for (const d of deadlinesOf(deadlineFacts(app), now)) {
      const tally = d.kind === DeadlineKind.ACKNOWLEDGEMENT ? out.acknowledgement : d.kind === DeadlineKind.PROCESS ? out.decision : null;
      if (!tally) continue;
      if (d.metAt) {
        tally.due++;
        if (londonDate(d.metAt) <= d.dueOn) tally.inTime++;
      } else if (d.overdue) {
        tally.due++;
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

/** The figures as they may be shown: exact to the authority's own SPOC, else under disclosure control. */
export function publishFigures(counts: FigureCounts, tallies: DeadlineTallies, policy: DisclosurePolicy | null): PublishedFigures {
  const share = (t: DeadlineTally): PublishedShare => {
    if (!policy) return { due: t.due, inTime: t.inTime, share: t.due ? Number((t.inTime / t.due).toFixed(4)) : null, suppressed: false };
    const due = protectCount(t.due, policy);
    const inTime = protectCount(t.inTime, policy);
    const s = protectShare(t.inTime, t.due, policy);
    return { due: due.count, inTime: inTime.count, share: s.share, suppressed: due.suppressed || inTime.suppressed };
  };
  const out: PublishedFigures = {
    ...counts,
    suppressedFigures: [],
    disclosureControlled: policy !== null,
    acknowledgedInTime: share(tallies.acknowledgement),
    decidedInTime: share(tallies.decision),
  };
  if (policy) {
    for (const f of FIGURES) {
      const p = protectCount(counts[f], policy);
      out[f] = p.count;
      if (p.suppressed) out.suppressedFigures.push(f);
    }
  }
  return out;
}
