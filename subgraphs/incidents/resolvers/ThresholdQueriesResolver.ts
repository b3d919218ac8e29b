import { Arg, Ctx, Directive, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { AsbCategory, IncidentSource } from '../../shared/enums';
import { Incident } from '../entities/Incident';
import { ServiceIncidentActionType } from './ServiceIncidentAction';
import { NotPersonal, ServiceOnly } from '../../shared/declarations';

/**
 * Service-only reads for the triggers subgraph's threshold check. Every field here is
 * `@inaccessible` (absent from the public supergraph) and allowed only with a service credential
 * (rules/permissions.ts). The types are this file's own so that the public Incident's rules are
 * untouched.
 */
@ObjectType('ThresholdIncident', { description: 'An incident as the threshold check needs it' })
@Directive('@inaccessible')
export class ThresholdIncidentType {
  @NotPersonal()
  @Field(() => ID) id!: string;
  @NotPersonal()
  @Field(() => IncidentSource) source!: IncidentSource;
  @NotPersonal()
  @Field(() => String) agencyId!: string;
  @NotPersonal()
  @Field(() => String) sourceRef!: string;
  @NotPersonal()
  @Field(() => AsbCategory) category!: AsbCategory;
  @NotPersonal()
  @Field(() => String, { nullable: true }) subType?: string | null;
  @NotPersonal()
  @Field(() => Date) occurredAt!: Date;
  @NotPersonal()
  @Field(() => Date) reportedAt!: Date;
  @NotPersonal()
  @Field(() => String, { nullable: true }) lsoaCode?: string | null;
  @NotPersonal()
  @Field(() => ID, { nullable: true }) reporterPersonId?: string | null;
  @NotPersonal()
  @Field(() => [ID]) personIds!: string[];
  @ServiceOnly()
  @Field(() => [ServiceIncidentActionType]) actions!: ServiceIncidentActionType[];
  @NotPersonal()
  @Field(() => ID, { nullable: true, description: 'Its same-incident cluster (rules/same-incident.ts); null: linked to no other report' })
  clusterId?: string | null;
}

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
  @Query(() => [ThresholdIncidentType])
  @Directive('@inaccessible')
  async thresholdIncidents(
    @Arg('personId', () => ID) personId: string,
    @Arg('since', () => Date) since: Date,
    @Arg('until', () => Date) until: Date,
    @Arg('includeNearby', () => Boolean, { defaultValue: false }) includeNearby: boolean,
    @Arg('nearbySince', () => Date, { nullable: true }) nearbySince: Date | null,
    @Ctx() ctx: HubContext,
  ): Promise<ThresholdIncidentType[]> {
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
    return [...own, ...nearby].map((i) => ({
      id: i.id,
      source: i.source,
      agencyId: i.agencyId,
      sourceRef: i.sourceRef,
      category: i.category,
      subType: i.subType ?? null,
      occurredAt: i.occurredAt,
      reportedAt: i.reportedAt,
      lsoaCode: i.lsoaCode ?? null,
      reporterPersonId: i.reporterPersonId ?? null,
      personIds: i.personIds,
      actions: i.actions.map((a) => ({ at: a.at, action: a.action, by: a.by ?? null })),
      clusterId: i.clusterId ?? null,
    }));
  }
}
