import { Arg, Ctx, Directive, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { ServiceOnly } from '../../shared/declarations';
import { Agency } from '../entities/Agency';
import { PersonRecord } from '../entities/PersonRecord';

@ObjectType('LetterAgencyName', { description: 'An agency as a letter names it' })
@Directive('@inaccessible')
export class LetterAgencyName {
  @ServiceOnly() @Field(() => ID) id!: string;
  @ServiceOnly() @Field(() => String) name!: string;
}

@ObjectType('LetterAddressee', { description: 'The addressee of a letter, as the sending authority holds them' })
@Directive('@inaccessible')
export class LetterAddressee {
  @ServiceOnly() @Field(() => String, { nullable: true }) givenName?: string | null;
  @ServiceOnly() @Field(() => String, { nullable: true }) familyName?: string | null;
  @ServiceOnly() @Field(() => String, { nullable: true }) address?: string | null;
  @ServiceOnly() @Field(() => String, { nullable: true }) postcode?: string | null;
  @ServiceOnly() @Field(() => String, { nullable: true, description: 'Where an e-mailed letter goes (the outbox)' }) email?: string | null;
}

@ObjectType('LetterParties', { description: 'What a letter an authority sends on its own (no SPOC at hand, e.g. the online form) needs' })
@Directive('@inaccessible')
export class LetterPartiesView {
  @ServiceOnly() @Field(() => [LetterAgencyName]) agencies!: LetterAgencyName[];
  @ServiceOnly() @Field(() => LetterAddressee, { nullable: true }) addressee?: LetterAddressee | null;
}

/**
 * Service only: for a letter an authority sends without a SPOC's token (the online form's CT1), the
 * agencies' names and the addressee as that authority's own record holds them — what its SPOC sees
 * as the supplier of those values (access model v2), never another agency's.
 */
@Resolver()
export class LetterPartiesResolver {
  @Query(() => LetterPartiesView, { description: 'Service only: agency names and the authority’s own record of the addressee' })
  @Directive('@inaccessible')
  async _letterParties(
    @Arg('authorityAgencyId', () => ID) authorityAgencyId: string,
    @Ctx() ctx: HubContext,
    @Arg('personId', () => ID, { nullable: true }) personId?: string | null,
  ): Promise<LetterPartiesView> {
    const [agencies, record] = await Promise.all([
      ctx.em.find(Agency, {}, { orderBy: { id: 'asc' } }),
      personId ? ctx.em.findOne(PersonRecord, { personId, agencyId: authorityAgencyId }) : Promise.resolve(null),
    ]);
    return {
      agencies: agencies.map((a) => ({ id: a.id, name: a.name })),
      addressee: record ? { givenName: record.givenName, familyName: record.familyName, address: record.address, postcode: record.postcode, email: record.email ?? null } : null,
    };
  }
}
