import pino from 'pino';
import { config } from './config';

/**
 * One structured logger for every service. Authorization headers and tokens are redacted; callers
 * log ids and counts, never personal details.
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? config().LOG_LEVEL,
  base: { app: 'asb-hub' },
  redact: { paths: ['authorization', 'req.headers.authorization', 'token', '*.token'], censor: '[redacted]' },
});

export type Logger = typeof logger;
