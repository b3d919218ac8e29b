import { GraphQLError } from 'graphql';
import { hubError, unavailable } from '../../../platform/errors';
import { logger } from '../../../platform/logger';
import { callOperation } from '../../shared/operation-client';
import type { CandidateIncident } from '../rules/threshold';
import { ThresholdIncidentsDocument } from './operations/incidents.generated';

/**
 * The incidents subgraph, called directly (not through the gateway) with the hub's service
 * credential: `Query.thresholdIncidents` is @inaccessible and allowed only to services. The
 * operation and its types: operations/incidents.graphql.
 */
export async function fetchThresholdIncidents(
  url: string,
  args: { personId: string; since: Date; until: Date; includeNearby: boolean; nearbySince?: Date; requestId?: string },
): Promise<CandidateIncident[]> {
  try {
    const data = await callOperation(
      'triggers',
      url,
      ThresholdIncidentsDocument,
      {
        personId: args.personId,
        since: args.since.toISOString(),
        until: args.until.toISOString(),
        includeNearby: args.includeNearby,
        nearbySince: args.nearbySince?.toISOString() ?? null,
      },
      args.requestId,
    );
    return data.thresholdIncidents.map((r) => ({ ...r, occurredAt: new Date(r.occurredAt), reportedAt: new Date(r.reportedAt) }));
  } catch (err) {
    // Unreachable (or its database down): say so, so the SPOC knows a retry will do; nothing was stored.
    if (err instanceof GraphQLError && err.extensions.code === 'SERVICE_UNAVAILABLE') throw unavailable('incidents');
    logger.error({ err: String(err) }, 'incidents subgraph refused the threshold query');
    throw hubError('INTERNAL_SERVER_ERROR', 'The incidents service could not be reached');
  }
}
