import type { NextFunction, Request, Response } from 'express';

/**
 * Express error handler for request bodies (malformed JSON, over the size limit): a GraphQL-shaped
 * client error with a code, never Express's default page (which shows a stack trace outside
 * production).
 */
export function jsonBodyErrors(err: unknown, _req: Request, res: Response, next: NextFunction) {
  if (!err) return next();
  const e = err as { status?: number; type?: string };
  const status = e.status && e.status >= 400 && e.status < 500 ? e.status : 400;
  const message = e.type === 'entity.too.large' ? 'Request body too large' : 'Request body is not valid JSON';
  res.status(status).json({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
}

/**
 * Idle keep-alive connections stay open longer than a client's own idle limit (undici keeps one
 * 4 s by default, load balancers about 60 s), so that the client, not the server, closes them: a
 * server closing first races a request sent on the same socket at that moment, and the client sees
 * ECONNRESET. Stopping still closes idle connections at once (the drain plugin).
 */
export function keepConnectionsOpen<S extends { keepAliveTimeout: number; headersTimeout: number }>(server: S): S {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}
