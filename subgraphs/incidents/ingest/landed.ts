import type { Knex } from '@mikro-orm/postgresql';
import { logger } from '../../../platform/logger';
import { callOperation } from '../../shared/operation-client';
import { ReportsLandedDocument } from '../clients/operations/triggers.generated';

/**
 * After new reports land, the triggers subgraph is told of each reporter's reports of the last
 * 13 months with their same-incident clusters, so that it can ask the authority's SPOC to explain
 * the ASB Case Review at a second separate report within six months (2025 guidance; the rule is
 * the triggers subgraph's rules/second-report.ts). Only the reporter counts: the victim who reports.
 * Called once the batch is committed; one call per submission.
 *
 * Why 13 months and not six: a second report within the last six months has its first up to six
 * months before it, and an older second report (never explained: long past) still covers the six
 * months after it, so a later report in them is no second report. Sending less changes the rule's
 * answer (subgraphs/triggers/rules/second-report.test.ts; test/case-review-explanation.e2e.test.ts
 * pins what is sent).
 * What a submission sends grows with the reporters' reports of those 13 months only, not with
 * their history before; the triggers subgraph decides without comparing each report with each
 * explanation (rules/second-report.ts).
 */
const T = '"incidents"."incident"';

export async function reportersRecentReports(knex: Knex, reporterIds: string[]) {
  if (!reporterIds.length) return [];
  const rows = await knex.raw(
    `select "id", coalesce("cluster_id", "id") as cluster_id, "occurred_at", "reported_at", "agency_id", "reporter_person_id"
     from ${T} where "reporter_person_id" = any(?::uuid[]) and "reported_at" >= now() - interval '13 months' and "anonymised_at" is null`,
    [reporterIds],
  );
  const all = rows.rows as Array<{ id: string; cluster_id: string; occurred_at: Date; reported_at: Date; agency_id: string; reporter_person_id: string }>;
  // Only people with two reports or more can be at a second separate report; which reports are
  // separate incidents is the triggers subgraph's to count (its rules/same-incident.ts).
  const reports = new Map<string, number>();
  for (const r of all) reports.set(r.reporter_person_id, (reports.get(r.reporter_person_id) ?? 0) + 1);
  return all
    .filter((r) => reports.get(r.reporter_person_id)! >= 2)
    .map((r) => ({
      personId: r.reporter_person_id,
      incidentId: r.id,
      clusterId: r.cluster_id,
      reportedAt: new Date(r.reported_at).toISOString(),
      occurredAt: new Date(r.occurred_at).toISOString(),
      agencyId: r.agency_id,
    }));
}

export async function tellTriggersReportsLanded(knex: Knex, triggersUrl: string, reporterIds: string[], requestId?: string): Promise<number> {
  const reports = await reportersRecentReports(knex, [...new Set(reporterIds)]);
  if (!reports.length) return 0;
  const data = await callOperation('incidents', triggersUrl, ReportsLandedDocument, { reports }, requestId);
  return data._reportsLanded;
}

/** The same, best effort: a submission already committed is not failed by it (logged instead). */
export async function reportsLanded(knex: Knex, triggersUrl: string, reporterIds: string[], requestId?: string): Promise<void> {
  try {
    await tellTriggersReportsLanded(knex, triggersUrl, reporterIds, requestId);
  } catch (err) {
    logger.warn({ err: String(err), requestId }, 'the triggers subgraph could not be told of new reports; Case Review explanations may be missed');
  }
}
