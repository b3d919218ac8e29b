import { createHmac, timingSafeEqual } from 'node:crypto';
import { Kind, parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { SignJWT, jwtVerify, createRemoteJWKSet, decodeJwt, type JWTPayload } from 'jose';
import { config, parseDuration, type HubConfig } from './config';
import { hubError, unauthenticated } from './errors';
import { logger } from './logger';

/**
 * Bearer-token authentication, done by the gateway and again by every subgraph.
 *
 * People and partner systems carry a JWT with `sub`, `agency` and `roles`. In development and tests
 * it is HS256 with JWT_SECRET (mint one with `npm run token`); in production set JWKS_URL and the
 * hub verifies RS256 tokens from the identity provider's key set. Subgraphs calling each other use a
 * separate service credential (HS256 with SERVICE_SECRET, issuer `<JWT_ISSUER>-service`) that no
 * user token can imitate. Every token must carry `exp`, and live no longer than TOKEN_MAX_LIFETIME.
 */
export const ROLES = ['contributor', 'spoc', 'reviewer', 'dpo', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Caller {
  /** The user or system id (`sub`). */
  sub: string;
  /** The agency the caller acts for (`agency` claim); a service credential has `hub`. */
  agencyId: string;
  roles: Role[];
  /** Set when the caller is another subgraph of the hub. */
  service?: string;
  /** The raw token, forwarded on service-to-service calls. */
  token: string;
}

const enc = (s: string) => new TextEncoder().encode(s);
const serviceIssuer = (c: HubConfig = config()) => `${c.JWT_ISSUER}-service`;

const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
function keySet(url: string) {
  let set = keySets.get(url);
  if (!set) keySets.set(url, (set = createRemoteJWKSet(new URL(url), { cacheMaxAge: 10 * 60_000 })));
  return set;
}

/** Mints a development token; a `ttl` (e.g. `1h`, `30m`, seconds) beyond TOKEN_MAX_LIFETIME is refused. */
export async function signToken(opts: { sub: string; agency: string; roles: Role[]; ttl?: string }): Promise<string> {
  const c = config();
  const ttl = parseDuration(opts.ttl ?? '1h');
  if (ttl === undefined || ttl < 1) throw new Error('ttl must be a duration such as 1h, 30m or 3600');
  if (ttl > c.TOKEN_MAX_LIFETIME) throw new Error(`ttl exceeds TOKEN_MAX_LIFETIME (${c.TOKEN_MAX_LIFETIME} s)`);
  return new SignJWT({ agency: opts.agency, roles: opts.roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(opts.sub)
    .setIssuer(c.JWT_ISSUER)
    .setAudience(c.JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttl}s`)
    .sign(enc(c.JWT_SECRET));
}

/** A short-lived credential a subgraph presents to another (e.g. to the policy decision point). */
export async function signServiceToken(service: string): Promise<string> {
  const c = config();
  return new SignJWT({ agency: 'hub', roles: [], service })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(`service:${service}`)
    .setIssuer(serviceIssuer())
    .setAudience(c.JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(enc(c.SERVICE_SECRET));
}

/**
 * `exp` is required and bounds the token's life: exp − iat (exp − now without iat, or when iat lies
 * in the future) must not exceed TOKEN_MAX_LIFETIME, so a leaked token cannot be good for months.
 */
function checkLifetime(payload: JWTPayload, c: HubConfig) {
  if (typeof payload.exp !== 'number') throw unauthenticated('Token lacks exp');
  const now = Math.floor(Date.now() / 1000);
  const from = typeof payload.iat === 'number' ? Math.min(payload.iat, now) : now;
  if (payload.exp - from > c.TOKEN_MAX_LIFETIME) throw unauthenticated('Token lifetime exceeds the maximum allowed');
}

function toCaller(payload: JWTPayload, token: string, service?: string): Caller {
  const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is Role => ROLES.includes(r as Role)) : [];
  if (typeof payload.sub !== 'string' || typeof payload.agency !== 'string') throw unauthenticated('Token lacks sub or agency');
  if (!service && roles.length === 0) throw unauthenticated('Token carries no known role');
  return { sub: payload.sub, agencyId: payload.agency, roles, service, token };
}

/**
 * Tokens verified lately: a caller sends the same token with every request (and the gateway forwards
 * it to each subgraph it asks), so its signature is checked once, not on every request. An entry
 * lasts until the token's `exp` and at most VERIFIED_FOR_MS (a key withdrawn from the identity
 * provider's set stops being honoured within that), and only for the configuration it was checked
 * under; only tokens that passed every check are kept, so a refusal is decided afresh each time.
 */
const VERIFIED_FOR_MS = 60_000;
const MAX_VERIFIED = 10_000;
const verified = new Map<string, { caller: Caller; until: number; config: HubConfig }>();

export async function verifyToken(token: string, c: HubConfig = config()): Promise<Caller> {
  const hit = verified.get(token);
  if (hit && hit.config === c && hit.until > Date.now()) return { ...hit.caller, roles: [...hit.caller.roles] };
  const caller = await verifySignature(token, c);
  const exp = (decodeJwt(token).exp ?? 0) * 1000;
  if (verified.size >= MAX_VERIFIED) verified.clear();
  verified.set(token, { caller: { ...caller, roles: [...caller.roles] }, until: Math.min(exp, Date.now() + VERIFIED_FOR_MS), config: c });
  return caller;
}

async function verifySignature(token: string, c: HubConfig): Promise<Caller> {
  let claims: JWTPayload;
  try {
    claims = decodeJwt(token);
  } catch {
    throw unauthenticated('Malformed bearer token');
  }
  try {
    if (claims.iss === serviceIssuer(c)) {
      const { payload } = await jwtVerify(token, enc(c.SERVICE_SECRET), {
        issuer: serviceIssuer(c),
        audience: c.JWT_AUDIENCE,
        algorithms: ['HS256'],
      });
      if (typeof payload.service !== 'string') throw unauthenticated('Service token names no service');
      checkLifetime(payload, c);
      return toCaller(payload, token, payload.service);
    }
    const { payload } = c.JWKS_URL
      ? await jwtVerify(token, keySet(c.JWKS_URL), {
          issuer: c.JWT_ISSUER,
          audience: c.JWT_AUDIENCE,
          algorithms: ['RS256'],
        })
      : await jwtVerify(token, enc(c.JWT_SECRET), { issuer: c.JWT_ISSUER, audience: c.JWT_AUDIENCE, algorithms: ['HS256'] });
    checkLifetime(payload, c);
    return toCaller(payload, token);
  } catch (err) {
    if (err instanceof Error && 'extensions' in err) throw err;
    throw unauthenticated('Invalid or expired bearer token');
  }
}

/** Reads `Authorization: Bearer <jwt>`; anything else is UNAUTHENTICATED. */
export async function authenticate(authorization: string | undefined, c: HubConfig = config()): Promise<Caller> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) throw unauthenticated();
  return verifyToken(match[1], c);
}

/**
 * A caller without a token: no role, no agency. It may reach only the operations the catalogue
 * marks `public` (platform/catalogue.ts; published figures): the permission layer allows those for
 * anyone and refuses it everything else (every other rule asks for a role or a service credential).
 */
export const ANONYMOUS: Caller = Object.freeze({ sub: 'anonymous', agencyId: '', roles: [], token: '' }) as Caller;
export const isAnonymous = (caller: Caller) => caller === ANONYMOUS;

/**
 * Whether a GraphQL request asks only for public root fields (`publicFields`, from the catalogue)
 * of a query: every top-level selection a plain field among them (or `__typename`). Anything else
 * (a mutation, a fragment at the top, a parse error) is not public.
 */
export function asksOnlyPublic(body: unknown, publicFields: ReadonlySet<string>): boolean {
  if (!publicFields.size || !body || typeof body !== 'object') return false;
  const { query, operationName } = body as { query?: unknown; operationName?: unknown };
  if (typeof query !== 'string' || query.length > 10_000) return false;
  let doc: DocumentNode;
  try {
    doc = parse(query, { maxTokens: 500 });
  } catch {
    return false;
  }
  const ops = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const op = typeof operationName === 'string' && operationName ? ops.find((o) => o.name?.value === operationName) : ops.length === 1 ? ops[0] : undefined;
  if (!op || op.operation !== 'query') return false;
  return op.selectionSet.selections.every((s) => s.kind === Kind.FIELD && (s.name.value === '__typename' || publicFields.has(s.name.value)));
}

/**
 * Authentication where some operations are public: no Authorization header at all and a request
 * for public fields only gives ANONYMOUS; anything else is `authenticate` (UNAUTHENTICATED without a token).
 */
export async function authenticateOrPublic(authorization: string | undefined, body: unknown, publicFields: ReadonlySet<string>, c: HubConfig = config()): Promise<Caller> {
  if (!authorization && asksOnlyPublic(body, publicFields)) return ANONYMOUS;
  return authenticate(authorization, c);
}

/**
 * The client's operation name ("query Name") travels from the gateway to the subgraphs for the
 * access log, with an HMAC (SERVICE_SECRET) over the name and the caller's authorization header:
 * a subgraph records a name only when the gateway signed it for this caller, so that a caller
 * going straight to a subgraph cannot choose what the log says it did.
 */
export const CLIENT_OPERATION_HEADER = 'x-client-operation';
export const CLIENT_OPERATION_SIGNATURE_HEADER = 'x-client-operation-signature';

function operationMac(operation: string, authorization: string, c: HubConfig): Buffer {
  return createHmac('sha256', c.SERVICE_SECRET).update('client-operation\0').update(operation).update('\0').update(authorization).digest();
}

export function signClientOperation(operation: string, authorization: string, c: HubConfig = config()): string {
  return operationMac(operation, authorization, c).toString('base64url');
}

export function verifyClientOperation(operation: string | undefined, signature: string | undefined, authorization: string | undefined, c: HubConfig = config()): boolean {
  if (!operation || !signature || authorization === undefined) return false;
  const given = Buffer.from(signature, 'base64url');
  const expected = operationMac(operation, authorization, c);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Which agencies the hub knows (the consent subgraph's `agency` table). A token naming any other
 * agency gets FORBIDDEN everywhere but the health checks. Known agencies are remembered for
 * AGENCY_CACHE_SECONDS, so a request costs no lookup after the first; unknown ones are asked again
 * each time, since agencies are registered while the hub runs (e.g. police-uk ingestion). When the
 * lookup fails, an agency known before stays known (agencies are never removed); a new one is
 * refused as SERVICE_UNAVAILABLE (fail closed).
 */
export interface AgencyDirectory {
  isKnown(agencyId: string): Promise<boolean>;
  /** Lookups sent so far (cache misses), for tests and benchmarks. */
  lookups(): number;
}

export function agencyDirectory(lookup: (agencyId: string) => Promise<boolean>, ttlMs: number = config().AGENCY_CACHE_SECONDS * 1000): AgencyDirectory {
  const knownUntil = new Map<string, number>();
  const inFlight = new Map<string, Promise<boolean>>();
  let lookups = 0;
  return {
    lookups: () => lookups,
    async isKnown(agencyId) {
      const until = knownUntil.get(agencyId);
      if (until !== undefined && until > Date.now()) return true;
      let pending = inFlight.get(agencyId);
      if (!pending) {
        lookups++;
        pending = lookup(agencyId)
          .then(
            (known) => {
              if (known) knownUntil.set(agencyId, Date.now() + ttlMs);
              else knownUntil.delete(agencyId);
              return known;
            },
            (err) => {
              logger.warn({ err: String(err) }, 'agency lookup failed');
              if (until !== undefined) return true;
              throw hubError('SERVICE_UNAVAILABLE', 'The agency of the token cannot be checked now; try again shortly', {}, 503);
            },
          )
          .finally(() => inFlight.delete(agencyId));
        inFlight.set(agencyId, pending);
      }
      return pending;
    },
  };
}

/** Refuses a user token whose agency the hub does not know (service credentials are the hub's own). */
export async function assertKnownAgency(caller: Caller, directory: AgencyDirectory, requestId: string): Promise<void> {
  if (caller.service || isAnonymous(caller)) return;
  if (await directory.isKnown(caller.agencyId)) return;
  throw hubError('FORBIDDEN', 'The agency named by the token is not known to the hub', { reason: 'denied', requestId }, 403);
}
