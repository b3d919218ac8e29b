import { Arg, Ctx, Directive, ID, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { Incident } from '../entities/Incident';
import { serviceIncidentOf, ServiceIncidentType } from './ServiceIncident';

/**
 * Service-only reads for the reviews subgraph: the incidents of a case, with their
 * narratives and the actions agencies took, for the consolidated case history and for knowing
 * which agencies were involved before a panel is formed. `@inaccessible` and allowed only with a
 * service credential (rules/permissions.ts); the reviews subgraph filters each part by the reader's
 * access before anything leaves it. One query whatever the number of incidents (with its planner
 * settings, in a transaction of its own: see below). The incident's shape is the one every service
 * read shares (ServiceIncident.ts).
 */
@Resolver()
export class CaseHistoryQueriesResolver {
  /** Every incident the people reported or are concerned in (since `since`, when given), oldest first. */
  @Query(() => [ServiceIncidentType])
  @Directive('@inaccessible')
  async caseHistoryIncidents(
    @Arg('personIds', () => [ID]) personIds: string[],
    @Arg('since', () => Date, { nullable: true }) since: Date | null,
    @Ctx() ctx: HubContext,
  ): Promise<ServiceIncidentType[]> {
    if (!personIds.length) return [];
    // Plain rows through the query builder (the SQL still comes from the entity's metadata): a case
    // may have hundreds of incidents, and hydrating each into a managed entity cost more than the query.
    // A person's incidents are a few hundred rows found by two indexes, but when few incidents list
    // anyone in "person_ids" the planner has no element statistics and guesses 0.5 % of the table for
    // the overlap: at 10 million incidents it then starts parallel workers and JIT compilation, which
    // cost ten times the reads (docs/benchmarks.md, "National scale"). Both off for this statement only.
    const rows = (await ctx.em.transactional(async (em) => {
      await em.execute(`select set_config('max_parallel_workers_per_gather', '0', true), set_config('jit', 'off', true)`);
      return em
        .createQueryBuilder(Incident, 'i')
        .select('*')
        .where({ $or: [{ reporterPersonId: { $in: personIds } }, { personIds: { $overlap: personIds } }], ...(since ? { occurredAt: { $gte: since } } : {}) })
        .orderBy({ occurredAt: 'asc', id: 'asc' })
        .execute('all', true);
    })) as unknown as Incident[];
    return rows.map(serviceIncidentOf);
  }
}
