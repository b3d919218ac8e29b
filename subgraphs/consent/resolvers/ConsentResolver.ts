import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { byIdLoader } from '../../shared/loaders';
import { Agency } from '../entities/Agency';
import { Consent, ConsentStatus } from '../entities/Consent';
import { Person } from '../entities/Person';

@Resolver(() => Consent)
export class ConsentResolver {
  @FieldResolver(() => Person, { nullable: true })
  person(@Root() consent: Consent, @Ctx() ctx: HubContext): Promise<Person | null> {
    return byIdLoader(ctx, Person).load(consent.person.id);
  }

  @FieldResolver(() => [Agency], { description: 'The agencies the person agreed may receive the data' })
  async recipientAgencies(@Root() consent: Consent, @Ctx() ctx: HubContext): Promise<Agency[]> {
    const agencies = await byIdLoader(ctx, Agency).loadMany(consent.recipientAgencyIds);
    return agencies.filter((a): a is Agency => !!a && !(a instanceof Error));
  }

  @FieldResolver(() => ConsentStatus)
  status(@Root() consent: Consent): ConsentStatus {
    return consent.statusAt();
  }
}
