import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { byIdLoader } from '../../shared/loaders';
import { Agency } from '../entities/Agency';

@Resolver(() => Agency)
export class AgencyResolver {
  @Query(() => Agency, { nullable: true })
  agency(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<Agency | null> {
    return byIdLoader(ctx, Agency).load(id);
  }

  @Query(() => [Agency], { description: 'Every partner agency, by id' })
  agencies(@Ctx() ctx: HubContext): Promise<Agency[]> {
    return ctx.em.find(Agency, {}, { orderBy: { id: 'asc' } });
  }
}
