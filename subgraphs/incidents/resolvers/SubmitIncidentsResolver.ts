import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { IncidentSource } from '../../shared/enums';
import { forbidden } from '../../shared/errors';
import { logger } from '../../shared/logger';
import { consentClient, type ConsentClient } from '../ingest/consent-client';
import { ingestIncidents } from '../ingest/submit';
import { IncidentInput, SubmitIncidentsResult } from './inputs';

/**
 * Checks that the agency may submit records of this source: it must be a known agency of the
 * same kind (a police force submits POLICE records, and so on). The kind is the consent
 * subgraph's (Agency.kind), asked through a service call and cached for a few minutes.
 */
export async function assertSourceOfAgency(consent: Pick<ConsentClient, 'agencyKind'>, agencyId: string, source: IncidentSource): Promise<void> {
  const kind = await consent.agencyKind(agencyId);
  if (!kind) throw forbidden('The agency of the token is not a registered agency', { agencyId });
  if (kind !== source) throw forbidden(`An agency of kind ${kind} cannot submit ${source} records`, { agencyId, source });
}

@Resolver()
export class SubmitIncidentsResolver {
  @Mutation(() => SubmitIncidentsResult, {
    description: "Batch upsert (at most 1,000 records) for the caller's agency, idempotent on its sourceRef; bad records are rejected one by one",
  })
  async submitIncidents(
    @Arg('source', () => IncidentSource) source: IncidentSource,
    @Arg('records', () => [IncidentInput]) records: IncidentInput[],
    @Ctx() ctx: HubContext,
    @Arg('agencyId', () => ID, { nullable: true, description: "Must be the token's own agency when given" }) agencyId?: string | null,
  ): Promise<SubmitIncidentsResult> {
    const own = ctx.caller.agencyId;
    if (agencyId && agencyId !== own) throw forbidden('A contributor submits only for its own agency', { agencyId });
    await assertSourceOfAgency(consentClient, own, source);
    const result = await ingestIncidents({ knex: ctx.em.getConnection().getKnex(), consent: consentClient }, { agencyId: own, source, records });
    logger.info(
      { requestId: ctx.requestId, agencyId: own, source, accepted: result.accepted, updated: result.updated, unchanged: result.unchanged, rejected: result.rejected.length },
      'incidents submitted',
    );
    return result;
  }
}
