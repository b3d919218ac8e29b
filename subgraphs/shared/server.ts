import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { AnyEntity, EntityClass } from '@mikro-orm/core';
import type { MigrationObject } from '@mikro-orm/core';
import type { NonEmptyArray } from 'type-graphql';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { authenticate } from './auth';
import { jsonBodyErrors } from './http';
import { createContext, type HubContext } from './context';
import { openSubgraphDatabase, type SubgraphDatabase } from './database';
import { buildFederatedSchema } from './federation';
import { logger } from './logger';
import { applyPermissions, type RuleTree } from './rules';
import type { PolicyDecisionPoint } from './access';
import { config } from './config';
import { remotePolicyDecisionPoint } from './pdp-client';
import { countingErrors, metricsHandler, metricsPlugin } from './metrics';
import { accessLog } from './request-scope';

/**
 * What a subgraph is: the same shape in each `subgraphs/<name>/service.ts`. The server bootstrap
 * below turns a definition into a running service with health checks and graceful shutdown.
 */
export type SubgraphName = 'incidents' | 'consent' | 'triggers' | 'reviews';
export const SUBGRAPH_NAMES: SubgraphName[] = ['consent', 'incidents', 'triggers', 'reviews'];

export interface SubgraphDefinition {
  name: SubgraphName;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: NonEmptyArray<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  orphanedTypes?: Function[];
  referenceResolvers?: GraphQLResolverMap<unknown>;
  entities: EntityClass<AnyEntity>[];
  migrations: MigrationObject[];
  /** graphql-shield rule tree; every field of every type must be covered. */
  permissions: Record<string, unknown>;
  /**
   * How this subgraph asks the policy decision point. Default: the consent subgraph over HTTP; the
   * consent subgraph itself answers in-process.
   */
  policyDecisionPoint?: (db: SubgraphDatabase, peers: PeerUrls) => PolicyDecisionPoint;
}

/** Where the other subgraphs are (service-to-service calls). */
export type PeerUrls = (name: SubgraphName) => string;

/** Explicit URLs first (the in-process hub), then *_URL from the environment, then the default ports. */
export function peerUrls(explicit: Partial<Record<SubgraphName, string>> = {}): PeerUrls {
  return (name) => {
    const c = config();
    const fromEnv = { incidents: c.INCIDENTS_URL, consent: c.CONSENT_URL, triggers: c.TRIGGERS_URL, reviews: c.REVIEWS_URL }[name];
    const port = { incidents: c.INCIDENTS_PORT, consent: c.CONSENT_PORT, triggers: c.TRIGGERS_PORT, reviews: c.REVIEWS_PORT }[name];
    return explicit[name] ?? fromEnv ?? `http://127.0.0.1:${port}/graphql`;
  };
}

/** The subgraph's public schema with the permission layer applied (and its printed SDL). */
export async function buildGuardedSchema(def: SubgraphDefinition, opts: { rules?: boolean } = {}) {
  const { schema, sdl } = await buildFederatedSchema(def);
  const guarded = opts.rules === false ? schema : applyPermissions(schema, def.permissions as RuleTree);
  return { schema: guarded, unguarded: schema, sdl };
}

/**
 * graphql-js reports a bad variable as `Variable "$input" got invalid value <the value> at
 * "input.email"; <reason>`: the value may be personal data and the field is only in the text. We
 * name the field in `extensions.field` and drop the value (the reason is kept when it quotes nothing).
 */
