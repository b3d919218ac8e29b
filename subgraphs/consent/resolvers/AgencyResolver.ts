import { Arg, Ctx, Field, ID, InputType, Mutation, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { badInput, conflict, notFound } from '../../../platform/errors';
import { byIdLoader } from '../../shared/loaders';
import { requireNational } from '../../shared/scope';
import { validateInput } from '../../shared/validation';
import { Agency, AgencyKind } from '../entities/Agency';
import { agencyRegistrationSchema, agencyUpdateSchema, applyAgencyUpdate, isValidAuthority } from '../rules/agencies';

@InputType({ description: 'How to reach one of an agency’s teams' })
export class AgencyContactInput {
  @Field(() => String, { description: 'The team or role, e.g. Community Safety Unit' }) name!: string;
  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => String, { nullable: true }) web?: string | null;
  @Field(() => String, { nullable: true, description: 'What it is for, e.g. Community Trigger referrals' }) purpose?: string | null;
}

@InputType({ description: 'A partner agency to register' })
export class AgencyInput {
  @Field(() => ID, { description: 'A readable slug, e.g. kent-fire' }) id!: string;
  @Field(() => String, { description: 'The name a victim knows' }) name!: string;
  @Field(() => AgencyKind) kind!: AgencyKind;
  @Field(() => String, { description: 'The county or area it serves, e.g. kent' }) area!: string;
  @Field(() => Boolean, { nullable: true, description: 'A council whose SPOC runs the Community Trigger (default false)' }) isAuthority?: boolean | null;
  @Field(() => [AgencyContactInput], { nullable: true }) contacts?: AgencyContactInput[] | null;
}

@InputType({ description: 'Changes to an agency: only the fields given change (contacts are replaced as a whole)' })
export class AgencyUpdateInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => AgencyKind, { nullable: true }) kind?: AgencyKind | null;
  @Field(() => String, { nullable: true }) area?: string | null;
  @Field(() => Boolean, { nullable: true }) isAuthority?: boolean | null;
  @Field(() => [AgencyContactInput], { nullable: true }) contacts?: AgencyContactInput[] | null;
}

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

  /** An admin registers a partner agency; its users' tokens are known to the hub at once. */
  @Mutation(() => Agency, { description: 'Registers a partner agency (admin): kind, area, whether it is an authority, its contacts' })
  async registerAgency(@Arg('input', () => AgencyInput) input: AgencyInput, @Ctx() ctx: HubContext): Promise<Agency> {
    requireNational(ctx.caller, 'Only an admin registers agencies');
    const data = validateInput(agencyRegistrationSchema, input);
    if (await ctx.em.count(Agency, { id: data.id })) throw conflict('An agency with that id is registered already: use updateAgency', { field: 'input.id' });
    const agency = ctx.em.create(Agency, { ...data, createdAt: new Date() });
    await ctx.em.flush();
    return agency;
  }

  /** An admin keeps an agency's record: its id stays (records across the hub name it). */
  @Mutation(() => Agency, { description: 'Changes a partner agency (admin): only the fields given change' })
  async updateAgency(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => AgencyUpdateInput) input: AgencyUpdateInput,
    @Ctx() ctx: HubContext,
  ): Promise<Agency> {
    requireNational(ctx.caller, 'Only an admin changes agencies');
    const update = validateInput(agencyUpdateSchema, input);
    const agency = await ctx.em.findOne(Agency, { id });
    if (!agency) throw notFound('Agency', { field: 'id' });
    const next = applyAgencyUpdate(agency, update);
    if (!isValidAuthority(next))
      throw badInput(
        'Invalid input.isAuthority: only a council is an authority (its SPOC runs the Community Trigger)',
        update.isAuthority != null ? 'input.isAuthority' : 'input.kind',
      );
    ctx.em.assign(agency, { name: next.name, kind: next.kind, area: next.area, isAuthority: next.isAuthority, contacts: next.contacts, updatedAt: new Date() });
    await ctx.em.flush();
    return agency;
  }
}
