import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { PersonRef } from '../entities/external';
import { TriggerApplication } from '../entities/TriggerApplication';
import { Personal } from '../../shared/declarations';
import { DataCategory } from '../../shared/enums';

/** `Person.triggerApplications`: applications the person made or that were made for them, newest first. */
@Resolver(() => PersonRef)
export class PersonApplicationsResolver {
  @Personal(DataCategory.INCIDENT_DETAIL, { decidedByResolver: true, note: 'lists only the applications of the caller’s authority or those it may see under a grant' })
  @FieldResolver(() => [TriggerApplication], { nullable: true, description: 'Applications by or for the person (null, with an error, when the triggers service cannot answer)' })
  triggerApplications(@Root() person: PersonRef, @Ctx() ctx: HubContext): Promise<TriggerApplication[]> {
    return ctx.loaders
      .get<string, TriggerApplication[]>('Person.triggerApplications', async (keys) => {
        const ids = [...keys];
        // The decision point reads its facts about them while the applications are read (shared/access.ts `expect`).
        ctx.access.expect(ids);
        const rows = await ctx.em.find(
          TriggerApplication,
          { $or: [{ applicantPersonId: { $in: ids } }, { victimPersonId: { $in: ids } }] },
          { orderBy: { receivedAt: 'desc', id: 'asc' } },
        );
        const groups = new Map<string, TriggerApplication[]>(ids.map((id) => [id, []]));
        for (const row of rows) {
          for (const p of new Set([row.applicantPersonId, row.victimPersonId])) if (p && groups.has(p)) groups.get(p)!.push(row);
        }
        return ids.map((id) => groups.get(id)!);
      })
      .load(person.id)
      .then(async (apps) => {
        // That an authority holds an application about a person is personal data too.
        const seen = await ctx.access.prefetch(
          apps.map((a) => ({ personId: a.victimPersonId ?? a.applicantPersonId, controllerAgencyIds: [a.authorityAgencyId], category: DataCategory.INCIDENT_DETAIL, field: 'Person.triggerApplications' })),
          ctx.clientOperation,
          { listing: true },
        );
        return apps.filter((_, k) => seen[k]);
      });
  }
}
