import type { HubContext } from '../../shared/context';
import { byIdLoader } from '../../shared/loaders';
import { TriggerApplication } from '../entities/TriggerApplication';

/** `_entities` lookups: one batched query per request. */
export const referenceResolvers = {
  TriggerApplication: {
    __resolveReference: (ref: { id: string }, ctx: HubContext) => byIdLoader(ctx, TriggerApplication).load(ref.id),
  },
};
