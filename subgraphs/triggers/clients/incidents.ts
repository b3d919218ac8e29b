import { signServiceToken } from '../../shared/auth';
import { hubError } from '../../shared/errors';
import { logger } from '../../shared/logger';
import { peerUrl } from '../../shared/peers';
import type { CandidateIncident } from '../rules/threshold';

/**
 * The incidents subgraph, called directly (not through the gateway) with the hub's service
 * credential: `Query.thresholdIncidents` is @inaccessible and allowed only to services.
 */
const QUERY = `query ThresholdIncidents($personId: ID!, $since: DateTimeISO!, $until: DateTimeISO!, $includeNearby: Boolean!) {
  thresholdIncidents(personId: $personId, since: $since, until: $until, includeNearby: $includeNearby) {
    id source agencyId sourceRef category subType occurredAt reportedAt lsoaCode reporterPersonId personIds
    actions { at action by }
  }
}`;

interface Row extends Omit<CandidateIncident, 'occurredAt' | 'reportedAt'> {
  occurredAt: string;
  reportedAt: string;
}

export async function fetchThresholdIncidents(args: { personId: string; since: Date; until: Date; includeNearby: boolean; requestId?: string }): Promise<CandidateIncident[]> {
  const res = await fetch(peerUrl('incidents'), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await signServiceToken('triggers')}`,
      ...(args.requestId ? { 'x-request-id': args.requestId } : {}),
    },
    body: JSON.stringify({
      query: QUERY,
      variables: { personId: args.personId, since: args.since.toISOString(), until: args.until.toISOString(), includeNearby: args.includeNearby },
    }),
  });
  const body = (await res.json().catch(() => ({}))) as { data?: { thresholdIncidents?: Row[] }; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  if (!res.ok || body.errors?.length || !body.data?.thresholdIncidents) {
    logger.error({ status: res.status, codes: body.errors?.map((e) => e.extensions?.code) }, 'incidents subgraph refused the threshold query');
    throw hubError('INTERNAL_SERVER_ERROR', 'The incidents service could not be reached');
  }
  return body.data.thresholdIncidents.map((r) => ({ ...r, occurredAt: new Date(r.occurredAt), reportedAt: new Date(r.reportedAt) }));
}
