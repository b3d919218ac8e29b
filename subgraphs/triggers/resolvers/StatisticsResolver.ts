import { Arg, Ctx, Field, Float, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { DateTime } from 'luxon';
import type { HubContext } from '../../shared/context';
import { disclosurePolicy } from '../../shared/disclosure';
import { ApplicationChannel, TriggerDecision } from '../../shared/enums';
import { badInput, forbidden } from '../../shared/errors';
import { CalendarDate } from '../../shared/scalars';
import { AgencyRef } from '../entities/external';
import { ZONE } from '../rules/deadlines';
import { deadlineTallies, publishFigures, type DeadlineTallies, type FigureCounts, type PublishedFigures } from '../rules/statistics';
import type { DeadlineFields } from '../rules/deadlines';
import { NotPersonal } from '../../shared/declarations';

@ObjectType('DeadlineShare', { description: 'How often a deadline was kept (counts rounded and small ones suppressed, as for the figures)' })
export class DeadlineShare {
  @NotPersonal()
  @Field(() => Int, { nullable: true, description: 'Applications whose deadline has come or was met' }) due!: number | null;
  @NotPersonal()
  @Field(() => Int, { nullable: true, description: 'Of those, met on or before the due date' }) inTime!: number | null;
  @NotPersonal()
  @Field(() => Float, { nullable: true, description: 'inTime / due, to the nearest 0.05 under disclosure control; null when nothing was due or it is suppressed' })
  share!: number | null;
  @NotPersonal()
  @Field(() => Boolean) suppressed!: boolean;
}

@ObjectType('TriggerStatistics', { description: 'The four statutory Community Trigger figures for a period (dates inclusive, London time) and how often deadlines were kept' })
export class TriggerStatistics {
  @NotPersonal()
  @Field(() => AgencyRef, { nullable: true, description: 'The authority; null for every authority together' }) authority!: AgencyRef | null;
  @NotPersonal()
  @Field(() => CalendarDate) from!: string;
  @NotPersonal()
  @Field(() => CalendarDate) to!: string;
  @NotPersonal()
  @Field(() => Int, { nullable: true, description: 'Applications received in the period (null when suppressed)' }) applicationsReceived!: number | null;
  @NotPersonal()
  @Field(() => Int, { nullable: true, description: 'Decisions in the period that the threshold was not met' }) thresholdNotMet!: number | null;
  @NotPersonal()
  @Field(() => Int, { nullable: true, description: 'Case reviews carried out: outcomes sent to the applicant in the period' }) reviewsCarriedOut!: number | null;
  @NotPersonal()
  @Field(() => Int, { nullable: true, description: 'Of those, reviews that agreed at least one action (recommendation)' }) reviewsWithRecommendations!: number | null;
  @NotPersonal()
  @Field(() => [String], { description: 'The figures withheld as too small to publish (1 to 4)' }) suppressedFigures!: string[];
  @NotPersonal()
  @Field(() => Boolean, { description: "False only for the authority's own SPOC, who sees exact figures; otherwise counts are rounded to 5 and small ones suppressed" })
  disclosureControlled!: boolean;
  @NotPersonal()
  @Field(() => DeadlineShare, { description: 'Applications received in the period acknowledged within their deadline' }) acknowledgedInTime!: DeadlineShare;
  @NotPersonal()
  @Field(() => DeadlineShare, { description: 'Applications received in the period concluded within 25 working days of acknowledgement' }) decidedInTime!: DeadlineShare;
  @NotPersonal()
  @Field(() => [TriggerStatistics], { description: 'For every authority together: the same figures per authority with applications in the period; otherwise empty' })
  byAuthority!: TriggerStatistics[];
}

type CountRow = { authority: string; received: string; not_met: string; reviews: string; recommendations: string };
type DeadlineRow = DeadlineFields & { authority: string };

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
    const policy = exact ? null : disclosurePolicy();

    const start = DateTime.fromISO(from, { zone: ZONE }).startOf('day').toJSDate();
    const end = DateTime.fromISO(to, { zone: ZONE }).plus({ days: 1 }).startOf('day').toJSDate();
    const conn = ctx.em.getConnection();
    const within = (column: string) => `("${column}" >= ? and "${column}" < ?)`;
    const [counts, apps] = await Promise.all([
      conn.execute<CountRow[]>(
        `select "authority_agency_id" as authority,
           count(*) filter (where ${within('received_at')}) as received,
           count(*) filter (where "decision" = 'THRESHOLD_NOT_MET' and ${within('decided_at')}) as not_met,
           count(*) filter (where ${within('outcome_sent_at')}) as reviews,
           count(*) filter (where ${within('outcome_sent_at')} and cardinality("agreed_actions") > 0) as recommendations
         from "triggers"."trigger_application"
         where (${within('received_at')} or ${within('decided_at')} or ${within('outcome_sent_at')}) and (?::text is null or "authority_agency_id" = ?)
         group by 1`,
        [start, end, start, end, start, end, start, end, start, end, start, end, start, end, authority, authority],
      ),
      conn.execute<Array<Record<string, unknown>>>(
        `select "authority_agency_id" as authority, "channel", "received_at", "acknowledged_at", to_char("meeting_on", 'YYYY-MM-DD') as meeting_on, "outcome_sent_at", "action_plan_at",
                "final_review_at", "closed_at", "decision", "decided_at", "review_started_at"
         from "triggers"."trigger_application"
         where ${within('received_at')} and (?::text is null or "authority_agency_id" = ?)`,
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
    const figures = (forAuthority: string | null): PublishedFigures => {
      const sum: FigureCounts = { applicationsReceived: 0, thresholdNotMet: 0, reviewsCarriedOut: 0, reviewsWithRecommendations: 0 };
      for (const c of counts) {
        if (forAuthority && c.authority !== forAuthority) continue;
        sum.applicationsReceived += Number(c.received);
        sum.thresholdNotMet += Number(c.not_met);
        sum.reviewsCarriedOut += Number(c.reviews);
        sum.reviewsWithRecommendations += Number(c.recommendations);
      }
      const total: DeadlineTallies = { acknowledgement: { due: 0, inTime: 0 }, decision: { due: 0, inTime: 0 } };
      for (const [a, t] of tallies) {
        if (forAuthority && a !== forAuthority) continue;
        for (const k of ['acknowledgement', 'decision'] as const) {
          total[k].due += t[k].due;
          total[k].inTime += t[k].inTime;
        }
      }
      return publishFigures(sum, total, policy);
    };
    const authorities = authority ? [] : [...new Set(counts.map((c) => c.authority))].sort();
    return {
      authority: authority ? { id: authority } : null,
      from,
      to,
      ...figures(authority),
      byAuthority: authorities.map((a) => ({ authority: { id: a }, from, to, ...figures(a), byAuthority: [] })),
    };
  }
}

const date = (v: unknown) => (v == null ? null : v instanceof Date ? v : new Date(String(v)));

function deadlineRow(r: Record<string, unknown>): DeadlineRow {
  return {
    authority: String(r.authority),
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
