import { Arg, Ctx, Field, ID, InputType, Int, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { disclosurePolicy } from '../../shared/disclosure';
import { AsbCategory, IncidentSource } from '../../shared/enums';
import { CalendarDate } from '../../../platform/scalars';
import { IncidentDimension, incidentStatistics } from '../repositories/statistics';
import { NotPersonal } from '../../shared/declarations';

registerEnumType(IncidentDimension, {
  name: 'IncidentDimension',
  description: 'What incident counts can be grouped by',
  valuesConfig: {
    MONTH: { description: 'London calendar month of occurrence, YYYY-MM' },
    SOURCE: { description: 'Police, housing or warden' },
    CATEGORY: { description: 'Personal, nuisance or environmental' },
    AREA: { description: 'Lower Super Output Area code (null: location not given)' },
    AGENCY: { description: 'The reporting agency' },
  },
});

@InputType({ description: 'Narrows incident statistics; every condition given must hold' })
export class IncidentStatsFilter {
  @Field(() => IncidentSource, { nullable: true }) source?: IncidentSource | null;
  @Field(() => ID, { nullable: true, description: 'The reporting agency' }) agencyId?: string | null;
  @Field(() => AsbCategory, { nullable: true }) category?: AsbCategory | null;
  @Field(() => CalendarDate, { nullable: true, description: 'From the start of the month holding this date' }) from?: string | null;
  @Field(() => CalendarDate, { nullable: true, description: 'To the end of the month holding this date' }) to?: string | null;
}

@ObjectType({ description: 'One group of incident counts: the dimensions grouped on are set, the rest null' })
export class StatisticRow {
  @NotPersonal()
  @Field(() => String, { nullable: true, description: 'YYYY-MM' }) month!: string | null;
  @NotPersonal()
  @Field(() => IncidentSource, { nullable: true }) source!: IncidentSource | null;
  @NotPersonal()
  @Field(() => AsbCategory, { nullable: true }) category!: AsbCategory | null;
  @NotPersonal()
  @Field(() => String, { nullable: true, description: 'LSOA code' }) area!: string | null;
  @NotPersonal()
  @Field(() => ID, { nullable: true }) agencyId!: string | null;
  @NotPersonal()
  @Field(() => Int, { nullable: true, description: 'Incidents, perturbed by the cell key method (at most ±5, the same answer for the same incidents however asked); null when suppressed (fewer than 5, true or perturbed)' }) count!: number | null;
  @NotPersonal()
  @Field(() => Boolean, { description: 'The count is too small to publish' }) suppressed!: boolean;
}

@Resolver()
export class IncidentStatisticsResolver {
  @Query(() => [StatisticRow], {
    description: 'Incident counts grouped by any dimensions, in whole months, under disclosure control (cell key perturbation, small counts suppressed)',
  })
  async incidentStatistics(
    @Arg('groupBy', () => [IncidentDimension]) groupBy: IncidentDimension[],
    @Arg('filter', () => IncidentStatsFilter, { nullable: true }) filter: IncidentStatsFilter | null,
    @Ctx() ctx: HubContext,
  ): Promise<StatisticRow[]> {
    return incidentStatistics(ctx.em, { groupBy, ...(filter ?? {}) }, disclosurePolicy());
  }
}
