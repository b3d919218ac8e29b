/**
 * "The same incident" for the Community Trigger, in one place: the incidents subgraph's
 * same-incident clusters (subgraphs/incidents/rules/same-incident.ts). Reports of one event to
 * different agencies (same person, property or place; close in time; the same category or
 * sub-type, or the same reporter at the same place when the agencies categorised it differently)
 * share a `clusterId`; a SPOC undoing a link splits the cluster. Two reports to ONE agency are two
 * incidents (East Herts: "separate incidents"), unless that agency records them as one (one record,
 * one `sourceRef`): nothing here folds reports by time.
 *
 * Pure, no database: the threshold (rules/threshold.ts) and the second report within six months
 * (rules/second-report.ts) count separate incidents with it; any other rule that needs "how many
 * separate incidents" is to use `separateIncidents` / `countSeparateIncidents`, not a definition of its own.
 */
export interface ClusteredIncident {
  id: string;
  /** The agency the report was made to. */
  agencyId: string;
  /** The incidents subgraph's cluster; null or absent: linked to no other report (its own cluster). */
  clusterId?: string | null;
  occurredAt: Date;
  reportedAt: Date;
}

export interface SeparateIncident<T extends ClusteredIncident> {
  /** Stable within one call: the cluster's id (`clusterId`, else the lone report's id), `#n` when one agency's reports split it. */
  key: string;
  /** The report that stands for it: the report to the agency that holds most reports of the cluster. */
  first: T;
  /** Every report of it among those given, `first` first, then by report. */
  members: T[];
}

export const clusterKeyOf = (i: ClusteredIncident): string => i.clusterId ?? i.id;

/** Earliest complaint first; then the earliest occurrence; then by id, so the order is total. */
export const byReport = (a: ClusteredIncident, b: ClusteredIncident): number =>
  a.reportedAt.getTime() - b.reportedAt.getTime() || a.occurredAt.getTime() - b.occurredAt.getTime() || a.id.localeCompare(b.id);

/**
 * Groups reports into separate incidents, ordered by each one's first report. Reports in one
 * same-incident cluster are one incident, except that reports to one agency are never the same
 * incident (the linker links different agencies only, but a cluster is transitive: police A ~
 * housing B ~ police C). So a cluster is as many incidents as the agency holding most of its
 * reports has reports there; each of those stands for one, and every other report joins the one
 * nearest to it in time.
 */
export function separateIncidents<T extends ClusteredIncident>(reports: T[]): SeparateIncident<T>[] {
  const clusters = new Map<string, T[]>();
  for (const r of [...reports].sort(byReport)) {
    const list = clusters.get(clusterKeyOf(r));
    if (list) list.push(r);
    else clusters.set(clusterKeyOf(r), [r]);
  }
  const out: SeparateIncident<T>[] = [];
  for (const [key, members] of clusters) {
    const perAgency = new Map<string, T[]>();
    for (const m of members) {
      const list = perAgency.get(m.agencyId);
      if (list) list.push(m);
      else perAgency.set(m.agencyId, [m]);
    }
    // The agency with most reports; on a tie, the one first reported to (Map keeps insertion order).
    let anchors: T[] = [];
    for (const list of perAgency.values()) if (list.length > anchors.length) anchors = list;
    const incidents = anchors.map((a) => ({ first: a, members: [a] }));
    const anchored = new Set(anchors);
    for (const m of members) {
      if (anchored.has(m)) continue;
      const gap = (x: T) => Math.abs(x.occurredAt.getTime() - m.occurredAt.getTime());
      const nearest = incidents.reduce((best, inc) => (gap(inc.first) < gap(best.first) ? inc : best));
      nearest.members.push(m);
    }
    incidents.forEach((inc, n) => out.push({ key: incidents.length > 1 ? `${key}#${n}` : key, ...inc }));
  }
  // Each one's earliest report, found once (not once per comparison of the sort).
  const firstReport = new Map(out.map((x) => [x, x.members.reduce((a, b) => (byReport(b, a) < 0 ? b : a))]));
  return out.sort((x, y) => byReport(firstReport.get(x)!, firstReport.get(y)!));
}

/** How many separate incidents the given reports are. */
export const countSeparateIncidents = (reports: ClusteredIncident[]): number => separateIncidents(reports).length;
