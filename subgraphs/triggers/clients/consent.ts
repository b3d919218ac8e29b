import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { GraphQLError } from 'graphql';
import type { HubContext } from '../../shared/context';
import type { DataCategory } from '../../shared/enums';
import { hubError, unavailable } from '../../../platform/errors';
import { logger } from '../../../platform/logger';
import { callOperation, operationText } from '../../shared/operation-client';
import {
  ActiveConsentDocument,
  AreaAgenciesDocument,
  AuthorityDocument,
  AuthorityLetterPartiesDocument,
  ConsentStatesDocument,
  IssueApplicationGrantsDocument,
  LetterPartiesDocument,
  RecordProcessingDocument,
  ReportAuthoritiesDocument,
  RevokeApplicationGrantsDocument,
  type ActiveConsentQuery,
  type AreaAgenciesQuery,
  type ConsentStatesQuery,
  type LetterPartiesQuery,
  type LetterPartiesQueryVariables,
} from './operations/consent.generated';

/**
 * What a letter needs from the consent subgraph, which owns Agency and Person: every agency's name
 * ("reported to Kent Police", never an id) and the addressee's name and address as the SPOC may
 * see them (access model v2: the SPOC's own record, else one it may see; a withheld value is left
 * out, never guessed). Asked with the acting person's own token, so the letter shows nothing the
 * SPOC could not read; one call per letter. If the consent subgraph cannot answer, the step fails
 * (SERVICE_UNAVAILABLE) and nothing is sent: a letter with ids instead of names is not sent.
 */
export interface LetterParties {
  agencyNames: Map<string, string>;
  addressee: { name: string | null; address: string | null; postcode: string | null } | null;
  /** The addressee's e-mail address as the reader may see it (the outbox sends by it), or null. */
  email: string | null;
}

/**
 * The same for a letter the authority sends without a SPOC at hand (the online form's CT1, with the
 * service credential): the addressee as the authority's own record holds them.
 */
export async function authorityLetterParties(ctx: HubContext, personId: string | null, authorityAgencyId: string): Promise<LetterParties> {
  let data;
  try {
    data = await callOperation('triggers', ctx.peers('consent'), AuthorityLetterPartiesDocument, { a: authorityAgencyId, p: personId }, ctx.requestId);
  } catch (err) {
    logger.warn({ err: String(err), requestId: ctx.requestId }, 'letter parties unavailable; the letter is not sent');
    throw unavailable('consent');
  }
  const p = data._letterParties.addressee;
  const name = [p?.givenName, p?.familyName].filter((v) => v && v.trim()).join(' ') || null;
  return {
    agencyNames: new Map(data._letterParties.agencies.map((a) => [a.id, a.name])),
    addressee: p && (name || p.address || p.postcode) ? { name, address: p.address ?? null, postcode: p.postcode ?? null } : null,
    email: p?.email?.trim() || null,
  };
}

export async function letterParties(ctx: HubContext, personId: string | null, token: string): Promise<LetterParties> {
  // Not callOperation: the SPOC's own token, and an answer that may stand beside errors (below).
  let body: { data?: Partial<LetterPartiesQuery> | null };
  const variables: LetterPartiesQueryVariables = { p: personId ?? '00000000-0000-4000-8000-000000000000', withPerson: !!personId };
  try {
    const res = await fetch(ctx.peers('consent'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': ctx.requestId },
      body: JSON.stringify({ query: operationText(LetterPartiesDocument), variables }),
      signal: AbortSignal.timeout(10_000),
    });
    body = (await res.json()) as typeof body;
  } catch (err) {
    logger.warn({ err: String(err), requestId: ctx.requestId }, 'letter parties unavailable; the letter is not sent');
    throw unavailable('consent');
  }
  // Withheld person fields arrive as null beside FORBIDDEN errors: the rest of the answer stands.
  if (!body.data?.agencies) throw unavailable('consent');
  const p = body.data.person;
  const name = [p?.givenName, p?.familyName].filter((v) => v && v.trim()).join(' ') || null;
  return {
    agencyNames: new Map(body.data.agencies.filter((a) => a.name).map((a) => [a.id, a.name])),
    addressee: p && (name || p.address || p.postcode) ? { name, address: p.address ?? null, postcode: p.postcode ?? null } : null,
    email: p?.email?.trim() || null,
  };
}

/**
 * The consent a Community Trigger application rests on, asked of the consent subgraph with the
 * service credential (`Query._activeConsent`, `@inaccessible`): the person's consent in force for
 * CASE_REVIEW naming the authority (only `consentId` when named); null when there is none. Fails
 * closed: if the consent subgraph cannot answer, the submission fails and nothing is recorded.
 */
export type ApplicationConsent = NonNullable<ActiveConsentQuery['_activeConsent']>;

