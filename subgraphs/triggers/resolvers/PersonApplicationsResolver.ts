import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { groupedLoader } from '../../shared/loaders';
import { PersonRef } from '../entities/external';
import { TriggerApplication } from '../entities/TriggerApplication';

/** `Person.triggerApplications`: applications the person made, newest first. */
@Resolver(() => PersonRef)
export class PersonApplicationsResolver {
  @FieldResolver(() => [TriggerApplication])
  triggerApplications(@Root() person: PersonRef, @Ctx() ctx: HubContext): Promise<TriggerApplication[]> {
    return groupedLoader(ctx, TriggerApplication, 'applicantPersonId', { orderBy: { receivedAt: 'desc' } }).load(person.id);
  }
}
