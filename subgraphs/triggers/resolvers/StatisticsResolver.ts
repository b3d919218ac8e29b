import { Arg, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { DateTime } from 'luxon';
import type { HubContext } from '../../shared/context';
import { badInput, forbidden } from '../../shared/errors';
import { CalendarDate } from '../../shared/scalars';
import { AgencyRef } from '../entities/external';
import { ZONE } from '../rules/deadlines';

@ObjectType('TriggerStatistics', { description: 'The four statutory Community Trigger figures for a period (dates inclusive, London time)' })
export class TriggerStatistics {
  @Field(() => AgencyRef, { nullable: true, description: 'The authority; null for every authority together' }) authority!: AgencyRef | null;
  @Field(() => CalendarDate) from!: string;
  @Field(() => CalendarDate) to!: string;
  @Field(() => Int, { description: 'Applications received in the period' }) applicationsReceived!: number;
  @Field(() => Int, { description: 'Decisions in the period that the threshold was not met' }) thresholdNotMet!: number;
  @Field(() => Int, { description: 'Case reviews carried out: outcomes sent to the applicant in the period' }) reviewsCarriedOut!: number;
  @Field(() => Int, { description: 'Of those, reviews that agreed at least one action (recommendation)' }) reviewsWithRecommendations!: number;
}

/**
 * Until the reviews subgraph (issue 6) reports its own figures, a review "carried out" is an
 * application whose review outcome was sent (`outcomeSentAt` in the period), and one "with
 * recommendations" is such an application whose outcome agreed at least one action. Counts of
 * applications, never persons.
 */
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
    const start = DateTime.fromISO(from, { zone: ZONE }).startOf('day').toJSDate();
    const end = DateTime.fromISO(to, { zone: ZONE }).plus({ days: 1 }).startOf('day').toJSDate();
    const rows = await ctx.em.getConnection().execute<Array<Record<string, string | number>>>(
      `select
         count(*) filter (where received_at >= ? and received_at < ?) as received,
         count(*) filter (where decision = 'THRESHOLD_NOT_MET' and decided_at >= ? and decided_at < ?) as not_met,
         count(*) filter (where outcome_sent_at >= ? and outcome_sent_at < ?) as reviews,
         count(*) filter (where outcome_sent_at >= ? and outcome_sent_at < ? and cardinality(agreed_actions) > 0) as recommendations
       from "triggers"."trigger_application"
       where (?::text is null or authority_agency_id = ?)`,
      [start, end, start, end, start, end, start, end, authority, authority],
    );
    const r = rows[0];
    return {
      authority: authority ? { id: authority } : null,
      from,
      to,
      applicationsReceived: Number(r.received),
      thresholdNotMet: Number(r.not_met),
      reviewsCarriedOut: Number(r.reviews),
      reviewsWithRecommendations: Number(r.recommendations),
    };
  }
}
