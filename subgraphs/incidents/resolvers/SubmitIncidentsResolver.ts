import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { IncidentSource } from '../../shared/enums';
import { forbidden } from '../../../platform/errors';
import { logger } from '../../../platform/logger';
import { assertSourceOfAgency, consentClient, recordIncidentProcessing } from '../ingest/consent-client';
import { ingestIncidents, type IngestDeps } from '../ingest/submit';
import { ingestBulk } from '../ingest/bulk';
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
    const { own, deps } = await ingestDeps(ctx, source, agencyId, 'submitIncidents');
    const result = await ingestIncidents(deps, { agencyId: own, source, records });
    logger.debug(
      { requestId: ctx.requestId, agencyId: own, source, accepted: result.accepted, updated: result.updated, unchanged: result.unchanged, rejected: result.rejected.length },
      'incidents submitted',
    );
    return result;
  }

  @Mutation(() => SubmitIncidentsResult, {
    description:
      "Bulk upsert (at most 5,000 records, one IncidentInput JSON object a line) for the caller's agency: the same validation, idempotence and linking as submitIncidents, without GraphQL checking each field",
  })
  async submitIncidentsBulk(
    @Arg('source', () => IncidentSource) source: IncidentSource,
    @Arg('ndjson', () => String, { description: 'NDJSON: one IncidentInput object a line; a rejected record is named by its position among non-blank lines' }) ndjson: string,
    @Ctx() ctx: HubContext,
    @Arg('agencyId', () => ID, { nullable: true, description: "Must be the token's own agency when given" }) agencyId?: string | null,
  ): Promise<SubmitIncidentsResult> {
    const { own, deps } = await ingestDeps(ctx, source, agencyId, 'submitIncidentsBulk');
    const result = await ingestBulk(deps, { agencyId: own, source, ndjson });
    logger.debug(
      { requestId: ctx.requestId, agencyId: own, source, accepted: result.accepted, updated: result.updated, unchanged: result.unchanged, rejected: result.rejected.length },
      'incidents submitted in bulk',
    );
    return result;
  }
}

/** What both mutations need: the caller's own agency (checked against the source), the access log, the triggers' notice. */
async function ingestDeps(ctx: HubContext, source: IncidentSource, agencyId: string | null | undefined, field: string): Promise<{ own: string; deps: IngestDeps }> {
  const own = ctx.caller.agencyId;
  if (agencyId && agencyId !== own) throw forbidden('A contributor submits only for its own agency', { agencyId });
  const consent = consentClient(() => ctx.peers('consent'));
  await assertSourceOfAgency(consent, own, source);
  const actor = { sub: ctx.caller.sub, agencyId: own, roles: ctx.caller.roles, requestId: ctx.requestId, subgraph: ctx.subgraph };
  const audit = (steps: Parameters<typeof recordIncidentProcessing>[2]) =>
    recordIncidentProcessing(ctx.peers('consent'), actor, steps, `${ctx.clientOperation ?? `mutation ${field}`} / ${field}`);
  const knex = ctx.em.getConnection().getKnex();
  // A second report within six months asks the authority's SPOC to explain the Case Review (triggers).
  const landed = (reporters: string[]) => reportsLanded(knex, ctx.peers('triggers'), reporters, ctx.requestId);
  return { own, deps: { knex, consent, audit, landed } };
}
