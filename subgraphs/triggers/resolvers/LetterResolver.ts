import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { byIdLoader } from '../../shared/loaders';
import { Letter } from '../entities/Letter';
import { TriggerApplication } from '../entities/TriggerApplication';
import { NotPersonal } from '../../shared/declarations';

@Resolver(() => Letter)
export class LetterResolver {
  @NotPersonal()
  @FieldResolver(() => TriggerApplication, { nullable: true })
  application(@Root() letter: Letter, @Ctx() ctx: HubContext): Promise<TriggerApplication | null> {
    return byIdLoader(ctx, TriggerApplication).load(letter.applicationId);
  }
}
