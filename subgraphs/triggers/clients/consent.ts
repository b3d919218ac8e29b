import { GraphQLError } from 'graphql';
import type { HubContext } from '../../shared/context';
import type { ConsentStatus } from '../../shared/enums';
import { hubError, unavailable } from '../../../platform/errors';
import { logger } from '../../../platform/logger';
import { callService } from '../../../platform/service-client';

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
  type Answer = { _letterParties: { agencies: Array<{ id: string; name: string }>; addressee: { givenName: string | null; familyName: string | null; address: string | null; postcode: string | null; email: string | null } | null } };
  let data: Answer;
  try {
    data = await callService<Answer>(
      'triggers',
      ctx.peers('consent'),
      `query($a: ID!, $p: ID) { _letterParties(authorityAgencyId: $a, personId: $p) { agencies { id name } addressee { givenName familyName address postcode email } } }`,
      { a: authorityAgencyId, p: personId },
      ctx.requestId,
    );
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
  const query = `query LetterParties($p: ID!, $withPerson: Boolean!) { agencies { id name }
    person(id: $p) @include(if: $withPerson) { givenName familyName address postcode email } }`;
  let body: {
    data?: { agencies?: Array<{ id: string; name: string | null }>; person?: { givenName: string | null; familyName: string | null; address: string | null; postcode: string | null; email?: string | null } | null };
  };
  try {
    const res = await fetch(ctx.peers('consent'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': ctx.requestId },
      body: JSON.stringify({ query, variables: { p: personId ?? '00000000-0000-4000-8000-000000000000', withPerson: !!personId } }),
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
    agencyNames: new Map(body.data.agencies.filter((a) => a.name).map((a) => [a.id, a.name!])),
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
export interface ApplicationConsent {
  id: string;
  personId: string;
  categories: string[];
  expiresAt: string | null;
}

async function consentCall<T>(ctx: HubContext, what: string, query: string, variables: Record<string, unknown>): Promise<T> {
  try {
    return await callService<T>('triggers', ctx.peers('consent'), query, variables, ctx.requestId);
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
  const data = await consentCall<{ _activeConsent: ApplicationConsent | null }>(
    ctx,
    'active consent',
    'query ActiveConsent($p: ID!, $a: ID!, $c: ID) { _activeConsent(personId: $p, authorityAgencyId: $a, purpose: CASE_REVIEW, consentId: $c) { id personId categories expiresAt } }',
    { p: args.personId, a: args.authorityAgencyId, c: args.consentId ?? null },
  );
  return data._activeConsent;
}

/** The accepted application's grants for its authority (consent subgraph); returns how many were issued. */
export async function issueApplicationGrants(ctx: HubContext, args: { applicationId: string; consentId: string; authorityAgencyId: string }): Promise<number> {
  const data = await consentCall<{ _issueApplicationGrants: number }>(
    ctx,
    'issue application grants',
    'mutation Grants($app: ID!, $c: ID!, $a: ID!, $by: String!) { _issueApplicationGrants(applicationId: $app, consentId: $c, authorityAgencyId: $a, issuedBy: $by) }',
    { app: args.applicationId, c: args.consentId, a: args.authorityAgencyId, by: ctx.caller.sub },
  );
  return data._issueApplicationGrants;
}

/** The application closed or is not pursued: its grants end (consent subgraph); returns how many. */
export async function revokeApplicationGrants(ctx: HubContext, applicationId: string, reason: string): Promise<number> {
  const data = await consentCall<{ _revokeApplicationGrants: number }>(
    ctx,
    'revoke application grants',
    'mutation Revoke($app: ID!, $why: String!) { _revokeApplicationGrants(applicationId: $app, reason: $why) }',
    { app: applicationId, why: reason },
  );
  return data._revokeApplicationGrants;
}

export interface ConsentState {
  id: string;
  status: ConsentStatus;
  withdrawnAt: string | null;
  expiresAt: string | null;
}

/** Each consent's status now, batched per request (one call for every application read). */
export function consentStates(ctx: HubContext) {
  return ctx.loaders.get<string, ConsentState | null>('consent.states', async (ids) => {
    const data = await consentCall<{ _consentStates: ConsentState[] }>(
      ctx,
      'consent states',
      'query States($ids: [ID!]!) { _consentStates(ids: $ids) { id status withdrawnAt expiresAt } }',
      { ids: [...ids] },
    );
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
  category: string;
  basis: string;
  justification: string;
  operation: string;
}

const RECORD_PROCESSING = `mutation($actor: ProcessingActorInput!, $steps: [ProcessingStepInput!]!) { _recordProcessing(actor: $actor, steps: $steps) }`;

export async function recordDisclosures(ctx: HubContext, steps: DisclosureStep[]): Promise<void> {
  if (!steps.length) return;
  await consentCall(ctx, 'record disclosure', RECORD_PROCESSING, {
    actor: { sub: ctx.caller.sub, agencyId: ctx.caller.agencyId, roles: ctx.caller.roles, requestId: ctx.requestId, subgraph: ctx.subgraph, purpose: 'CASE_MANAGEMENT' },
    steps: steps.map((s) => ({ ...s, action: 'DISCLOSE' })),
  });
}

/** Whether an agency is an authority (a council whose SPOC runs the Community Trigger), asked of the consent subgraph. */
export async function isAuthority(ctx: HubContext, agencyId: string): Promise<boolean> {
  const data = await consentCall<{ _onlineAuthority: { id: string } | null }>(ctx, 'authority', 'query Authority($a: ID!) { _onlineAuthority(authorityId: $a) { id } }', { a: agencyId });
  return !!data._onlineAuthority;
}

/** For each person, the authority whose SPOC hears of their reports (consent: `_reportAuthorities`), null when it cannot be told. */
export async function reportAuthorities(ctx: HubContext, people: Array<{ personId: string; agencyIds: string[] }>): Promise<Array<string | null>> {
  if (!people.length) return [];
  const data = await consentCall<{ _reportAuthorities: Array<string | null> }>(
    ctx,
    'report authorities',
    'query ReportAuthorities($people: [ReportedPersonAgenciesInput!]!) { _reportAuthorities(people: $people) }',
    { people },
  );
  return data._reportAuthorities;
}
