import { SignJWT, jwtVerify, createRemoteJWKSet, decodeJwt, type JWTPayload } from 'jose';
import { config, type HubConfig } from './config';
import { unauthenticated } from './errors';

/**
 * Bearer-token authentication, done by the gateway and again by every subgraph.
 *
 * People and partner systems carry a JWT with `sub`, `agency` and `roles`. In development and tests
 * it is HS256 with JWT_SECRET (mint one with `npm run token`); in production set JWKS_URL and the
 * hub verifies RS256 tokens from the identity provider's key set. Subgraphs calling each other use a
 * separate service credential (HS256 with SERVICE_SECRET, issuer `<JWT_ISSUER>-service`) that no
 * user token can imitate.
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

export async function signToken(opts: { sub: string; agency: string; roles: Role[]; ttl?: string }): Promise<string> {
  const c = config();
  return new SignJWT({ agency: opts.agency, roles: opts.roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(opts.sub)
    .setIssuer(c.JWT_ISSUER)
    .setAudience(c.JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(opts.ttl ?? '1h')
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

function toCaller(payload: JWTPayload, token: string, service?: string): Caller {
  const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is Role => ROLES.includes(r as Role)) : [];
  if (typeof payload.sub !== 'string' || typeof payload.agency !== 'string') throw unauthenticated('Token lacks sub or agency');
  if (!service && roles.length === 0) throw unauthenticated('Token carries no known role');
  return { sub: payload.sub, agencyId: payload.agency, roles, service, token };
}

export async function verifyToken(token: string, c: HubConfig = config()): Promise<Caller> {
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
      return toCaller(payload, token, payload.service);
    }
    const { payload } = c.JWKS_URL
      ? await jwtVerify(token, keySet(c.JWKS_URL), {
          issuer: c.JWT_ISSUER,
          audience: c.JWT_AUDIENCE,
          algorithms: ['RS256'],
        })
      : await jwtVerify(token, enc(c.JWT_SECRET), { issuer: c.JWT_ISSUER, audience: c.JWT_AUDIENCE, algorithms: ['HS256'] });
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
