import { GraphQLError } from 'graphql';
import { hubError, unavailable } from '../../../platform/errors';
import { logger } from '../../../platform/logger';
import { callService } from '../../../platform/service-client';
import type { CandidateIncident } from '../rules/threshold';

/**
 * The incidents subgraph, called directly (not through the gateway) with the hub's service
 * credential: `Query.thresholdIncidents` is @inaccessible and allowed only to services.
 */
const QUERY = `query ThresholdIncidents($personId: ID!, $since: DateTimeISO!, $until: DateTimeISO!, $includeNearby: Boolean!, $nearbySince: DateTimeISO) {
  thresholdIncidents(personId: $personId, since: $since, until: $until, includeNearby: $includeNearby, nearbySince: $nearbySince) {
    id source agencyId sourceRef category subType occurredAt reportedAt lsoaCode reporterPersonId personIds clusterId
    actions { at action by }
  }
}`;

interface Row extends Omit<CandidateIncident, 'occurredAt' | 'reportedAt'> {
  occurredAt: string;
  reportedAt: string;
}

export async function fetchThresholdIncidents(
  url: string,
  args: { personId: string; since: Date; until: Date; includeNearby: boolean; nearbySince?: Date; requestId?: string },
): Promise<CandidateIncident[]> {
  try {
    const data = await callService<{ thresholdIncidents: Row[] }>(
      'triggers',
      url,
      QUERY,
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
