import type { HubContext } from '../../shared/context';
import { byIdLoader } from '../../shared/loaders';
import { Incident } from '../entities/Incident';

/** `_entities` lookups: one batched query per request. */
export const referenceResolvers = {
  Incident: { __resolveReference: (ref: { id: string }, ctx: HubContext) => byIdLoader(ctx, Incident).load(ref.id) },
};
