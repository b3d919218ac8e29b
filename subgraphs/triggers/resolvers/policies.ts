import type { HubContext } from '../../shared/context';
import { ThresholdPolicy } from '../entities/ThresholdPolicy';

/** The policy in force for an authority at a moment: its own latest version, else the national default. */
export async function policyInForce(ctx: HubContext, authorityAgencyId: string, at: Date): Promise<ThresholdPolicy | null> {
  const order = { orderBy: { effectiveFrom: 'desc', version: 'desc' } } as const;
  return (
    (await ctx.em.findOne(ThresholdPolicy, { authorityAgencyId, effectiveFrom: { $lte: at } }, order)) ??
    (await ctx.em.findOne(ThresholdPolicy, { authorityAgencyId: null, effectiveFrom: { $lte: at } }, order))
  );
}

/** What the authority's letters say now: the correspondence of the latest policy version that has it. */
export async function correspondenceInForce(ctx: HubContext, authorityAgencyId: string, at: Date) {
  const order = { orderBy: { effectiveFrom: 'desc', version: 'desc' } } as const;
  const where = { effectiveFrom: { $lte: at }, correspondence: { $ne: null } } as const;
  const own = await ctx.em.findOne(ThresholdPolicy, { authorityAgencyId, ...where }, order);
  return (own ?? (await ctx.em.findOne(ThresholdPolicy, { authorityAgencyId: null, ...where }, order)))?.correspondence ?? null;
}
