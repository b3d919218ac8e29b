import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { badInput, conflict, notFound } from '../../shared/errors';
import { byIdLoader } from '../../shared/loaders';
import { validateInput } from '../../shared/validation';
import { AccessGrant } from '../entities/AccessGrant';
import { Agency } from '../entities/Agency';
import { Person } from '../entities/Person';
import { issueReviewGrants, revokeGrants } from '../rules/grants';
import { AccessGrantInput, accessGrantInputSchema } from './ConsentInputs';
import { NotPersonal } from '../../shared/declarations';

@Resolver(() => AccessGrant)
export class AccessGrantResolver {
  /** A DPO records a grant on another lawful basis, with reason, agreement and expiry. */
  @Mutation(() => [AccessGrant])
  async recordAccessGrant(@Arg('input', () => AccessGrantInput) input: AccessGrantInput, @Ctx() ctx: HubContext): Promise<AccessGrant[]> {
    const data = validateInput(accessGrantInputSchema, input);
    return ctx.em.transactional(async (em) => {
      if (!(await em.count(Person, { id: data.personId }))) throw notFound('Person', { field: 'input.personId' });
      if (!(await em.count(Agency, { id: data.agencyId }))) throw badInput('input.agencyId is not a known agency', 'input.agencyId');
      const grants = [...new Set(data.categories)].map((category) =>
        em.create(AccessGrant, {
          agencyId: data.agencyId, personId: data.personId, category, purpose: data.purpose, basis: data.basis,
          reason: data.reason, agreementRef: data.agreementRef, issuedBy: ctx.caller.sub, validUntil: data.expiresAt,
        }),
      );
      await em.flush();
      return grants;
    });
  }

  @Mutation(() => AccessGrant)
  async revokeAccessGrant(@Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: HubContext): Promise<AccessGrant> {
    if (!reason.trim()) throw badInput('A reason is required', 'reason');
    const grant = await ctx.em.findOne(AccessGrant, { id });
    if (!grant) throw notFound('AccessGrant', { field: 'id' });
    if (grant.revokedAt) throw conflict('The grant was already revoked', { field: 'id' });
    await revokeGrants(ctx.em, { id }, reason.trim().slice(0, 255));
    await ctx.em.flush();
    return grant;
  }

  /** Service-only: the reviews subgraph asks for a new panel's grants (what the consents cover); returns how many. */
  @Mutation(() => Int)
  @Directive('@inaccessible')
  async _issueReviewGrants(
    @Arg('reviewId', () => ID) reviewId: string,
    @Arg('personIds', () => [ID]) personIds: string[],
    @Arg('agencyIds', () => [ID]) agencyIds: string[],
    @Arg('issuedBy', () => String) issuedBy: string,
    @Ctx() ctx: HubContext,
  ): Promise<number> {
    return ctx.em.transactional(async (em) => {
      const grants = await issueReviewGrants(em, { reviewId, personIds, agencyIds, issuedBy });
      await em.flush();
      return grants.length;
    });
  }

  /** Service-only: closing a review ends its grants; returns how many. */
  @Mutation(() => Int)
  @Directive('@inaccessible')
  async _revokeReviewGrants(@Arg('reviewId', () => ID) reviewId: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: HubContext): Promise<number> {
    return ctx.em.transactional(async (em) => {
      const grants = await revokeGrants(em, { reviewId }, reason);
      await em.flush();
      return grants.length;
    });
  }

  @NotPersonal()
  @FieldResolver(() => Agency, { nullable: true })
  agency(@Root() grant: AccessGrant, @Ctx() ctx: HubContext): Promise<Agency | null> {
    return byIdLoader(ctx, Agency).load(grant.agencyId);
  }

  @NotPersonal()
  @FieldResolver(() => Person, { nullable: true })
  person(@Root() grant: AccessGrant, @Ctx() ctx: HubContext): Promise<Person | null> {
    return byIdLoader(ctx, Person).load(grant.personId);
  }
}
