import type { HubContext } from '../../shared/context';
import { callOperation } from '../../shared/operation-client';
import type { retentionErasures } from '../rules/retention';
import { RecordIncidentProcessingDocument } from './operations/consent.generated';

/** Steps per call, so that a large run stays within one request's reasonable size. */
const BATCH = 1_000;

/**
 * A retention run's erasures put on record in the consent subgraph's access log
 * (`Mutation._recordProcessing`, service only), by the DPO who ran it, for RETENTION. Errors as
 * callOperation (SERVICE_UNAVAILABLE naming consent when it cannot be reached), so the caller
 * anonymises nothing unless every batch was logged.
 */
export async function recordRetentionErasures(ctx: HubContext, steps: ReturnType<typeof retentionErasures>): Promise<void> {
  const actor = { sub: ctx.caller.sub, agencyId: ctx.caller.agencyId, roles: ctx.caller.roles, requestId: ctx.requestId, subgraph: 'incidents', purpose: 'RETENTION' };
  for (let i = 0; i < steps.length; i += BATCH) {
    await callOperation('incidents', ctx.peers('consent'), RecordIncidentProcessingDocument, { actor, steps: steps.slice(i, i + BATCH) }, ctx.requestId);
  }
}
