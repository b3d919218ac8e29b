import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { SignJWT, decodeJwt, exportJWK, generateKeyPair } from 'jose';
import { agencyDirectory, ANONYMOUS, asksOnlyPublic, assertKnownAgency, authenticate, authenticateOrPublic, signClientOperation, signServiceToken, signToken, verifyClientOperation, verifyToken } from './auth';
import { config, loadConfig } from './config';
import { projectRoot } from './paths';

/** Bearer tokens: development HS256, the service credential, and production RS256 from a JWKS. */
const code = async (p: Promise<unknown>) => (await p.then(() => 'ok', (e) => e.extensions?.code ?? String(e))) as string;
const enc = (s: string) => new TextEncoder().encode(s);

describe('public operations without a token', () => {
  const PUBLIC = new Set(['publishedTriggerStatistics']);
  const body = (query: string, operationName?: string) => ({ query, operationName });
  it('are the public root fields of a query only', () => {
    expect(asksOnlyPublic(body('{ publishedTriggerStatistics(authority: "a", year: 2025) { from } __typename }'), PUBLIC)).toBe(true);
    expect(asksOnlyPublic(body('query A { publishedTriggerStatistics(authority: "a", year: 2025) { from } } query B { triggerApplications { id } }', 'A'), PUBLIC)).toBe(true);
    for (const q of [
      body('{ publishedTriggerStatistics(authority: "a", year: 2025) { from } triggerApplications { id } }'),
      body('{ ...F } fragment F on Query { publishedTriggerStatistics(authority: "a", year: 2025) { from } }'),
      body('{ ... on Query { triggerApplications { id } } }'),
      body('mutation { publishedTriggerStatistics }'),
      body('query A { publishedTriggerStatistics { from } } query B { triggerApplications { id } }'),
      body('query A { publishedTriggerStatistics { from } } query B { triggerApplications { id } }', 'B'),
      body('{ publishedTriggerStatistics('),
      { query: 42 },
      undefined,
    ]) expect(asksOnlyPublic(q, PUBLIC), JSON.stringify(q)).toBe(false);
    expect(asksOnlyPublic(body('{ publishedTriggerStatistics { from } }'), new Set())).toBe(false);
  });
  it('give the anonymous caller only without any Authorization header', async () => {
    const q = body('{ publishedTriggerStatistics(authority: "a", year: 2025) { from } }');
    expect(await authenticateOrPublic(undefined, q, PUBLIC)).toBe(ANONYMOUS);
    expect(ANONYMOUS.roles).toEqual([]);
    expect(await code(authenticateOrPublic('Bearer not.a.jwt', q, PUBLIC))).toBe('UNAUTHENTICATED');
    expect(await code(authenticateOrPublic(undefined, body('{ triggerApplications { id } }'), PUBLIC))).toBe('UNAUTHENTICATED');
  });
});

