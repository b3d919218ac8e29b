import { Arg, Ctx, Directive, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { AsbCategory, IncidentSource } from '../../shared/enums';
import { Incident } from '../entities/Incident';
import { ServiceIncidentActionType } from './ServiceIncidentAction';
import { NotPersonal, ServiceOnly } from '../../shared/declarations';

/**
 * Service-only reads for the reviews subgraph: the incidents of a case, with their
 * narratives and the actions agencies took, for the consolidated case history and for knowing
 * which agencies were involved before a panel is formed. `@inaccessible` and allowed only with a
 * service credential (rules/permissions.ts); the reviews subgraph filters each part by the reader's
 * access before anything leaves it. One SQL statement whatever the number of incidents.
 */
@ObjectType('CaseHistoryIncident', { description: 'An incident as the case history needs it' })
@Directive('@inaccessible')
export class CaseHistoryIncidentType {
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
  @Field(() => String, { nullable: true }) description?: string | null;
  @NotPersonal()
  @Field(() => String, { nullable: true }) location?: string | null;
  @NotPersonal()
  @Field(() => ID, { nullable: true }) reporterPersonId?: string | null;
  @NotPersonal()
  @Field(() => [ID]) personIds!: string[];
  @ServiceOnly()
  @Field(() => [ServiceIncidentActionType]) actions!: ServiceIncidentActionType[];
  @NotPersonal()
  @Field(() => ID, { nullable: true, description: 'The same-incident cluster (rules/same-incident.ts), when the linker has placed it' })
  clusterId?: string | null;
}

@Resolver()
export class CaseHistoryQueriesResolver {
  /** Every incident the people reported or are concerned in (since `since`, when given), oldest first. */
  @Query(() => [CaseHistoryIncidentType])
  @Directive('@inaccessible')
  async caseHistoryIncidents(
    @Arg('personIds', () => [ID]) personIds: string[],
    @Arg('since', () => Date, { nullable: true }) since: Date | null,
    @Ctx() ctx: HubContext,
  ): Promise<CaseHistoryIncidentType[]> {
    if (!personIds.length) return [];
    // Plain rows through the query builder (the SQL still comes from the entity's metadata): a case
    // may have hundreds of incidents, and hydrating each into a managed entity cost more than the query.
    const rows = (await ctx.em
      .createQueryBuilder(Incident, 'i')
      .select('*')
      .where({ $or: [{ reporterPersonId: { $in: personIds } }, { personIds: { $overlap: personIds } }], ...(since ? { occurredAt: { $gte: since } } : {}) })
      .orderBy({ occurredAt: 'asc', id: 'asc' })
      .execute('all', true)) as unknown as Incident[];
    return rows.map((i) => ({
      id: i.id,
      source: i.source,
      agencyId: i.agencyId,
      sourceRef: i.sourceRef,
      category: i.category,
      subType: i.subType ?? null,
      occurredAt: new Date(i.occurredAt),
      reportedAt: new Date(i.reportedAt),
      description: i.description ?? null,
      location: i.location ?? null,
      reporterPersonId: i.reporterPersonId ?? null,
      personIds: i.personIds ?? [],
      actions: (i.actions ?? []).map((a) => ({ at: a.at, action: a.action, by: a.by ?? null })),
      clusterId: i.clusterId ?? null,
    }));
  }
}
