import { DataCategory, type IncidentSource } from '../../shared/enums';
import { forbidden } from '../../../platform/errors';
import { callOperation } from '../../shared/operation-client';
import { AgencyKindDocument, EnsureAgencyDocument, RecordIncidentProcessingDocument, ResolvePeopleDocument, type AgencyKind } from '../clients/operations/consent.generated';
import type { ReportedPerson } from './records';

/**
 * The incidents subgraph's calls to the consent subgraph (service credential, `@inaccessible`
 * fields; the operations: clients/operations/consent.graphql). Kept behind this small interface so
 * that ingestion can be given another in tests.
 */
export type AgencyKindName = AgencyKind;

export interface ConsentClient {
  /** One call: each person's Person id, in order; `agencyId` becomes a controller of each. */
  resolvePeople(agencyId: string, people: ReportedPerson[]): Promise<string[]>;
  agencyKind(agencyId: string): Promise<AgencyKindName | null>;
  ensureAgency(agency: { id: string; name: string; kind: AgencyKindName; area: string }): Promise<AgencyKindName>;
}

const KIND_TTL_MS = 5 * 60_000;
/** The consent subgraph's limit per serviceResolvePeople call (its ServicePeopleResolver.ts). */
const RESOLVE_MAX = 5_000;
const kinds = new Map<string, { kind: AgencyKindName | null; at: number }>();

/** The consent subgraph at `url()` (the request context's peers, or the one the importer started). */
export const consentClient = (url: () => string): ConsentClient => ({
  async resolvePeople(agencyId, people) {
    const ids: string[] = [];
    // The consent subgraph takes at most RESOLVE_MAX people a call (a bulk batch may name more).
    for (let start = 0; start < people.length; start += RESOLVE_MAX) {
      const data = await callOperation('incidents', url(), ResolvePeopleDocument, {
        agencyId,
        // Only people with both names are sent to be resolved (submit.ts keeps the others back).
        people: people
          .slice(start, start + RESOLVE_MAX)
          .map((p) => ({ givenName: p.givenName!, familyName: p.familyName!, dateOfBirth: p.dateOfBirth, postcode: p.postcode, address: p.address })),
      });
      ids.push(...data.serviceResolvePeople);
    }
    return ids;
  },
  async agencyKind(agencyId) {
    const key = `${url()}|${agencyId}`;
    const hit = kinds.get(key);
    if (hit && Date.now() - hit.at < KIND_TTL_MS) return hit.kind;
    const data = await callOperation('incidents', url(), AgencyKindDocument, { id: agencyId });
    // Unknown agencies are not cached: one may be registered at any moment.
    if (data.serviceAgencyKind) kinds.set(key, { kind: data.serviceAgencyKind, at: Date.now() });
    return data.serviceAgencyKind;
  },
  async ensureAgency(agency) {
    const data = await callOperation('incidents', url(), EnsureAgencyDocument, { input: agency });
    kinds.set(`${url()}|${agency.id}`, { kind: data.serviceEnsureAgency, at: Date.now() });
    return data.serviceEnsureAgency;
  },
});

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


/**
 * Puts a submission's collection of incident detail on record in the consent subgraph's access log
 * (`Mutation._recordProcessing`, service only), one step per person and action.
 */
export async function recordIncidentProcessing(
  url: string,
  actor: { sub: string; agencyId: string; roles: string[]; requestId?: string | null; subgraph: string },
  steps: Array<{ personId: string; action: 'COLLECT' | 'ALTER'; incidents: number }>,
  operation: string,
): Promise<void> {
  // The consent subgraph takes at most RECORD_MAX steps a call: one call for any batch but the largest.
  for (let start = 0; start < steps.length; start += RECORD_MAX) {
    await callOperation(
      'incidents',
      url,
      RecordIncidentProcessingDocument,
      {
        actor: { ...actor, requestId: actor.requestId ?? null, purpose: 'CASE_MANAGEMENT' },
        steps: steps.slice(start, start + RECORD_MAX).map((s) => ({
          personId: s.personId, category: DataCategory.INCIDENT_DETAIL, action: s.action, basis: 'controller', operation,
          justification: `${actor.agencyId} ${s.action === 'COLLECT' ? 'supplied' : 'updated'} ${s.incidents} incident report(s) naming the person`,
        })),
      },
      actor.requestId ?? undefined,
    );
  }
}
/** The consent subgraph's limit per _recordProcessing call (its ProcessingResolver.ts). */
const RECORD_MAX = 10_000;
