import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { badInput, conflict, forbidden } from '../../../platform/errors';
import { validateInput } from '../../shared/validation';
import { Agency } from '../entities/Agency';
import { DataSharingAgreement } from '../entities/DataSharingAgreement';
import { DataSharingAgreementInput, dataSharingAgreementInputSchema } from './ConsentInputs';

/** Data sharing agreements: a DPO of a party records one; every DPO lists them. */
@Resolver(() => DataSharingAgreement)
export class DataSharingAgreementResolver {
  @Mutation(() => DataSharingAgreement, { description: 'Record a data sharing agreement the caller’s agency is party to' })
  async recordDataSharingAgreement(@Arg('input', () => DataSharingAgreementInput) input: DataSharingAgreementInput, @Ctx() ctx: HubContext): Promise<DataSharingAgreement> {
    const data = validateInput(dataSharingAgreementInputSchema, input);
    if (!data.parties.includes(ctx.caller.agencyId)) throw forbidden('A DPO records only agreements its own agency is party to', { field: 'input.parties' });
    return ctx.em.transactional(async (em) => {
      const known = await em.count(Agency, { id: { $in: data.parties } });
      if (known !== data.parties.length) throw badInput('input.parties names an agency that is not known', 'input.parties');
      if (await em.count(DataSharingAgreement, { reference: data.reference })) throw conflict('An agreement with that reference is already recorded', { field: 'input.reference' });
      const agreement = em.create(DataSharingAgreement, { ...data, recordedBy: ctx.caller.sub });
      await em.flush();
      return agreement;
    });
  }

  @Query(() => [DataSharingAgreement], { description: 'The data sharing agreements, newest first' })
  dataSharingAgreements(@Ctx() ctx: HubContext): Promise<DataSharingAgreement[]> {
    return ctx.em.find(DataSharingAgreement, {}, { orderBy: { startsOn: 'desc', reference: 'asc' } });
  }
}
