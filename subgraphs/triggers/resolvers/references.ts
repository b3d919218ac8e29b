import type { HubContext } from '../../shared/context';
import { byIdLoader } from '../../shared/loaders';
import { Letter } from '../entities/Letter';
import { ThresholdEvaluation } from '../entities/ThresholdEvaluation';
import { ThresholdPolicy } from '../entities/ThresholdPolicy';
import { TriggerApplication } from '../entities/TriggerApplication';

/** `_entities` lookups: one batched query per type per request. */
export const referenceResolvers = {
  TriggerApplication: {
    __resolveReference: (ref: { id: string }, ctx: HubContext) => byIdLoader(ctx, TriggerApplication).load(ref.id),
  },
  ThresholdPolicy: { __resolveReference: (ref: { id: string }, ctx: HubContext) => byIdLoader(ctx, ThresholdPolicy).load(ref.id) },
  ThresholdEvaluation: { __resolveReference: (ref: { id: string }, ctx: HubContext) => byIdLoader(ctx, ThresholdEvaluation).load(ref.id) },
  Letter: { __resolveReference: (ref: { id: string }, ctx: HubContext) => byIdLoader(ctx, Letter).load(ref.id) },
};
