import { AsyncLocalStorage } from 'node:async_hooks';
import pino from 'pino';
import { config } from './config';

/** The request being served, if any (set by platform/request-scope.ts). */
export const logScope = new AsyncLocalStorage<{ requestId: string }>();

/**
 * One structured logger for every service. Authorization headers and tokens are redacted; callers
 * log ids and counts, never personal details. A line written while a request is served carries
 * that request's id.
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? config().LOG_LEVEL,
  base: { app: 'asb-hub' },
  mixin: () => {
    const scope = logScope.getStore();
    return scope ? { requestId: scope.requestId } : {};
  },
  redact: { paths: ['authorization', 'req.headers.authorization', 'token', '*.token'], censor: '[redacted]' },
});

export type Logger = typeof logger;
