import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { pinoHttp } from 'pino-http';
import { logger, logScope } from './logger';

/**
 * One request's scope: its id (the caller's `x-request-id`, else a new one) is kept in
 * AsyncLocalStorage for the whole request, so that every log line written while serving it carries
 * it (platform/logger.ts, `mixin`), and pino-http writes one access-log line per request.
 */
export const requestScope = logScope;

const QUIET = new Set(['/healthz', '/readyz', '/metrics']);
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * The path as requested (Express rewrites req.url inside mounted routes), without the query string,
 * and without the applicant's signed link (gateway/apply/link.ts): whoever reads the log must not
 * be able to open their page.
 */
export const pathOf = (req: { url?: string; originalUrl?: string }) =>
  (req.originalUrl ?? req.url ?? '').split('?')[0].replace(/^(\/apply\/[^/]+\/status\/)[^/]+/, '$1[link]');

export function requestIdOf(req: Request): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

export function accessLog(service: string) {
  const http = pinoHttp({
    logger: logger.child({ service }),
    genReqId: (req) => (req as Request & { id: string }).id,
    // Probes and scrapes every few seconds would drown the requests people make.
    autoLogging: { ignore: (req) => QUIET.has(pathOf(req)) },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    customSuccessMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
    // Never headers (the bearer token) nor bodies (personal data): the request line, status, time.
    // `requestId` itself comes from the logger's mixin (platform/logger.ts).
    serializers: {
      req: (req: { id: string; method: string; url: string; raw?: Request }) => ({
        id: req.id,
        method: req.method,
        url: req.raw ? pathOf(req.raw) : req.url.split('?')[0],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    quietReqLogger: true,
  });
  return (req: Request, res: Response, next: NextFunction) => {
    const requestId = requestIdOf(req);
    (req as Request & { id: string }).id = requestId;
    // Downstream code reads the header (gateway context, subgraph context).
    req.headers['x-request-id'] = requestId;
    res.setHeader('x-request-id', requestId);
    requestScope.run({ requestId }, () => http(req, res, next));
  };
}
