import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { IncidentSource } from '../../shared/enums';
import { forbidden } from '../../../platform/errors';
import { logger } from '../../../platform/logger';
import { assertSourceOfAgency, consentClient, recordIncidentProcessing } from '../ingest/consent-client';
import { ingestIncidents } from '../ingest/submit';
import { reportsLanded } from '../ingest/landed';
import { IncidentInput, SubmitIncidentsResult } from './inputs';

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
    const consent = consentClient(() => ctx.peers('consent'));
    await assertSourceOfAgency(consent, own, source);
    const actor = { sub: ctx.caller.sub, agencyId: own, roles: ctx.caller.roles, requestId: ctx.requestId, subgraph: ctx.subgraph };
    const audit = (steps: Parameters<typeof recordIncidentProcessing>[2]) =>
      recordIncidentProcessing(ctx.peers('consent'), actor, steps, `${ctx.clientOperation ?? 'mutation submitIncidents'} / submitIncidents`);
    const knex = ctx.em.getConnection().getKnex();
    // A second report within six months asks the authority's SPOC to explain the Case Review (triggers).
    const landed = (reporters: string[]) => reportsLanded(knex, ctx.peers('triggers'), reporters, ctx.requestId);
    const result = await ingestIncidents({ knex, consent, audit, landed }, { agencyId: own, source, records });
    logger.debug(
      { requestId: ctx.requestId, agencyId: own, source, accepted: result.accepted, updated: result.updated, unchanged: result.unchanged, rejected: result.rejected.length },
      'incidents submitted',
    );
    return result;
  }
}
