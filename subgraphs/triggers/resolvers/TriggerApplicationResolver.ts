import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { byIdLoader } from '../../shared/loaders';
import { AgencyRef, PersonRef } from '../entities/external';
import { TriggerApplication } from '../entities/TriggerApplication';

@Resolver(() => TriggerApplication)
export class TriggerApplicationResolver {
  @Query(() => TriggerApplication, { nullable: true })
  triggerApplication(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<TriggerApplication | null> {
    return byIdLoader(ctx, TriggerApplication).load(id);
  }

  @FieldResolver(() => AgencyRef, { description: 'The authority whose SPOC handles the application' })
  authority(@Root() app: TriggerApplication): AgencyRef {
    return { id: app.authorityAgencyId };
  }

  @FieldResolver(() => PersonRef, { description: 'Who applied' })
  applicant(@Root() app: TriggerApplication): PersonRef {
    return { id: app.applicantPersonId };
  }

  @FieldResolver(() => PersonRef, { nullable: true, description: 'The victim, when someone applied on their behalf' })
  victim(@Root() app: TriggerApplication): PersonRef | null {
    return app.victimPersonId ? { id: app.victimPersonId } : null;
  }
}
