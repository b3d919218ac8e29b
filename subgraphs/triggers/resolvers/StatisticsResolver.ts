import { Arg, Ctx, Field, Float, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { DateTime } from 'luxon';
import type { HubContext } from '../../shared/context';
import type { EntityManager } from '@mikro-orm/postgresql';
import { config } from '../../../platform/config';
import { disclosurePolicy, type DisclosurePolicy } from '../../shared/disclosure';
import { ApplicationChannel, TriggerDecision } from '../../shared/enums';
import { badInput, forbidden } from '../../../platform/errors';
import { CalendarDate } from '../../../platform/scalars';
import { AgencyRef } from '../entities/external';
import { ZONE } from '../rules/deadlines';
import { addCell, deadlineTallies, emptyCell, emptyTallies, publishFigures, RESULTED_IN_RECOMMENDATIONS_SQL, statisticsPeriod, type FigureCells, type PublishedFigures } from '../rules/statistics';
import type { DeadlineFields } from '../rules/deadlines';
import { NotPersonal } from '../../shared/declarations';

@ObjectType('DeadlineShare', { description: 'How often a deadline was kept (counts under disclosure control, as for the figures)' })
export class DeadlineShare {
  @NotPersonal()
  @Field(() => Int, { nullable: true, description: 'Applications whose deadline has come or was met' }) due!: number | null;
  @NotPersonal()
  @Field(() => Int, { nullable: true, description: 'Of those, met on or before the due date' }) inTime!: number | null;
  @NotPersonal()
  @Field(() => Float, { nullable: true, description: 'inTime / due; under disclosure control computed from the published counts (at most 1, two decimals) and null when either is suppressed; null when nothing was due' })
  share!: number | null;
  @NotPersonal()
  @Field(() => Boolean) suppressed!: boolean;
}

@ObjectType('TriggerStatistics', { description: 'The four statutory Community Trigger figures for a period (dates inclusive, London time) and how often deadlines were kept' })
export class TriggerStatistics {
  @NotPersonal()
  @Field(() => AgencyRef, { nullable: true, description: 'The authority; null for every authority together' }) authority!: AgencyRef | null;
  @NotPersonal()
  @Field(() => CalendarDate, { description: 'First day counted: under disclosure control the start of the London month (or quarter) holding the date asked' }) from!: string;
  @NotPersonal()
  @Field(() => CalendarDate, { description: 'Last day counted: under disclosure control the end of the London month (or quarter) holding the date asked' }) to!: string;
  @NotPersonal()
  @Field(() => Int, { nullable: true, description: 'Applications received in the period (null when suppressed)' }) applicationsReceived!: number | null;
  @NotPersonal()
  @Field(() => Int, { nullable: true, description: 'Decisions in the period that the threshold was not met' }) thresholdNotMet!: number | null;
  @NotPersonal()
  @Field(() => Int, { nullable: true, description: 'Case reviews carried out: outcomes sent to the applicant in the period' }) reviewsCarriedOut!: number | null;
  @NotPersonal()
  @Field(() => Int, { nullable: true, description: 'Of those, reviews that made at least one recommendation or agreed at least one action' }) reviewsWithRecommendations!: number | null;
  @NotPersonal()
  @Field(() => [String], { description: 'The figures withheld as too small to publish (fewer than 5, true or perturbed)' }) suppressedFigures!: string[];
  @NotPersonal()
  @Field(() => Boolean, { description: "False only for the authority's own SPOC, who sees exact figures; otherwise counts are perturbed by the cell key method, small ones suppressed, in whole months" })
  disclosureControlled!: boolean;
  @NotPersonal()
  @Field(() => DeadlineShare, { description: 'Applications received in the period acknowledged within their deadline' }) acknowledgedInTime!: DeadlineShare;
  @NotPersonal()
  @Field(() => DeadlineShare, { description: 'Applications received in the period concluded within 25 working days of acknowledgement' }) decidedInTime!: DeadlineShare;
  @NotPersonal()
  @Field(() => [TriggerStatistics], { description: 'For every authority together: the same figures per authority with applications in the period; otherwise empty' })
  byAuthority!: TriggerStatistics[];
}

type CountRow = { authority: string } & Record<'received' | 'not_met' | 'reviews' | 'recommendations' | 'received_key' | 'not_met_key' | 'reviews_key' | 'recommendations_key', string>;
type DeadlineRow = DeadlineFields & { authority: string; recordKey: number };

@Resolver()
export class StatisticsResolver {
  @Query(() => TriggerStatistics)
  async triggerStatistics(
    @Arg('authority', () => ID, { nullable: true }) authority: string | null,
    @Arg('from', () => CalendarDate) from: string,
    @Arg('to', () => CalendarDate) to: string,
    @Ctx() ctx: HubContext,
  ): Promise<TriggerStatistics> {
    if (to < from) throw badInput('`to` must not be before `from`', 'to');
    const roles = ctx.caller.roles;
    const seesAll = roles.includes('analyst') || roles.includes('dpo') || roles.includes('admin');
    if (!seesAll && authority !== ctx.caller.agencyId) {
      if (authority) throw forbidden('A SPOC sees its own authority’s figures only');
      authority = ctx.caller.agencyId;
    }
    // Only the authority's own SPOC, who handles every one of these applications, sees them exact.
    const exact = roles.includes('spoc') && !roles.includes('analyst') && authority === ctx.caller.agencyId;
    return readTriggerStatistics(ctx.em, { authority, from, to }, exact ? null : disclosurePolicy());
  }
}

/** The first year the figures can be asked for: the Community Trigger began in October 2014 (ASB, Crime and Policing Act 2014). */
export const FIRST_PUBLISHED_YEAR = 2014;

/** The period a published year covers: the calendar year, 1 January to 31 December (London). */
export function publishedPeriod(year: number): { from: string; to: string } {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

@Resolver()
export class PublishedStatisticsResolver {
  /**
   * The yearly figures a council publishes (2025 guidance), for anyone without a token: always
   * under disclosure control, through readTriggerStatistics exactly as an analyst gets them.
   */
  @Query(() => TriggerStatistics, { description: 'ASB Case Review (Community Trigger) figures of an authority for a calendar year, published: no token needed, always under disclosure control (as for analysts)' })
  async publishedTriggerStatistics(
    @Arg('authority', () => ID) authority: string,
    @Arg('year', () => Int) year: number,
    @Ctx() ctx: HubContext,
  ): Promise<TriggerStatistics> {
    if (!/^[\w.-]{1,100}$/.test(authority)) throw badInput('`authority` must be an agency id', 'authority');
    const thisYear = DateTime.now().setZone(ZONE).year;
    if (year < FIRST_PUBLISHED_YEAR || year > thisYear) throw badInput(`\`year\` must be from ${FIRST_PUBLISHED_YEAR} to ${thisYear}`, 'year');
    return readTriggerStatistics(ctx.em, { authority, ...publishedPeriod(year) }, disclosurePolicy());
  }
}

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
): Promise<TriggerStatistics> {
  const { authority } = q;
  const { from, to } = policy ? statisticsPeriod(q.from, q.to, config().TRIGGER_STATISTICS_PERIOD) : q;
  const start = DateTime.fromISO(from, { zone: ZONE }).startOf('day').toJSDate();
  const end = DateTime.fromISO(to, { zone: ZONE }).plus({ days: 1 }).startOf('day').toJSDate();
  const conn = em.getConnection();
  // The period once, as parameters every condition refers to.
  const within = (column: string) => `(a."${column}" >= p."start" and a."${column}" < p."end")`;
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
  const period = `(select ?::timestamptz as "start", ?::timestamptz as "end") p`;
  const [counts, apps] = await Promise.all([
    conn.execute<CountRow[]>(
      `select a."authority_agency_id" as authority, ${columns.join(', ')}
       from "triggers"."trigger_application" a, ${period}
       where (${within('received_at')} or ${within('decided_at')} or ${within('outcome_sent_at')}) and (?::text is null or a."authority_agency_id" = ?)
       group by 1`,
      [start, end, authority, authority],
    ),
    conn.execute<Array<Record<string, unknown>>>(
      `select a."authority_agency_id" as authority, a."record_key", a."channel", a."received_at", a."acknowledged_at", to_char(coalesce(a."meeting_held_on", a."meeting_on"), 'YYYY-MM-DD') as meeting_on,
              a."outcome_sent_at", a."action_plan_at", a."final_review_at", a."closed_at", a."decision", a."decided_at", a."review_started_at"
       from "triggers"."trigger_application" a, ${period}
       where ${within('received_at')} and (?::text is null or a."authority_agency_id" = ?)`,
      [start, end, authority, authority],
    ),
  ]);
  // Deadline tallies add up: count each authority's once, and the total from theirs.
  const now = new Date();
  const byAuthority = new Map<string, DeadlineRow[]>();
  for (const row of apps.map(deadlineRow)) {
    const list = byAuthority.get(row.authority) ?? [];
    list.push(row);
    byAuthority.set(row.authority, list);
  }
  const tallies = new Map([...byAuthority].map(([a, rows]) => [a, deadlineTallies(rows, now)]));
  const publish = (forAuthority: string | null): PublishedFigures => {
    const cells: FigureCells = { applicationsReceived: emptyCell(), thresholdNotMet: emptyCell(), reviewsCarriedOut: emptyCell(), reviewsWithRecommendations: emptyCell() };
    for (const c of counts) {
      if (forAuthority && c.authority !== forAuthority) continue;
      addCell(cells.applicationsReceived, { count: Number(c.received), key: Number(c.received_key) });
      addCell(cells.thresholdNotMet, { count: Number(c.not_met), key: Number(c.not_met_key) });
      addCell(cells.reviewsCarriedOut, { count: Number(c.reviews), key: Number(c.reviews_key) });
      addCell(cells.reviewsWithRecommendations, { count: Number(c.recommendations), key: Number(c.recommendations_key) });
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
