import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { ipKeyGenerator, rateLimit, type RateLimitRequestHandler } from 'express-rate-limit';
import { rateLimited } from '../platform/metrics';

/**
 * Requests per bearer token per minute (RATE_LIMIT_PER_MINUTE; 0 turns it off), counted in this
 * gateway process: with N replicas a token may make N times the rate (docs/scaling.md). Requests
 * without a token are counted per client address. Over the limit: HTTP 429 with `Retry-After`
 * (seconds) and a GraphQL-shaped error, before any token check or subgraph call.
 */
export function tokenKey(req: Request): string {
  const auth = req.headers.authorization;
  if (auth) return `token:${createHash('sha256').update(auth).digest('base64url')}`;
  return `ip:${ipKeyGenerator(req.ip ?? '')}`;
}

export function perTokenRateLimit(limitPerMinute: number, windowMs = 60_000): RateLimitRequestHandler | undefined {
  if (!limitPerMinute) return undefined;
  return rateLimit({
    windowMs,
    limit: limitPerMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: tokenKey,
    handler: (req: Request, res: Response) => {
      const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const retryAfter = Math.max(1, Math.ceil(((reset?.getTime() ?? Date.now() + windowMs) - Date.now()) / 1000));
      rateLimited.inc();
      res.setHeader('Retry-After', String(retryAfter));
      res.status(429).json({
        errors: [
          {
            message: `Too many requests for this token: at most ${limitPerMinute} a minute; retry in ${retryAfter} s`,
            extensions: { code: 'RATE_LIMITED', retryAfter, limit: limitPerMinute },
          },
        ],
      });
    },
  });
}
