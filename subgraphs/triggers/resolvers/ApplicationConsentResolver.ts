import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { ConsentStatus } from '../../shared/enums';
import { consentStates } from '../clients/consent';
import { TriggerApplication } from '../entities/TriggerApplication';
import { applicationConsentStatus } from '../rules/consent';
import { NotPersonal } from '../../shared/declarations';

/**
 * The consent an application rests on, after intake: the consent subgraph's withdrawConsent tells
 * this subgraph (`_consentWithdrawn`, service-only), which notes the withdrawal on every application
 * resting on the consent; and each read asks the consent subgraph where the consent stands now
 * (batched, one call per request), so a withdrawal whose notice was lost, or an expiry, still shows.
 */
@Resolver(() => TriggerApplication)
export class ApplicationConsentResolver {
  /** Notes the withdrawal on the applications resting on the consent (or on grants moved to it); returns how many. Idempotent. */
  @Mutation(() => Int)
  @Directive('@inaccessible')
  async _consentWithdrawn(
    @Arg('consentId', () => ID) consentId: string,
    @Arg('withdrawnAt', () => Date) withdrawnAt: Date,
    @Arg('applicationIds', () => [ID], { defaultValue: [] }) applicationIds: string[],
    @Ctx() ctx: HubContext,
  ): Promise<number> {
    return ctx.em.nativeUpdate(
      TriggerApplication,
      { $or: [{ consentId }, ...(applicationIds.length ? [{ id: { $in: applicationIds } }] : [])], consentWithdrawnAt: null },
      { consentWithdrawnAt: withdrawnAt },
    );
  }

  private async consent(app: TriggerApplication, ctx: HubContext) {
    const now = app.consentId && !app.consentWithdrawnAt ? await consentStates(ctx).load(app.consentId) : null;
    return applicationConsentStatus(app, now);
  }

  @NotPersonal()
  @FieldResolver(() => ConsentStatus, { nullable: true, description: 'Where the consent the application rests on stands now (null when it rests on none)' })
  async consentStatus(@Root() app: TriggerApplication, @Ctx() ctx: HubContext): Promise<ConsentStatus | null> {
    return (await this.consent(app, ctx)).status;
  }

  @NotPersonal()
  @FieldResolver(() => Date, { nullable: true, description: 'When the consent the application rests on was withdrawn, if it was' })
  async consentWithdrawnAt(@Root() app: TriggerApplication, @Ctx() ctx: HubContext): Promise<Date | null> {
    return (await this.consent(app, ctx)).withdrawnAt;
  }
}