async function consentCall<R, V extends Record<string, unknown>>(ctx: HubContext, what: string, doc: TypedDocumentNode<R, V>, variables: V): Promise<R> {
  try {
    return await callOperation('triggers', ctx.peers('consent'), doc, variables, ctx.requestId);
  } catch (err) {
    // The consent subgraph's own refusals (CONFLICT, BAD_USER_INPUT) pass through; anything else is unavailability.
    const code = (err as GraphQLError).extensions?.code;
    if (err instanceof GraphQLError && code && code !== 'INTERNAL_SERVER_ERROR') throw err;
    logger.error({ err: String(err), requestId: ctx.requestId }, `consent subgraph call failed: ${what}`);
    throw hubError('INTERNAL_SERVER_ERROR', 'The consent service could not be reached');
  }
}

export async function findApplicationConsent(
  ctx: HubContext,
  args: { personId: string; authorityAgencyId: string; consentId?: string | null },
): Promise<ApplicationConsent | null> {
  const data = await consentCall(ctx, 'active consent', ActiveConsentDocument, { p: args.personId, a: args.authorityAgencyId, c: args.consentId ?? null });
  return data._activeConsent;
}

/** The accepted application's grants for its authority (consent subgraph); returns how many were issued. */
export async function issueApplicationGrants(ctx: HubContext, args: { applicationId: string; consentId: string; authorityAgencyId: string }): Promise<number> {
  const data = await consentCall(ctx, 'issue application grants', IssueApplicationGrantsDocument, {
    app: args.applicationId,
    c: args.consentId,
    a: args.authorityAgencyId,
    by: ctx.caller.sub,
  });
  return data._issueApplicationGrants;
}

/** The application closed or is not pursued: its grants end (consent subgraph); returns how many. */
export async function revokeApplicationGrants(ctx: HubContext, applicationId: string, reason: string): Promise<number> {
  const data = await consentCall(ctx, 'revoke application grants', RevokeApplicationGrantsDocument, { app: applicationId, why: reason });
  return data._revokeApplicationGrants;
}

export type ConsentState = ConsentStatesQuery['_consentStates'][number];

/** Each consent's status now, batched per request (one call for every application read). */
export function consentStates(ctx: HubContext) {
  return ctx.loaders.get<string, ConsentState | null>('consent.states', async (ids) => {
    const data = await consentCall(ctx, 'consent states', ConsentStatesDocument, { ids: [...ids] });
    const byId = new Map(data._consentStates.map((s) => [s.id, s]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/**
 * A disclosure on record (DPA 2018 s.62): a letter leaving the hub is logged in the consent
 * subgraph's access log (`Mutation._recordProcessing`, service only) before the letter is written.
 * Fails closed: a letter whose disclosure cannot be logged is not issued (the step fails; retry).
 */
export interface DisclosureStep {
  personId: string | null;
  category: DataCategory;
  basis: string;
  justification: string;
  operation: string;
}

export async function recordDisclosures(ctx: HubContext, steps: DisclosureStep[]): Promise<void> {
  if (!steps.length) return;
  await consentCall(ctx, 'record disclosure', RecordProcessingDocument, {
    actor: { sub: ctx.caller.sub, agencyId: ctx.caller.agencyId, roles: ctx.caller.roles, requestId: ctx.requestId, subgraph: ctx.subgraph, purpose: 'CASE_MANAGEMENT' },
    steps: steps.map((s) => ({ ...s, action: 'DISCLOSE' as const })),
  });
}

/** Whether an agency is an authority (a council whose SPOC runs the Community Trigger), asked of the consent subgraph. */
export async function isAuthority(ctx: HubContext, agencyId: string): Promise<boolean> {
  const data = await consentCall(ctx, 'authority', AuthorityDocument, { a: agencyId });
  return !!data._onlineAuthority;
}

/** For each person, the authority whose SPOC hears of their reports (consent: `_reportAuthorities`), null when it cannot be told. */
export async function reportAuthorities(ctx: HubContext, people: Array<{ personId: string; agencyIds: string[] }>): Promise<Array<string | null>> {
  if (!people.length) return [];
  const data = await consentCall(ctx, 'report authorities', ReportAuthoritiesDocument, { people });
  return data._reportAuthorities;
}

export type AreaAgency = NonNullable<AreaAgenciesQuery['_onlineAuthority']>['agencies'][number];

/**
 * The agencies of an authority's area, the authority first (consent: `_onlineAuthority`, service
 * credential); empty when it is not an authority. Errors as callOperation: each caller decides
 * whether it can go on without them.
 */
export async function areaAgencies(ctx: HubContext, authorityId: string): Promise<AreaAgency[]> {
  const data = await callOperation('triggers', ctx.peers('consent'), AreaAgenciesDocument, { a: authorityId }, ctx.requestId);
  return data._onlineAuthority?.agencies ?? [];
}
