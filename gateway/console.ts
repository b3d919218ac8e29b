import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { ROLES, signToken, type Role } from '../platform/auth';
import type { HubConfig } from '../platform/config';
import { projectRoot } from '../platform/paths';
import { agencies as demoAgencies } from '../seeds/demo-data';

/**
 * The web console (console/, built by Vite into dist/console) served by the gateway at `/`:
 * hashed assets are immutable, index.html is never cached, every page carries a
 * Content-Security-Policy that allows nothing but the hub's own origin (and, when OpenID Connect is
 * configured, the issuer's token endpoint). In development a sign-in endpoint mints demo tokens; it
 * does not exist when NODE_ENV=production.
 */
export const CONSOLE_DIR = path.join(projectRoot(), 'dist', 'console');

export function devSignInEnabled(c: Pick<HubConfig, 'NODE_ENV'>): boolean {
  return c.NODE_ENV !== 'production';
}

export function contentSecurityPolicy(c: Pick<HubConfig, 'OIDC_ISSUER'>): string {
  const connect = ["'self'", ...(c.OIDC_ISSUER ? [new URL(c.OIDC_ISSUER).origin] : [])].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** What the console needs to know before anyone signs in. */
export function consoleConfig(c: HubConfig) {
  if (devSignInEnabled(c)) {
    return { signIn: 'development' as const, agencies: demoAgencies.map((a) => ({ id: a.id, name: a.name, kind: a.kind })), roles: ROLES };
  }
  if (c.OIDC_ISSUER && c.OIDC_CLIENT_ID) {
    return { signIn: 'oidc' as const, oidc: { authority: c.OIDC_ISSUER, clientId: c.OIDC_CLIENT_ID, scope: c.OIDC_SCOPE } };
  }
  return { signIn: 'none' as const };
}

export function consoleRouter(c: HubConfig, dir = CONSOLE_DIR): Router {
  const router = express.Router();
  const csp = contentSecurityPolicy(c);
  router.use((_req, res, next) => {
    res.setHeader('content-security-policy', csp);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    next();
  });

  router.get('/console/config.json', (_req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.json(consoleConfig(c));
  });

  if (devSignInEnabled(c)) {
    const agencyIds = new Set(demoAgencies.map((a) => a.id));
    router.post('/dev/token', express.json({ limit: '1kb' }), async (req, res) => {
      const { agency, role } = (req.body ?? {}) as { agency?: unknown; role?: unknown };
      if (typeof agency !== 'string' || !agencyIds.has(agency)) {
        res.status(400).json({ error: 'agency must be one of the demo agencies', field: 'agency' });
        return;
      }
      if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
        res.status(400).json({ error: `role must be one of ${ROLES.join(', ')}`, field: 'role' });
        return;
      }
      res.setHeader('cache-control', 'no-store');
      res.json({ token: await signToken({ sub: `${role}.${agency}`, agency, roles: [role as Role], ttl: '8h' }), agency, roles: [role] });
    });
  }

  router.use(
    '/assets',
    express.static(path.join(dir, 'assets'), {
      index: false,
      fallthrough: false,
      setHeaders: (res) => res.setHeader('cache-control', 'public, max-age=31536000, immutable'),
    }),
  );

  // Every other page address is the console's own route: the same index.html, never cached.
  const indexFile = path.join(dir, 'index.html');
  router.get(/^\/(?!graphql|healthz|readyz|dev\/).*/, (req, res, next) => {
    if (!req.accepts('html')) return next();
    if (!fs.existsSync(indexFile)) {
      res.status(503).type('text/plain').send('The console is not built: run `npm run console:build` (npm start does it).');
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(indexFile);
  });
  return router;
}
