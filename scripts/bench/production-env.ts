import { randomBytes } from 'node:crypto';
import '../lib/load-env';

/**
 * Benchmarks measure the hub as it is deployed (Dockerfile, docker-compose.yml): NODE_ENV=production,
 * which among other things turns off graphql-js's development-only type checks on every field and
 * input value. Production requires real secrets, so a benchmark run gets fresh random ones unless
 * they are set. Imported first, before anything loads graphql.
 */
process.env.NODE_ENV ??= 'production';
// Info-level request logs (one line per request and subgraph fetch) would be measured too: warnings only.
process.env.LOG_LEVEL ??= 'warn';
process.env.JWT_SECRET ??= randomBytes(32).toString('hex');
process.env.SERVICE_SECRET ??= randomBytes(32).toString('hex');
process.env.AUDIT_LOG_KEY ??= randomBytes(32).toString('hex');
// A benchmark's database is a scratch one: the embedded PostgreSQL is allowed when DATABASE_URL is unset.
process.env.EMBEDDED_PG_IN_PRODUCTION ??= 'true';
