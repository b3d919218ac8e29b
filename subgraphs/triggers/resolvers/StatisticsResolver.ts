import { Arg, Ctx, Field, Float, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { DateTime } from 'luxon';
import type { HubContext } from '../../shared/context';
import { disclosurePolicy } from '../../shared/disclosure';
import { badInput, forbidden } from '../../../platform/errors';
import { CalendarDate } from '../../../platform/scalars';
import { AgencyRef } from '../entities/external';
import { ZONE } from '../../shared/calendar';
import { readTriggerStatistics } from '../repositories/statistics';
import { FIRST_PUBLISHED_YEAR, publishedPeriod } from '../rules/statistics';
import { NotPersonal } from '../../shared/declarations';

// The figures are read and counted in repositories/statistics.ts and rules/statistics.ts; these
// resolvers check who asks and what they may see.

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
