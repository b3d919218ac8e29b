import type { EntityManager } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import { ZONE } from '../../shared/calendar';
import { config } from '../../../platform/config';
import type { DisclosurePolicy } from '../../shared/disclosure';
import type { ApplicationChannel, TriggerDecision } from '../../shared/enums';
import {
  RESULTED_IN_RECOMMENDATIONS_SQL,
  statisticsPeriod,
  triggerStatisticsOf,
  type AuthorityFigureCells,
  type DeadlineRow,
  type TriggerStatisticsFigures,
} from '../rules/statistics';

/**
 * The SQL behind the Community Trigger figures, over "triggers"."trigger_application": what is read
 * and how it is counted. What may be shown (the period's widening, the tallies, disclosure control)
 * is rules/statistics.ts; the resolvers (resolvers/StatisticsResolver.ts) only check who asks.
 */

type CountRow = { authority: string } & Record<'received' | 'not_met' | 'reviews' | 'recommendations' | 'received_key' | 'not_met_key' | 'reviews_key' | 'recommendations_key', string>;

/**
 * The trigger statistics for a period, exact (`policy` null: the authority's own SPOC) or under
 * disclosure control: the period widened to whole London months or quarters
 * (TRIGGER_STATISTICS_PERIOD), every figure, deadline count and total a cell of its own, shares from
 * the published counts (rules/statistics.ts). Every publication of these figures (the API, its CSV
 * export, a yearly public page) is to come through here, so all get the same protection.
 */
export async function readTriggerStatistics(
  em: EntityManager,
  q: { authority: string | null; from: string; to: string },
  policy: DisclosurePolicy | null,
): Promise<TriggerStatisticsFigures> {
  const { authority } = q;
  const { from, to } = policy ? statisticsPeriod(q.from, q.to, config().TRIGGER_STATISTICS_PERIOD) : q;
  const start = DateTime.fromISO(from, { zone: ZONE }).startOf('day').toJSDate();
  const end = DateTime.fromISO(to, { zone: ZONE }).plus({ days: 1 }).startOf('day').toJSDate();
  const [counts, apps] = await Promise.all([figureCells(em, authority, start, end), deadlineRows(em, authority, start, end)]);
  return triggerStatisticsOf({ authority, from, to }, counts, apps, policy, new Date());
}

// The period once, as parameters every condition refers to.
const within = (column: string) => `(a."${column}" >= p."start" and a."${column}" < p."end")`;
const PERIOD = `(select ?::timestamptz as "start", ?::timestamptz as "end") p`;

/** Each authority's four figures as cells (count and the sum of record keys), one statement. */
async function figureCells(em: EntityManager, authority: string | null, start: Date, end: Date): Promise<AuthorityFigureCells[]> {
  const figures = {
    received: within('received_at'),
    not_met: `a."decision" = 'THRESHOLD_NOT_MET' and ${within('decided_at')}`,
    reviews: within('outcome_sent_at'),
    recommendations: `${within('outcome_sent_at')} and ${RESULTED_IN_RECOMMENDATIONS_SQL}`,
  };
  const columns = Object.entries(figures).flatMap(([name, cond]) => [
    `count(*) filter (where ${cond}) as ${name}`,
    `coalesce(sum(a."record_key") filter (where ${cond}), 0) as ${name}_key`,
  ]);
  const rows = await em.getConnection().execute<CountRow[]>(
    `select a."authority_agency_id" as authority, ${columns.join(', ')}
       from "triggers"."trigger_application" a, ${PERIOD}
       where (${within('received_at')} or ${within('decided_at')} or ${within('outcome_sent_at')}) and (?::text is null or a."authority_agency_id" = ?)
       group by 1`,
    [start, end, authority, authority],
  );
  return rows.map((c) => ({
    authority: c.authority,
    cells: {
      applicationsReceived: { count: Number(c.received), key: Number(c.received_key) },
      thresholdNotMet: { count: Number(c.not_met), key: Number(c.not_met_key) },
      reviewsCarriedOut: { count: Number(c.reviews), key: Number(c.reviews_key) },
      reviewsWithRecommendations: { count: Number(c.recommendations), key: Number(c.recommendations_key) },
    },
  }));
}

/** What the deadlines of each application received in the period depend on. */
async function deadlineRows(em: EntityManager, authority: string | null, start: Date, end: Date): Promise<DeadlineRow[]> {
  const rows = await em.getConnection().execute<Array<Record<string, unknown>>>(
    `select a."authority_agency_id" as authority, a."record_key", a."channel", a."received_at", a."acknowledged_at", to_char(coalesce(a."meeting_held_on", a."meeting_on"), 'YYYY-MM-DD') as meeting_on,
              a."outcome_sent_at", a."action_plan_at", a."final_review_at", a."closed_at", a."decision", a."decided_at", a."review_started_at"
       from "triggers"."trigger_application" a, ${PERIOD}
       where ${within('received_at')} and (?::text is null or a."authority_agency_id" = ?)`,
    [start, end, authority, authority],
  );
  return rows.map(deadlineRow);
}

const date = (v: unknown) => (v == null ? null : v instanceof Date ? v : new Date(String(v)));

function deadlineRow(r: Record<string, unknown>): DeadlineRow {
  return {
    authority: String(r.authority),
    recordKey: Number(r.record_key),
    channel: r.channel as ApplicationChannel,
    receivedAt: date(r.received_at)!,
    acknowledgedAt: date(r.acknowledged_at),
    meetingOn: (r.meeting_on as string | null) ?? null,
    outcomeSentAt: date(r.outcome_sent_at),
    actionPlanAt: date(r.action_plan_at),
    finalReviewAt: date(r.final_review_at),
    closedAt: date(r.closed_at),
    decision: (r.decision as TriggerDecision | null) ?? null,
    decidedAt: date(r.decided_at),
    reviewStartedAt: date(r.review_started_at),
  };
}
