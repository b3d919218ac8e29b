import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../platform/config';
import { consoleConfig, consoleRouter, contentSecurityPolicy, devSignInEnabled } from './console';

/** The console's HTTP side (gateway/console.ts) on a built console of a few files, without a database. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-dist-'));
const servers: http.Server[] = [];

async function serve(env: Record<string, string>): Promise<string> {
  const app = express();
  app.use(consoleRouter(loadConfig(env), dir));
  const server = http.createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const production = { NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-of-length', SERVICE_SECRET: 'a-service-secret-of-length' };

beforeAll(() => {
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>console</title>');
  fs.writeFileSync(path.join(dir, 'assets', 'index-Ab12Cd34.js'), 'console.log(1)');
});
afterAll(() => {
  for (const s of servers) s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the console on the gateway', () => {
  it('has no development sign-in in production, and says how people sign in instead', async () => {
    expect(devSignInEnabled(loadConfig(production))).toBe(false);
    expect(devSignInEnabled(loadConfig({ NODE_ENV: 'development' }))).toBe(true);
    const base = await serve(production);
    const res = await fetch(`${base}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ agency: 'kent-police', role: 'admin' }) });
    expect(res.status).toBe(404);
    expect(await (await fetch(`${base}/console/config.json`)).json()).toEqual({ signIn: 'none' });
    const oidc = { ...production, OIDC_ISSUER: 'https://login.example.gov.uk/realms/hub', OIDC_CLIENT_ID: 'asb-console' };
    expect(consoleConfig(loadConfig(oidc))).toEqual({ signIn: 'oidc', oidc: { authority: oidc.OIDC_ISSUER, clientId: 'asb-console', scope: 'openid profile' } });
  });

  it('allows the hub its own origin only, and the identity provider only for the token exchange', () => {
    const own = contentSecurityPolicy(loadConfig(production));
    expect(own).not.toMatch(/https?:|\*|unsafe/);
    const withIssuer = contentSecurityPolicy(loadConfig({ ...production, OIDC_ISSUER: 'https://login.example.gov.uk/realms/hub' }));
    expect(withIssuer).toContain("connect-src 'self' https://login.example.gov.uk;");
    expect(withIssuer.replace('connect-src \'self\' https://login.example.gov.uk', '')).not.toMatch(/https?:/);
  });

  it('caches hashed assets for ever, never index.html, and answers every page address with index.html', async () => {
    const base = await serve({ NODE_ENV: 'test' });
    const asset = await fetch(`${base}/assets/index-Ab12Cd34.js`);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect((await fetch(`${base}/assets/nothing.js`)).status).toBe(404);
    for (const page of ['/', '/queue', '/reviews/abc']) {
      const res = await fetch(`${base}${page}`, { headers: { accept: 'text/html' } });
      expect(res.status, page).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<title>console</title>');
    }
    // Not the console's: the API's and the health checks' paths, and requests that do not want a page.
    expect((await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } })).status).toBe(404);
    expect((await fetch(`${base}/queue`, { headers: { accept: 'application/json' } })).status).toBe(404);
  });

  it('mints a development token only for a demo agency and a known role, without echoing what was sent', async () => {
    const base = await serve({ NODE_ENV: 'test' });
    const post = (body: unknown) => fetch(`${base}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const ok = await post({ agency: 'sevenoaks-dc', role: 'spoc' });
    expect(ok.status).toBe(200);
    const { token } = (await ok.json()) as { token: string };
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ sub: 'spoc.sevenoaks-dc', agency: 'sevenoaks-dc', roles: ['spoc'] });
    const badRole = await post({ agency: 'sevenoaks-dc', role: 'superuser' });
    expect(badRole.status).toBe(400);
    expect(await badRole.text()).not.toContain('superuser');
    expect((await post({ agency: 'evil-corp', role: 'spoc' })).status).toBe(400);
  });
});