describe('HS256 user tokens', () => {
  it('accepts a token from npm run token and reads sub, agency and roles', async () => {
    const caller = await authenticate(`Bearer ${await signToken({ sub: 'u1', agency: 'kent-police', roles: ['reviewer', 'dpo'] })}`);
    expect(caller).toMatchObject({ sub: 'u1', agencyId: 'kent-police', roles: ['reviewer', 'dpo'] });
    expect(caller.service).toBeUndefined();
  });

  it.each([
    ['no header', undefined],
    ['not bearer', 'Basic abc'],
    ['garbage', 'Bearer not.a.jwt'],
  ])('refuses %s as UNAUTHENTICATED', async (_l, header) => {
    expect(await code(authenticate(header))).toBe('UNAUTHENTICATED');
  });

  it('refuses expired tokens, other secrets, other audiences, and tokens without a known role', async () => {
    const c = config();
    const base = () => new SignJWT({ agency: 'kent-police', roles: ['reviewer'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setIssuer(c.JWT_ISSUER);
    const expired = await base().setAudience(c.JWT_AUDIENCE).setIssuedAt(1_700_000_000).setExpirationTime(1_700_000_100).sign(enc(c.JWT_SECRET));
    const otherSecret = await base().setAudience(c.JWT_AUDIENCE).setExpirationTime('1h').sign(enc('another-secret-of-sufficient-length'));
    const otherAudience = await base().setAudience('someone-else').setExpirationTime('1h').sign(enc(c.JWT_SECRET));
    const noRole = await new SignJWT({ agency: 'kent-police', roles: ['superuser'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setIssuer(c.JWT_ISSUER).setAudience(c.JWT_AUDIENCE).setExpirationTime('1h').sign(enc(c.JWT_SECRET));
    for (const t of [expired, otherSecret, otherAudience, noRole]) expect(await code(verifyToken(t))).toBe('UNAUTHENTICATED');
  });

  it('checks a token once but still refuses it once expired, and never remembers a refusal', async () => {
    const c = config();
    const token = await new SignJWT({ agency: 'kent-police', roles: ['reviewer'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setIssuer(c.JWT_ISSUER)
      .setAudience(c.JWT_AUDIENCE).setIssuedAt().setExpirationTime('2s').sign(enc(c.JWT_SECRET));
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    try {
      const first = await verifyToken(token);
      const again = await verifyToken(token);
      expect(again).toEqual(first);
      // Each caller gets its own object: one request cannot change what the next one is told.
      again.roles.push('admin');
      expect((await verifyToken(token)).roles).toEqual(['reviewer']);
      vi.setSystemTime(Date.now() + 3_000);
      expect(await code(verifyToken(token))).toBe('UNAUTHENTICATED');
    } finally {
      vi.useRealTimers();
    }
    // Checked under another configuration (another secret), the same token is checked again and refused.
    const fresh = await signToken({ sub: 'u2', agency: 'kent-police', roles: ['reviewer'] });
    expect(await code(verifyToken(fresh))).toBe('ok');
    expect(await code(verifyToken(fresh, { ...c, JWT_SECRET: 'another-secret-of-sufficient-length' }))).toBe('UNAUTHENTICATED');
  });

  it('does not accept "alg: none"', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'x', agency: 'kent-police', roles: ['admin'], iss: 'asb-hub', aud: 'asb-hub' })).toString('base64url');
    expect(await code(verifyToken(`${header}.${payload}.`))).toBe('UNAUTHENTICATED');
  });
});

describe('the service credential', () => {
  it('is recognised as a service, with no roles', async () => {
    const caller = await verifyToken(await signServiceToken('reviews'));
    expect(caller).toMatchObject({ service: 'reviews', roles: [], agencyId: 'hub' });
  });

  it('cannot be imitated with the user secret', async () => {
    const c = config();
    const forged = await new SignJWT({ agency: 'hub', roles: [], service: 'reviews' })
      .setProtectedHeader({ alg: 'HS256' }).setSubject('service:reviews').setIssuer(`${c.JWT_ISSUER}-service`).setAudience(c.JWT_AUDIENCE).setExpirationTime('5m')
      .sign(enc(c.JWT_SECRET));
    expect(await code(verifyToken(forged))).toBe('UNAUTHENTICATED');
  });
});

describe('production: RS256 tokens checked against the identity provider’s key set', () => {
  let server: http.Server;
  let jwksUrl: string;
  let privateKey: CryptoKey;
  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey as CryptoKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = http.createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('accepts a token signed by the provider and refuses an HS256 one', async () => {
    const prod = loadConfig({ NODE_ENV: 'production', JWKS_URL: jwksUrl, SERVICE_SECRET: 'a-production-service-secret-123' });
    const idp = await new SignJWT({ agency: 'sevenoaks-dc', roles: ['spoc'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject('jane').setIssuer(prod.JWT_ISSUER).setAudience(prod.JWT_AUDIENCE).setExpirationTime('10m')
      .sign(privateKey);
    expect(await verifyToken(idp, prod)).toMatchObject({ sub: 'jane', agencyId: 'sevenoaks-dc', roles: ['spoc'] });
    const hs = await signToken({ sub: 'dev', agency: 'sevenoaks-dc', roles: ['spoc'] });
    expect(await code(verifyToken(hs, prod))).toBe('UNAUTHENTICATED');
  });

  it('refuses to start in production without a key set or secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWKS_URL[\s\S]*SERVICE_SECRET/);
  });
});

describe('exp and the maximum lifetime (TOKEN_MAX_LIFETIME)', () => {
  const c = config();
  const now = () => Math.floor(Date.now() / 1000);
  const user = () => new SignJWT({ agency: 'kent-police', roles: ['reviewer'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setIssuer(c.JWT_ISSUER).setAudience(c.JWT_AUDIENCE);
  const service = () => new SignJWT({ agency: 'hub', roles: [], service: 'reviews' }).setProtectedHeader({ alg: 'HS256' }).setSubject('service:reviews').setIssuer(`${c.JWT_ISSUER}-service`).setAudience(c.JWT_AUDIENCE);

  it('defaults to 12 hours and reads durations', () => {
    expect(c.TOKEN_MAX_LIFETIME).toBe(12 * 3600);
    expect(loadConfig({ TOKEN_MAX_LIFETIME: '30m' }).TOKEN_MAX_LIFETIME).toBe(1800);
    expect(loadConfig({ TOKEN_MAX_LIFETIME: '7200' }).TOKEN_MAX_LIFETIME).toBe(7200);
    expect(() => loadConfig({ TOKEN_MAX_LIFETIME: 'forever' })).toThrow(/TOKEN_MAX_LIFETIME/);
  });

  it('refuses user and service tokens without exp', async () => {
    expect(await code(verifyToken(await user().setIssuedAt().sign(enc(c.JWT_SECRET))))).toBe('UNAUTHENTICATED');
    expect(await code(verifyToken(await service().setIssuedAt().sign(enc(c.SERVICE_SECRET))))).toBe('UNAUTHENTICATED');
  });

  it('refuses a lifetime over the maximum: exp − iat, exp − now without iat, and iat in the future counts from now', async () => {
    const t = now();
    const cases: Array<[string, (j: SignJWT) => SignJWT, string]> = [
      ['12 h exactly', (j) => j.setIssuedAt(t).setExpirationTime(t + 12 * 3600), 'ok'],
      ['12 h and a minute', (j) => j.setIssuedAt(t).setExpirationTime(t + 12 * 3600 + 60), 'UNAUTHENTICATED'],
      ['issued an hour ago for 12 h', (j) => j.setIssuedAt(t - 3600).setExpirationTime(t + 11 * 3600), 'ok'],
      ['issued 10 h ago for 13 h', (j) => j.setIssuedAt(t - 10 * 3600).setExpirationTime(t + 3 * 3600), 'UNAUTHENTICATED'],
      ['no iat, 1 h left', (j) => j.setExpirationTime(t + 3600), 'ok'],
      ['no iat, 13 h left', (j) => j.setExpirationTime(t + 13 * 3600), 'UNAUTHENTICATED'],
      ['iat claimed 11 h ahead, 13 h left', (j) => j.setIssuedAt(t + 11 * 3600).setExpirationTime(t + 13 * 3600), 'UNAUTHENTICATED'],
      ['a year', (j) => j.setIssuedAt(t).setExpirationTime(t + 365 * 86_400), 'UNAUTHENTICATED'],
    ];
    for (const [label, f, expected] of cases) {
      expect(await code(verifyToken(await f(user()).sign(enc(c.JWT_SECRET)))), label).toBe(expected);
      expect(await code(verifyToken(await f(service()).sign(enc(c.SERVICE_SECRET)))), `service, ${label}`).toBe(expected);
    }
    const shorter = loadConfig({ TOKEN_MAX_LIFETIME: '30m' });
    expect(await code(verifyToken(await user().setIssuedAt(t).setExpirationTime(t + 3600).sign(enc(c.JWT_SECRET)), shorter))).toBe('UNAUTHENTICATED');
  });

  it('signToken (npm run token) refuses a ttl beyond the maximum', async () => {
    await expect(signToken({ sub: 'u', agency: 'kent-police', roles: ['spoc'], ttl: '13h' })).rejects.toThrow(/TOKEN_MAX_LIFETIME/);
    await expect(signToken({ sub: 'u', agency: 'kent-police', roles: ['spoc'], ttl: 'soon' })).rejects.toThrow(/ttl/);
    const token = await signToken({ sub: 'u', agency: 'kent-police', roles: ['spoc'], ttl: '12h' });
    const claims = decodeJwt(token);
    expect(claims.exp! - claims.iat!).toBe(12 * 3600);
  });

  it('npm run token --ttl beyond the maximum exits non-zero without printing a token', () => {
    const run = (ttl: string) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/token.ts', '--agency', 'kent-police', '--role', 'spoc', '--ttl', ttl], { encoding: 'utf8', cwd: projectRoot() });
    const refused = run('2d');
    expect(refused.status).not.toBe(0);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/TOKEN_MAX_LIFETIME/);
    const fine = run('2h');
    expect(fine.status).toBe(0);
    const claims = decodeJwt(fine.stdout.trim());
    expect(claims.exp! - claims.iat!).toBe(7200);
  }, 30_000);
});

describe('the signed client operation', () => {
  it('verifies only for the same name and the same authorization', () => {
    const sig = signClientOperation('query Look', 'Bearer abc');
    expect(verifyClientOperation('query Look', sig, 'Bearer abc')).toBe(true);
    expect(verifyClientOperation('query Other', sig, 'Bearer abc')).toBe(false);
    expect(verifyClientOperation('query Look', sig, 'Bearer abd')).toBe(false);
    expect(verifyClientOperation('query Look', undefined, 'Bearer abc')).toBe(false);
    expect(verifyClientOperation('query Look', 'not-a-signature', 'Bearer abc')).toBe(false);
    const other = loadConfig({ SERVICE_SECRET: 'another-service-secret-of-length' });
    expect(verifyClientOperation('query Look', signClientOperation('query Look', 'Bearer abc', other), 'Bearer abc')).toBe(false);
  });
});

describe('the agency directory', () => {
  it('caches known agencies for the ttl, never unknown ones, and keeps a known agency when the lookup fails', async () => {
    let known = new Set(['kent-police']);
    let failing = false;
    const asked: string[] = [];
    const dir = agencyDirectory(async (id) => {
      asked.push(id);
      if (failing) throw new Error('consent unreachable');
      return known.has(id);
    }, 50);
    expect(await dir.isKnown('kent-police')).toBe(true);
    expect(await dir.isKnown('kent-police')).toBe(true);
    expect(await dir.isKnown('nobody')).toBe(false);
    expect(await dir.isKnown('nobody')).toBe(false);
    expect(asked).toEqual(['kent-police', 'nobody', 'nobody']);
    known = new Set(['kent-police', 'nobody']);
    expect(await dir.isKnown('nobody')).toBe(true);
    // Simultaneous first requests share one lookup.
    await Promise.all([dir.isKnown('late'), dir.isKnown('late'), dir.isKnown('late')]);
    expect(asked.filter((a) => a === 'late')).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 60));
    failing = true;
    expect(await dir.isKnown('kent-police')).toBe(true);
    expect(await code(dir.isKnown('someone-new'))).toBe('SERVICE_UNAVAILABLE');
    expect(dir.lookups()).toBe(asked.length);
  });

  it('refuses a user of an unknown agency as FORBIDDEN with status 403, and lets service credentials through', async () => {
    const dir = agencyDirectory(async (id) => id === 'kent-police', 1000);
    const user = await verifyToken(await signToken({ sub: 'u', agency: 'nowhere', roles: ['admin'] }));
    const err = await assertKnownAgency(user, dir, 'req-1').then(() => undefined, (e) => e);
    expect(err.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'denied', requestId: 'req-1', http: { status: 403 } });
    expect(err.message).not.toContain('nowhere');
    await expect(assertKnownAgency(await verifyToken(await signServiceToken('reviews')), dir, 'req-2')).resolves.toBeUndefined();
    expect(dir.lookups()).toBe(1);
  });
});
