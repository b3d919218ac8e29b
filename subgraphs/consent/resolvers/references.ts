import type { HubContext } from '../../shared/context';
import { byIdLoader } from '../../shared/loaders';
import { Agency } from '../entities/Agency';
import { AccessGrant } from '../entities/AccessGrant';
import { Consent } from '../entities/Consent';
import { personById } from './PersonResolver';

/** `_entities` lookups for the types this subgraph owns: one batched query per type per request. */
export const referenceResolvers = {
  // With its records and the caller's decision facts in the same statement when decisions are asked (PersonResolver.ts).
  Person: { __resolveReference: (ref: { id: string }, ctx: HubContext) => personById(ctx, ref.id) },
  Agency: { __resolveReference: (ref: { id: string }, ctx: HubContext) => byIdLoader(ctx, Agency).load(ref.id) },
  Consent: { __resolveReference: (ref: { id: string }, ctx: HubContext) => byIdLoader(ctx, Consent).load(ref.id) },
  AccessGrant: { __resolveReference: (ref: { id: string }, ctx: HubContext) => byIdLoader(ctx, AccessGrant).load(ref.id) },
};
