import { Arg, Ctx, Directive, ID, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { Incident } from '../entities/Incident';
import { serviceIncidentOf, ServiceIncidentType } from './ServiceIncident';

/**
 * Service-only reads for the triggers subgraph's threshold check. `@inaccessible` (absent
 * from the public supergraph) and allowed only with a service credential (rules/permissions.ts);
 * the incident's shape is the one every service read shares (ServiceIncident.ts).
 */
@Resolver()
export class ThresholdQueriesResolver {
  /**
   * The incidents a person reported or is concerned in that took place or were reported in
   * [since, until] (the threshold counts complaints by when they were made, and lists every
   * incident of the person in the twelve months before the application), and, with
   * `includeNearby`, other people's incidents in the same areas (LSOA) taking place or reported
   * in [nearbySince (default since), until], for the multiple-reporter route. Each with its
   * same-incident cluster. Two statements at most.
   */
  @Query(() => [ServiceIncidentType])
  @Directive('@inaccessible')
  async thresholdIncidents(
    @Arg('personId', () => ID) personId: string,
    @Arg('since', () => Date) since: Date,
    @Arg('until', () => Date) until: Date,
    @Arg('includeNearby', () => Boolean, { defaultValue: false }) includeNearby: boolean,
    @Arg('nearbySince', () => Date, { nullable: true }) nearbySince: Date | null,
    @Ctx() ctx: HubContext,
  ): Promise<ServiceIncidentType[]> {
    const period = (from: Date) => ({ $or: [{ occurredAt: { $gte: from, $lte: until } }, { reportedAt: { $gte: from, $lte: until } }] });
    const own = await ctx.em.find(
      Incident,
      { $and: [{ $or: [{ reporterPersonId: personId }, { personIds: { $overlap: [personId] } }] }, period(since)] },
      { orderBy: { occurredAt: 'asc', id: 'asc' } },
    );
    let nearby: Incident[] = [];
    const areas = [...new Set(own.map((i) => i.lsoaCode).filter((c): c is string => !!c))];
    if (includeNearby && areas.length) {
      nearby = await ctx.em.find(
        Incident,
        { $and: [{ lsoaCode: { $in: areas }, id: { $nin: own.map((i) => i.id) } }, period(nearbySince ?? since)] },
        { orderBy: { occurredAt: 'asc', id: 'asc' } },
      );
    }
    return [...own, ...nearby].map(serviceIncidentOf);
  }
}
