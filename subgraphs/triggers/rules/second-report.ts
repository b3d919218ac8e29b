import { DateTime } from 'luxon';
import { ZONE } from '../../shared/calendar';
import { separateIncidents } from './same-incident';

/**
 * When the victim is told about the ASB Case Review (2025 statutory guidance, docs/design.md): at
 * their second separate report within six months, whether or not any threshold is met. Pure.
 *
 * - Separate incidents are counted as the threshold counts them (rules/same-incident.ts): reports
 *   of the same incident to several agencies form one cluster (the incidents subgraph links them)
 *   and count once, at the incident's first report; two reports to one agency are two incidents.
 * - An incident is a "second report" when another of the person's incidents was first reported at
 *   most `months` calendar months (London) before it.
 * - An explanation covers the `months` after the second report that raised it: a third report in
 *   that time raises nothing; nothing is raised twice for the same six months.
 * - Only a second report within the last `months` raises one (an import of old reports does not ask
 *   the SPOC to explain something long past).
 */
export const EXPLANATION_WINDOW_MONTHS = 6;

export interface ReportedIncident {
  incidentId: string;
  /** The same-incident cluster; an incident linked to no other is its own. */
  clusterId: string;
  reportedAt: Date;
  /** The agency it was reported to; absent: not known, so never taken for another report to the same agency. */
  agencyId?: string;
  /** When it took place (which incident of a cluster a report belongs to); absent: when it was reported. */
  occurredAt?: Date | null;
}

export interface RaisedExplanation {
  secondReportAt: Date;
  coversUntil: Date;
}

export interface ExplanationDue {
  firstReportAt: Date;
  secondReportAt: Date;
  coversUntil: Date;
  /** The clusters of the first and the second report (the same one when one agency holds two reports of it). */
  firstClusterId: string;
  secondClusterId: string;
  /** Every report of those two incidents. */
  incidentIds: string[];
}

const plusMonths = (d: Date, months: number) => DateTime.fromJSDate(d, { zone: ZONE }).plus({ months }).toJSDate();

export function explanationDue(
  incidents: ReportedIncident[],
  raised: RaisedExplanation[],
  now: Date,
  months = EXPLANATION_WINDOW_MONTHS,
): ExplanationDue | null {
  const separate = separateIncidents(
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
      at: new Date(inc.members.reduce((min, m) => Math.min(min, m.reportedAt.getTime()), Infinity)),
      incidentIds: inc.members.map((m) => m.id),
    }))
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.key.localeCompare(b.key));
  // Covered: some explanation's [from, until] holds the time. The incidents are visited in time
  // order, so one sweep over the raised ones (by `from`) keeps the furthest `until` begun so far;
  // those raised here begin at the incident being visited. Linear, not incidents × explanations:
  // a reporter with a long history lands with every submission (subgraphs/incidents/ingest/landed.ts).
  const stored = raised.map((r) => ({ from: r.secondReportAt.getTime(), until: r.coversUntil.getTime() })).sort((a, b) => a.from - b.from);
  let begun = 0;
  let reach = -Infinity;
  const isCovered = (at: number) => {
    while (begun < stored.length && stored[begun].from <= at) reach = Math.max(reach, stored[begun++].until);
    return at <= reach;
  };
  const since = plusMonths(now, -months);
  let due: ExplanationDue | null = null;
  for (let k = 1; k < ordered.length; k++) {
    const second = ordered[k];
    if (isCovered(second.at.getTime())) continue;
    const earliest = plusMonths(second.at, -months);
    // The latest earlier incident within the window (any one makes this the second report): in
    // time order that is the one just before, if any is.
    const first = ordered[k - 1].at >= earliest ? ordered[k - 1] : undefined;
    if (!first) continue;
    const coversUntil = plusMonths(second.at, months);
    reach = Math.max(reach, coversUntil.getTime());
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
