import { DateTime } from 'luxon';
import { ZONE } from '../../shared/calendar';

/**
 * When the victim is told about the ASB Case Review (2025 statutory guidance, docs/design.md): at
 * their second separate report within six months, whether or not any threshold is met. Pure.
 *
 * - Reports of the same incident to several agencies form one cluster (the incidents subgraph links
 *   them, rules/same-incident.ts there) and count once, at the cluster's first report.
 * - A cluster is a "second report" when another of the person's clusters was first reported at most
 *   `months` calendar months (London) before it.
 * - An explanation covers the `months` after the second report that raised it: a third report in
 *   that time raises nothing; nothing is raised twice for the same six months.
 * - Only a second report within the last `months` raises one (an import of old reports does not ask
 *   the SPOC to explain something long past).
 *
 * (The threshold's own counting of clusters lives in rules/threshold.ts; this rule stands alone.)
 */
export const EXPLANATION_WINDOW_MONTHS = 6;

export interface ReportedIncident {
  incidentId: string;
  /** The same-incident cluster; an incident linked to no other is its own. */
  clusterId: string;
  reportedAt: Date;
}

export interface RaisedExplanation {
  secondReportAt: Date;
  coversUntil: Date;
}

export interface ExplanationDue {
  firstReportAt: Date;
  secondReportAt: Date;
  coversUntil: Date;
  /** The clusters of the first and the second report. */
  firstClusterId: string;
  secondClusterId: string;
  /** Every incident of those two clusters. */
  incidentIds: string[];
}

const plusMonths = (d: Date, months: number) => DateTime.fromJSDate(d, { zone: ZONE }).plus({ months }).toJSDate();

export function explanationDue(
  incidents: ReportedIncident[],
  raised: RaisedExplanation[],
  now: Date,
  months = EXPLANATION_WINDOW_MONTHS,
): ExplanationDue | null {
  const clusters = new Map<string, { id: string; at: Date; incidentIds: string[] }>();
  for (const i of incidents) {
    const c = clusters.get(i.clusterId) ?? { id: i.clusterId, at: i.reportedAt, incidentIds: [] };
    if (i.reportedAt < c.at) c.at = i.reportedAt;
    c.incidentIds.push(i.incidentId);
    clusters.set(i.clusterId, c);
  }
  const ordered = [...clusters.values()].sort((a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id));
  const covered = raised.map((r) => ({ from: r.secondReportAt, until: r.coversUntil }));
  const isCovered = (at: Date) => covered.some((c) => at >= c.from && at <= c.until);
  const since = plusMonths(now, -months);
  let due: ExplanationDue | null = null;
  for (let k = 1; k < ordered.length; k++) {
    const second = ordered[k];
    if (isCovered(second.at)) continue;
    const earliest = plusMonths(second.at, -months);
    // The latest earlier cluster within the window (any one makes this the second report).
    const first = ordered
      .slice(0, k)
      .reverse()
      .find((c) => c.at >= earliest);
    if (!first) continue;
    const coversUntil = plusMonths(second.at, months);
    covered.push({ from: second.at, until: coversUntil });
    if (second.at < since) continue;
    due = {
      firstReportAt: first.at,
      secondReportAt: second.at,
      coversUntil,
      firstClusterId: first.id,
      secondClusterId: second.id,
      incidentIds: [...first.incidentIds, ...second.incidentIds].sort(),
    };
  }
  return due;
}
