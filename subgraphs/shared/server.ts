import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { AnyEntity, EntityClass } from '@mikro-orm/core';
import type { MigrationObject } from '@mikro-orm/core';
import type { NonEmptyArray } from 'type-graphql';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import {
  agencyDirectory, assertKnownAgency, authenticateOrPublic, verifyClientOperation, CLIENT_OPERATION_HEADER, CLIENT_OPERATION_SIGNATURE_HEADER, type AgencyDirectory,
} from '../../platform/auth';
import { jsonBodyErrors, keepConnectionsOpen } from '../../platform/http';
import { createContext, type HubContext } from './context';
import { openSubgraphDatabase, type SubgraphDatabase } from './database';
import { buildFederatedSchema } from './federation';
import { logger } from '../../platform/logger';
import { applyPermissions, generatePermissions } from './permission-layer';
import { publicQueryFields, type SubgraphCatalogue } from '../../platform/operations';
import type { PolicyDecisionPoint } from './access';
import { config } from '../../platform/config';
import { remotePolicyDecisionPoint, serveInProcess } from './pdp-client';
import { nameService } from '../../platform/service-client';
import { errorIdentityPlugin, formatError, remoteKnownAgency, requestIdOf, requestLogPlugin } from '../../platform/apollo';
import { configuredPort, configuredUrl, localSubgraphUrl, type SubgraphName } from '../../platform/services';
import { countingErrors, metricsHandler, metricsPlugin } from '../../platform/metrics';
import { accessLog } from '../../platform/request-scope';

/**
 * What a subgraph is: the same shape in each `subgraphs/<name>/service.ts`. The server bootstrap
 * below turns a definition into a running service with health checks and graceful shutdown.
 */
export interface SubgraphDefinition {
  name: SubgraphName;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: NonEmptyArray<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  orphanedTypes?: Function[];
  referenceResolvers?: GraphQLResolverMap<unknown>;
  entities: EntityClass<AnyEntity>[];
  migrations: MigrationObject[];
  /** This subgraph's part of the operation catalogue (platform/catalogue.ts); fields declare themselves. */
  catalogue: SubgraphCatalogue;
  /** Peers called only best effort: deployments give their address but need not start them first. */
  optionalPeers?: SubgraphName[];
  /**
   * How this subgraph asks the policy decision point. Default: the consent subgraph over HTTP; the
   * consent subgraph itself answers in-process.
   */
  policyDecisionPoint?: (db: SubgraphDatabase, peers: PeerUrls) => PolicyDecisionPoint;
  /**
   * Whether the hub knows an agency (tokens naming any other are refused). Default: the consent
   * subgraph's service-only `serviceAgencyKind`; the consent subgraph answers from its own table.
   */
  knownAgency?: (db: SubgraphDatabase) => (agencyId: string) => Promise<boolean>;
  /** HTTP routes of its own beside /graphql. */
  routes?: (app: express.Express, db: SubgraphDatabase) => void;
  /**
   * Plain `http` handlers by path, served before Express (no router, body parser or request
   * logger): for endpoints other subgraphs ask on every request, e.g. the consent subgraph's policy
   * decision point. Each logs its own requests.
   */
  fastRoutes?: (db: SubgraphDatabase) => Record<string, (req: http.IncomingMessage, res: http.ServerResponse) => void>;
  /** Made ready before the subgraph serves (e.g. the access log's head read once, so the first append is one statement). */
  prepare?: (db: SubgraphDatabase) => Promise<void>;
  /** Work the subgraph does on its own while it runs (e.g. the access log's checkpoints); returns how to stop it. */
  background?: (db: SubgraphDatabase) => () => void | Promise<void>;
}

/** Where the other subgraphs are (service-to-service calls). */
export type PeerUrls = (name: SubgraphName) => string;

/** Explicit URLs first (the in-process hub), then *_URL from the environment, then the default ports. */
export function peerUrls(explicit: Partial<Record<SubgraphName, string>> = {}): PeerUrls {
  return (name) => {
    const c = config();
    const url = explicit[name] ?? configuredUrl(c, name) ?? localSubgraphUrl(configuredPort(c, name));
    nameService(url, name);
    return url;
  };
}

/** The subgraph's public schema with the permission layer applied (and its printed SDL). */
export async function buildGuardedSchema(def: SubgraphDefinition, opts: { rules?: boolean } = {}) {
  const { schema, sdl, source } = await buildFederatedSchema(def);
  const permissions = generatePermissions(source, def.catalogue);
  const guarded = opts.rules === false ? schema : applyPermissions(schema, permissions);
  return { schema: guarded, unguarded: schema, sdl, permissions };
}


