import { Arg, Ctx, Directive, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { ServiceOnly } from '../../shared/declarations';
import type { HubContext } from '../../shared/context';
import { DataCategory, Purpose } from '../../shared/enums';
import { conflict } from '../../../platform/errors';
import { Consent, ConsentStatus } from '../entities/Consent';
import { issueApplicationGrants, pickApplicationConsent, revokeGrants } from '../rules/grants';

/**
 * Service-only fields for the triggers subgraph: the consent a Community Trigger application rests
 * on, its status as the application is read, and the access grants of an accepted application.
 * Every field is `@inaccessible` and needs the service credential (rules/permissions.ts).
 */
@ObjectType('ApplicationConsent', { description: 'The consent an application rests on, as the triggers subgraph needs it' })
@Directive('@inaccessible')
export class ApplicationConsent {
  @ServiceOnly() @Field(() => ID) id!: string;
  @ServiceOnly() @Field(() => ID) personId!: string;
  @ServiceOnly() @Field(() => [DataCategory]) categories!: DataCategory[];
  @ServiceOnly() @Field(() => Date, { nullable: true }) expiresAt?: Date | null;
}

@ObjectType('ApplicationConsentState', { description: 'Where a consent stands now' })
@Directive('@inaccessible')
export class ApplicationConsentState {
  @ServiceOnly() @Field(() => ID) id!: string;
  @ServiceOnly() @Field(() => ConsentStatus) status!: ConsentStatus;
  @ServiceOnly() @Field(() => Date, { nullable: true }) withdrawnAt?: Date | null;
  @ServiceOnly() @Field(() => Date, { nullable: true }) expiresAt?: Date | null;
}

@Resolver()
export class ApplicationConsentResolver {
  /**
   * The person's consent in force for `purpose` naming the authority: the named one when
   * `consentId` is given (null unless it is that person's and serves), else the newest; null if none.
   */
  @Query(() => ApplicationConsent, { nullable: true })
  @Directive('@inaccessible')
  async _activeConsent(
    @Arg('personId', () => ID) personId: string,
    @Arg('authorityAgencyId', () => ID) authorityAgencyId: string,
    @Arg('purpose', () => Purpose) purpose: Purpose,
    @Ctx() ctx: HubContext,
    @Arg('consentId', () => ID, { nullable: true }) consentId?: string | null,
  ): Promise<ApplicationConsent | null> {
    const consents = await ctx.em.find(Consent, { person: personId });
    const c = pickApplicationConsent(consents, { personId, authorityAgencyId, purpose, consentId });
    return c ? { id: c.id, personId: c.person.id, categories: c.categories, expiresAt: c.expiresAt ?? null } : null;
  }

  /** The status now of each consent named (one statement); unknown ids are left out. */
  @Query(() => [ApplicationConsentState])
  @Directive('@inaccessible')
  async _consentStates(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: HubContext): Promise<ApplicationConsentState[]> {
    if (!ids.length) return [];
    const now = new Date();
    const rows = await ctx.em.find(Consent, { id: { $in: [...new Set(ids)] } });
    return rows.map((c) => ({ id: c.id, status: c.statusAt(now), withdrawnAt: c.withdrawnAt ?? null, expiresAt: c.expiresAt ?? null }));
  }

  /** An accepted application's grants for its authority (idempotent); CONFLICT if the consent no longer serves it. */
  @Mutation(() => Int)
  @Directive('@inaccessible')
  async _issueApplicationGrants(
    @Arg('applicationId', () => ID) applicationId: string,
    @Arg('consentId', () => ID) consentId: string,
    @Arg('authorityAgencyId', () => ID) authorityAgencyId: string,
    @Arg('issuedBy', () => String) issuedBy: string,
    @Ctx() ctx: HubContext,
  ): Promise<number> {
    return ctx.em.transactional(async (em) => {
      const grants = await issueApplicationGrants(em, { applicationId, consentId, authorityAgencyId, issuedBy });
      if (!grants) throw conflict('The consent no longer covers the application: it was withdrawn, superseded or has expired', { field: 'consentId' });
      await em.flush();
      return grants.length;
    });
  }

  /** The application closed or is not pursued: its grants end; returns how many. */
  @Mutation(() => Int)
  @Directive('@inaccessible')
  async _revokeApplicationGrants(@Arg('applicationId', () => ID) applicationId: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: HubContext): Promise<number> {
    return ctx.em.transactional(async (em) => {
      const grants = await revokeGrants(em, { applicationId }, reason.slice(0, 255));
      await em.flush();
      return grants.length;
    });
  }
}