const VARIABLE_ERROR = /^Variable "\$([^"]+)" got invalid value [\s\S]*?(?: at "([^"]+)")?; ([\s\S]*)$/;

export function formatVariableError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const m = VARIABLE_ERROR.exec(formatted.message);
  if (!m) return formatted;
  const field = m[2] ?? m[1];
  const reason = /["':]/.test(m[3]) ? '' : `: ${m[3].trim()}`;
  return { ...formatted, message: `Invalid value for ${field}${reason}`, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT', field } };
}

/** The database cannot be reached (down, restarting, connections dropped): worth retrying. */
function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { name?: string; code?: string; message?: string } | undefined;
  if (!e) return false;
  return (
    e.name === 'ConnectionException' ||
    ['57P01', '57P02', '57P03', '08000', '08001', '08003', '08006', 'ECONNREFUSED', 'ECONNRESET'].includes(String(e.code)) ||
    // "Transaction query already complete": the connection died mid-transaction, which PostgreSQL
    // rolled back; nothing was written, so a retry is right.
    /Connection terminated|Connection ended unexpectedly|ECONNREFUSED|the database system is (starting up|shutting down)|Timeout acquiring a connection|Transaction query already complete/i.test(e.message ?? '')
  );
}

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (formatted.message.startsWith('Variable "$')) formatted = formatVariableError(formatted);
  const code = formatted.extensions?.code;
  if ((!code || code === 'INTERNAL_SERVER_ERROR') && isDatabaseUnavailable(unwrapResolverError(error))) {
    logger.warn({ err: String(unwrapResolverError(error)) }, 'database unavailable');
    return { message: 'The database is unavailable; try again shortly', path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE' } };
  }
  if (!code || code === 'INTERNAL_SERVER_ERROR') {
    logger.error({ err: unwrapResolverError(error) }, 'unexpected error');
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  return formatted;
}

/** Logs each operation with its request id, name, duration and error count (never variables). */
export function requestLogPlugin(service: string): ApolloServerPlugin<{ requestId: string }> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, errors, contextValue: ctx }) {
          logger.debug(
            { service, requestId: ctx.requestId ?? contextValue.requestId, operationName, ms: Math.round(performance.now() - started), errors: errors?.length ?? 0 },
            'graphql request',
          );
        },
      };
    },
  };
}

export interface RunningSubgraph {
  name: SubgraphName;
  url: string;
  port: number;
  db: SubgraphDatabase;
  schema: GraphQLSchema;
  /** GraphQL requests (POST /graphql) served so far: the gateway's fetches and other subgraphs' calls. */
  requests(): number;
  stop(): Promise<void>;
}

export interface StartOptions {
  clientUrl: string;
  port: number;
  host?: string;
  /** Serve without the permission layer (benchmarks only: measures its overhead). */
  rules?: boolean;
  /** URLs of the other subgraphs (the in-process hub knows them; otherwise from config). */
  peers?: Partial<Record<SubgraphName, string>>;
}

export async function startSubgraph(def: SubgraphDefinition, opts: StartOptions): Promise<RunningSubgraph> {
  const db = await openSubgraphDatabase({ schema: def.name, entities: def.entities, migrations: def.migrations, clientUrl: opts.clientUrl });
  const { schema } = await buildGuardedSchema(def, { rules: opts.rules });
  const peers = peerUrls(opts.peers);
  const pdp = def.policyDecisionPoint ? def.policyDecisionPoint(db, peers) : remotePolicyDecisionPoint(def.name, () => peers('consent'));

  const app = express();
  app.disable('x-powered-by');
  app.use(accessLog(def.name));
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<HubContext>({
    schema,
    formatError: countingErrors(def.name, formatError),
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginInlineTraceDisabled(),
      // No cache hints are used; its per-field hook cost ~20 µs a field on large lists.
      ApolloServerPluginCacheControlDisabled(),
      requestLogPlugin(def.name) as ApolloServerPlugin<HubContext>, metricsPlugin(def.name)],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: def.name });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await db.orm.em.getConnection().execute('select 1');
      res.json({ status: 'ready', service: def.name, database: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable', service: def.name, database: 'unreachable' });
    }
  });
  app.get('/metrics', metricsHandler);
  let requests = 0;
  app.use('/graphql', (req, _res, next) => {
    if (req.method === 'POST') requests++;
    next();
  });
  app.use(
    '/graphql',
    express.json({ limit: '20mb' }),
    jsonBodyErrors,
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const caller = await authenticate(req.headers.authorization);
        const requestId = String(req.headers['x-request-id'] ?? '');
        return createContext({ subgraph: def.name, em: db.orm.em, pdp, peers }, caller, requestId, req.headers['x-purpose'] as string | undefined, req.headers['x-client-operation'] as string | undefined);
      },
    }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/graphql`;
  logger.info({ service: def.name, url }, 'subgraph listening');

  return {
    name: def.name,
    url,
    port,
    db,
    schema,
    requests: () => requests,
    async stop() {
      await apollo.stop();
      await db.close();
    },
  };
}
