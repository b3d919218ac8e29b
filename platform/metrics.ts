import type { Request, Response } from 'express';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics (prom-client), served at GET /metrics by the gateway and by each subgraph.
 * One registry per process: under `npm start` every service shares the process, so each series
 * carries its `service` label and every port serves the same registry; deployed (docker-compose,
 * deploy/), each process is one service.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'asb_hub_' });

export const requestDuration = new Histogram({
  name: 'asb_hub_graphql_request_duration_seconds',
  help: 'GraphQL operations by service, operation name and type, with their latency',
  labelNames: ['service', 'operation', 'type'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const graphqlErrors = new Counter({
  name: 'asb_hub_graphql_errors_total',
  help: 'GraphQL errors answered, by service and extensions.code',
  labelNames: ['service', 'code'] as const,
  registers: [registry],
});

export const accessDecisions = new Counter({
  name: 'asb_hub_access_decisions_total',
  help: 'Decisions on personal data appended to the access log, by asking subgraph, category and outcome',
  labelNames: ['subgraph', 'category', 'decision'] as const,
  registers: [registry],
});

export const ingestedRecords = new Counter({
  name: 'asb_hub_ingested_records_total',
  help: 'Incident records submitted (submitIncidents and npm run ingest), by source and outcome',
  labelNames: ['source', 'outcome'] as const,
  registers: [registry],
});

export const rateLimited = new Counter({
  name: 'asb_hub_rate_limited_total',
  help: 'Requests refused with 429 by the per-token rate limit',
  registers: [registry],
});

/** What a knex (tarn) pool tells about itself. */
interface PoolLike {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  max: number;
}
const pools = new Map<string, PoolLike>();

/** A subgraph's connection pool, reported until `unregister` (subgraphs/shared/database.ts). */
export function registerPool(name: string, pool: PoolLike | undefined): () => void {
  if (!pool) return () => undefined;
  const key = pools.has(name) ? `${name}#${pools.size}` : name;
  pools.set(key, pool);
  return () => pools.delete(key);
}

new Gauge({
  name: 'asb_hub_db_pool_connections',
  help: 'Database pool connections by pool and state (used, free, pending acquisitions, max)',
  labelNames: ['pool', 'state'] as const,
  registers: [registry],
  collect() {
    this.reset();
    for (const [name, p] of pools) {
      this.set({ pool: name, state: 'used' }, p.numUsed());
      this.set({ pool: name, state: 'free' }, p.numFree());
      this.set({ pool: name, state: 'pending' }, p.numPendingAcquires());
      this.set({ pool: name, state: 'max' }, p.max);
    }
  },
});

/**
 * Errors by code, counted as each is formatted for the response: that covers the errors of a
 * request's execution and those raised before it (a bad token in the context, a parse error).
 */
export function countingErrors(service: string, format: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const out = format(formatted, error);
    graphqlErrors.inc({ service, code: String(out.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
    return out;
  };
}

/**
 * The operation name is the client's to choose: each new one would be a new histogram series (a
 * dozen buckets, kept for the life of the process and sent with every scrape). The first
 * MAX_OPERATION_LABELS names a process sees are labelled as sent, later ones and names longer than
 * MAX_OPERATION_LABEL_LENGTH as `(other)`.
 */
export const MAX_OPERATION_LABELS = 500;
const MAX_OPERATION_LABEL_LENGTH = 100;
const operationLabels = new Set<string>();
export function operationLabel(name: string): string {
  if (operationLabels.has(name)) return name;
  if (name.length > MAX_OPERATION_LABEL_LENGTH || operationLabels.size >= MAX_OPERATION_LABELS) return '(other)';
  operationLabels.add(name);
  return name;
}

/** Latency by operation name and type for every GraphQL request the server answers. */
export function metricsPlugin(service: string): ApolloServerPlugin<object> {
  return {
    async requestDidStart() {
      const end = requestDuration.startTimer({ service });
      return {
        async willSendResponse({ operationName, operation }) {
          end({ operation: operationName ? operationLabel(operationName) : operation ? '(anonymous)' : '(unparsed)', type: operation?.operation ?? 'unknown' });
        },
      };
    },
  };
}

export async function metricsHandler(_req: Request, res: Response) {
  res.set('content-type', registry.contentType);
  res.end(await registry.metrics());
}
