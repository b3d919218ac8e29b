import type { HubContext } from '../../shared/context';
import { byIdLoader } from '../../shared/loaders';
import { CaseReview } from '../entities/CaseReview';

/** `_entities` lookups: one batched query per request. */
export const referenceResolvers = {
  CaseReview: { __resolveReference: (ref: { id: string }, ctx: HubContext) => byIdLoader(ctx, CaseReview).load(ref.id) },
};