/**
 * Nothing personal leaves unlogged: a query's access decisions are used as soon as they are taken
 * while their append to the access log goes on (shared/access.ts `deferLogs`); the response waits
 * here until the log holds them all. If it cannot be written, the response is replaced by one error
 * and none of its data is sent.
 */
export function accessLogPlugin(): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          contextValue.access.deferLogs = operation?.operation === 'query';
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || (await contextValue.access.settled())) return;
          response.body.singleResult = {
            errors: [
              {
                message: 'The access log could not be written: nothing of this answer is sent',
                extensions: { code: 'SERVICE_UNAVAILABLE', service: 'consent', reason: 'access-log-unavailable', requestId: contextValue.requestId },
              },
            ],
          };
        },
      };
    },
  };
}


/**
 * The operation the access log names: the client's, when the gateway signed it for this caller;
 * else the one this subgraph executes, marked `direct:` (a caller straight to the subgraph) or
 * `service <name>:` (another subgraph).
 */
export function operationNamePlugin(): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue: ctx, operation, operationName }) {
          if (ctx.clientOperation || !operation) return;
          const own = `${operation.operation} ${operationName ?? operation.name?.value ?? '(anonymous)'}`;
          ctx.clientOperation = (ctx.caller.service ? `service ${ctx.caller.service}: ${own}` : `direct: ${own}`).slice(0, 200);
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
  /** Which agencies this subgraph has found known (cached) and how often it asked. */
  agencies: AgencyDirectory;
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
  await def.prepare?.(db);
  const peers = peerUrls(opts.peers);
  const pdp = def.policyDecisionPoint ? def.policyDecisionPoint(db, peers) : remotePolicyDecisionPoint(def.name, () => peers('consent'));
  const agencies = agencyDirectory(def.knownAgency ? def.knownAgency(db) : remoteKnownAgency(def.name, () => peers('consent')));

  const publicFields = publicQueryFields(def.catalogue);

  const app = express();
  app.disable('x-powered-by');
  app.use(accessLog(def.name));
  const fast = new Map(Object.entries(def.fastRoutes?.(db) ?? {}));
  const httpServer = keepConnectionsOpen(
    http.createServer(
      fast.size
        ? (req, res) => {
            const handler = fast.get((req.url ?? '').split('?')[0]);
            if (handler) handler(req, res);
            else void app(req, res);
          }
        : app,
    ),
  );
  const apollo = new ApolloServer<HubContext>({
    schema,
    formatError: countingErrors(def.name, formatError),
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginInlineTraceDisabled(),
      // No cache hints are used; its per-field hook cost ~20 µs a field on large lists.
      ApolloServerPluginCacheControlDisabled(),
      accessLogPlugin(), requestLogPlugin(def.name) as ApolloServerPlugin<HubContext>, errorIdentityPlugin() as ApolloServerPlugin<HubContext>, operationNamePlugin(), metricsPlugin(def.name)],
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
  def.routes?.(app, db);
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
        const caller = await authenticateOrPublic(req.headers.authorization, req.body, publicFields);
        const requestId = requestIdOf(req.headers['x-request-id']);
        await assertKnownAgency(caller, agencies, requestId);
        const operation = req.headers[CLIENT_OPERATION_HEADER] as string | undefined;
        const signed = verifyClientOperation(operation, req.headers[CLIENT_OPERATION_SIGNATURE_HEADER] as string | undefined, req.headers.authorization) ? operation : undefined;
        return createContext({ subgraph: def.name, em: db.orm.em, pdp, peers, bypassAccess: opts.rules === false }, caller, requestId, req.headers['x-purpose'] as string | undefined, signed);
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
  // The other subgraphs of this process ask its decision point by a call (shared/pdp-client.ts).
  const withdrawPdp = def.policyDecisionPoint ? serveInProcess(url, pdp) : undefined;
  const stopBackground = def.background?.(db);

  return {
    name: def.name,
    url,
    port,
    db,
    schema,
    requests: () => requests,
    agencies,
    async stop() {
      withdrawPdp?.();
      await apollo.stop();
      // After the last request, before the database closes: a round under way finishes first.
      await stopBackground?.();
      await db.close();
    },
  };
}
