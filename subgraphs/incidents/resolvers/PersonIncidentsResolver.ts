import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { PersonRef } from '../entities/external';
import { Incident } from '../entities/Incident';
import { Personal } from '../../shared/declarations';
import { DataCategory } from '../../shared/enums';
import { decideSuppliersEarly, visibleIncidents } from './visible';

/** `Person.incidents`: this subgraph's contribution to the consent subgraph's Person. */
@Resolver(() => PersonRef)
export class PersonIncidentsResolver {
  @Personal(DataCategory.INCIDENT_DETAIL, { decidedByResolver: true, note: 'lists only the incidents the caller supplied or may see under a grant' })
  @FieldResolver(() => [Incident], {
    nullable: true,
    description: 'Incidents the person reported or is concerned in, oldest first (null, with an error, when the incidents service cannot answer)',
  })
  incidents(
    @Root() person: PersonRef,
    @Ctx() ctx: HubContext,
    @Arg('since', () => Date, { nullable: true }) since?: Date | null,
  ): Promise<Incident[]> {
    const key = since ? since.toISOString() : '';
    return ctx.loaders
      .get<string, Incident[]>(`Person.incidents#${key}`, async (personIds) => {
        const ids = [...personIds];
        // The decision point reads its facts about these people now (shared/access.ts `expect`),
        // and the decisions are asked while the rows load (see visible.ts `decideSuppliersEarly`).
        ctx.access.expect(ids);
        const early = decideSuppliersEarly(ctx, ids, since ?? null);
        const rows = await ctx.em.find(
          Incident,
          { $or: [{ reporterPersonId: { $in: ids } }, { personIds: { $overlap: ids } }], ...(since ? { occurredAt: { $gte: since } } : {}) },
          { orderBy: { occurredAt: 'asc', id: 'asc' } },
        );
        await early;
        const wanted = new Set(ids);
        const groups = new Map<string, Incident[]>(ids.map((id) => [id, []]));
        for (const row of rows) {
          const concerned = new Set([row.reporterPersonId, ...row.personIds].filter((p): p is string => !!p && wanted.has(p)));
          for (const p of concerned) groups.get(p)!.push(row);
        }
        return ids.map((id) => groups.get(id)!);
      })
      .load(person.id)
      .then((rows) => visibleIncidents(ctx, rows));
  }
}
