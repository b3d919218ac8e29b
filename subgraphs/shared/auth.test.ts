import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { authenticate, signServiceToken, signToken, verifyToken } from './auth';
import { config, loadConfig } from './config';

/** Bearer tokens: development HS256, the service credential, and production RS256 from a JWKS. */
const code = async (p: Promise<unknown>) => (await p.then(() => 'ok', (e) => e.extensions?.code ?? String(e))) as string;
const enc = (s: string) => new TextEncoder().encode(s);

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
