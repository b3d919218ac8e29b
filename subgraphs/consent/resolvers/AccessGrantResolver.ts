import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { badInput, conflict, forbidden, hubError, notFound } from '../../../platform/errors';
import { byIdLoader } from '../../shared/loaders';
import { validateInput } from '../../shared/validation';
import { AccessGrant } from '../entities/AccessGrant';
import { Agency } from '../entities/Agency';
import { DataSharingAgreement } from '../entities/DataSharingAgreement';
import { Person } from '../entities/Person';
import { PersonRecord } from '../entities/PersonRecord';
import { refuseDpoGrant } from '../rules/grant-authority';
import { issueReviewGrants, revokeGrants } from '../rules/grants';
import { AccessGrantInput, accessGrantInputSchema } from './ConsentInputs';
import { NotPersonal } from '../../shared/declarations';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Resolver(() => AccessGrant)
export class AccessGrantResolver {
  /**
   * The DPO of the agency that supplied the data records a grant of it on another lawful basis,
   * to another party of an agreement in force that covers it (rules/grant-authority.ts).
   */
  @Mutation(() => [AccessGrant])
  async recordAccessGrant(@Arg('input', () => AccessGrantInput) input: AccessGrantInput, @Ctx() ctx: HubContext): Promise<AccessGrant[]> {
    const data = validateInput(accessGrantInputSchema, input);
    const supplier = ctx.caller.agencyId;
    return ctx.em.transactional(async (em) => {
      if (!(await em.count(Person, { id: data.personId }))) throw notFound('Person', { field: 'input.personId' });
      if (!(await em.count(Agency, { id: data.agencyId }))) throw badInput('input.agencyId is not a known agency', 'input.agencyId');
      const [held, agreement] = await Promise.all([
        em.count(PersonRecord, { personId: data.personId, agencyId: supplier }),
        em.findOne(DataSharingAgreement, UUID.test(data.agreementRef) ? { $or: [{ id: data.agreementRef }, { reference: data.agreementRef }] } : { reference: data.agreementRef }),
      ]);
      const refusal = refuseDpoGrant(
        { supplierAgencyId: supplier, supplierHoldsRecord: held > 0, granteeAgencyId: data.agencyId, categories: data.categories, purpose: data.purpose, basis: data.basis, expiresAt: data.expiresAt },
        agreement,
      );
      if (refusal) throw hubError(refusal.code, refusal.reason, refusal.code === 'FORBIDDEN' ? { field: refusal.field, reason: 'denied', why: refusal.reason } : { field: refusal.field });
      const grants = [...new Set(data.categories)].map((category) =>
        em.create(AccessGrant, {
          agencyId: data.agencyId, personId: data.personId, category, purpose: data.purpose, basis: data.basis, supplierAgencyId: supplier,
          reason: data.reason, agreementRef: agreement!.reference, agreementId: agreement!.id, issuedBy: ctx.caller.sub, validUntil: data.expiresAt,
        }),
      );
      await em.flush();
      return grants;
    });
  }

  /** Every grant over a person (in force only, unless asked): who may see which category, of whose data, on what. */
  @Query(() => [AccessGrant], { description: 'The grants over a person: which agency may see which category of whose data (supplierAgencyId; null: whatever the consent covers), on what basis and agreement, until when' })
  async accessGrants(
    @Arg('personId', () => ID) personId: string,
    @Ctx() ctx: HubContext,
    @Arg('includeEnded', () => Boolean, { nullable: true, defaultValue: false }) includeEnded: boolean,
  ): Promise<AccessGrant[]> {
    if (!UUID.test(personId) || !(await ctx.em.count(Person, { id: personId }))) throw notFound('Person', { field: 'personId' });
    const grants = await ctx.em.find(AccessGrant, { personId }, { orderBy: { createdAt: 'desc', id: 'asc' } });
    const now = new Date();
    return includeEnded ? grants : grants.filter((g) => g.activeAt(now));
  }

  @Mutation(() => AccessGrant)
  async revokeAccessGrant(@Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: HubContext): Promise<AccessGrant> {
    if (!reason.trim()) throw badInput('A reason is required', 'reason');
    const grant = await ctx.em.findOne(AccessGrant, { id });
    if (!grant) throw notFound('AccessGrant', { field: 'id' });
    if (grant.supplierAgencyId ? grant.supplierAgencyId !== ctx.caller.agencyId : !ctx.caller.roles.includes('admin') && grant.agencyId !== ctx.caller.agencyId) {
      throw forbidden('Only the DPO of the agency whose data the grant covers may revoke it', { field: 'id' });
    }
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
  @FieldResolver(() => DataSharingAgreement, { nullable: true, description: 'The data sharing agreement the grant rests on (null for a consent grant)' })
  agreement(@Root() grant: AccessGrant, @Ctx() ctx: HubContext): Promise<DataSharingAgreement | null> | null {
    return grant.agreementId ? byIdLoader(ctx, DataSharingAgreement).load(grant.agreementId) : null;
  }

  @NotPersonal()
  @FieldResolver(() => Person, { nullable: true })
  person(@Root() grant: AccessGrant, @Ctx() ctx: HubContext): Promise<Person | null> {
    return byIdLoader(ctx, Person).load(grant.personId);
  }
}
