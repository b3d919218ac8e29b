import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, Kind, parse, visit, type ASTNode, type GraphQLFormattedError, type GraphQLSchema, type ValueNode } from 'graphql';
import type { AnyEntity, EntityClass } from '@mikro-orm/core';
import type { MigrationObject } from '@mikro-orm/core';
import type { NonEmptyArray } from 'type-graphql';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { randomUUID } from 'node:crypto';
import {
  agencyDirectory, assertKnownAgency, authenticateOrPublic, verifyClientOperation, CLIENT_OPERATION_HEADER, CLIENT_OPERATION_SIGNATURE_HEADER, type AgencyDirectory,
} from './auth';
import { jsonBodyErrors, keepConnectionsOpen } from './http';
import { createContext, type HubContext } from './context';
import { openSubgraphDatabase, type SubgraphDatabase } from './database';
import { buildFederatedSchema } from './federation';
import { logger } from './logger';
import { applyPermissions, generatePermissions } from './permission-layer';
import { publicQueryFields, type SubgraphCatalogue } from './operations';
import type { PolicyDecisionPoint } from './access';
import { config } from './config';
import { remotePolicyDecisionPoint } from './pdp-client';
import { callService, nameService } from './service-client';
import { SCALAR_REASONS } from './scalars';
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
  /** This subgraph's part of the operation catalogue (subgraphs/catalogue.ts); fields declare themselves. */
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
  /** HTTP routes of its own beside /graphql (e.g. the consent subgraph's policy decision point). */
  routes?: (app: express.Express, db: SubgraphDatabase) => void;
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
    const fromEnv = { incidents: c.INCIDENTS_URL, consent: c.CONSENT_URL, triggers: c.TRIGGERS_URL, reviews: c.REVIEWS_URL }[name];
    const port = { incidents: c.INCIDENTS_PORT, consent: c.CONSENT_PORT, triggers: c.TRIGGERS_PORT, reviews: c.REVIEWS_PORT }[name];
    const url = explicit[name] ?? fromEnv ?? `http://127.0.0.1:${port}/graphql`;
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
 * graphql-js reports a bad variable as `Variable "$input" got invalid value <the value> at
 * "input.email"; <reason>`: the value may be personal data and the field is only in the text. We
 * name the field in `extensions.field` and drop the value; the reason is kept only when it is one
 * known to quote nothing the caller sent (scalars' own reasons often do: graphql-scalars'
 * DateTimeISO says `DateTime cannot represent an invalid date-time-string <the value>`).
 */
const VARIABLE_ERROR = /^Variable "\$([^"]+)" got invalid value [\s\S]*?(?: at "([^"]+)")?; ([\s\S]*)$/;

/** Reasons that name only fields and types. */
const VALUE_FREE_REASONS = [
  /^Expected non-nullable type "[\w[\]!]+" not to be null\.$/,
  /^Field "[\w.]+" of required type "[\w[\]!]+" was not provided\.$/,
  /^Field "[\w.]+" is not defined by type "\w+"\.( Did you mean( "\w+",?)+( or "\w+")?\?)?$/,
  /^Expected type "[\w[\]!]+" to be an object\.$/,
];
const valueFree = (reason: string) => SCALAR_REASONS.has(reason) || VALUE_FREE_REASONS.some((r) => r.test(reason));

export function formatVariableError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const m = VARIABLE_ERROR.exec(formatted.message);
  if (!m) return formatted;
  const field = m[2] ?? m[1];
  const reason = m[3].trim();
  return { ...formatted, message: `Invalid value for ${field}${valueFree(reason) ? `: ${reason}` : ''}`, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT', field } };
}

const VALUE_KINDS = new Set<string>([Kind.STRING, Kind.INT, Kind.FLOAT, Kind.BOOLEAN, Kind.ENUM, Kind.LIST, Kind.OBJECT, Kind.NULL, Kind.OBJECT_FIELD]);

/**
 * Where in the document a literal is, as a field path (`filter.occurredFrom`, `ids[2]`, `$since`
 * for a variable's default), found by the literal's position: validation errors carry the node.
 */
function literalPath(node: ASTNode, body: string): string | undefined {
  const at = node.loc;
  if (!at) return undefined;
  let doc;
  try {
    doc = parse(body, { noLocation: false });
  } catch {
    return undefined;
  }
  let found: string | undefined;
  const same = (n: ASTNode) => n.loc?.start === at.start && n.loc?.end === at.end;
  const walk = (v: ValueNode, path: string) => {
    if (found) return;
    if (same(v)) found = path;
    else if (v.kind === Kind.OBJECT) {
      for (const f of v.fields) {
        if (same(f)) found = `${path}.${f.name.value}`;
        else walk(f.value, `${path}.${f.name.value}`);
      }
    }
    else if (v.kind === Kind.LIST) v.values.forEach((x, i) => walk(x, `${path}[${i}]`));
  };
  visit(doc, {
    Argument: (a) => walk(a.value, a.name.value),
    VariableDefinition: (d) => (d.defaultValue ? walk(d.defaultValue, `$${d.variable.name.value}`) : undefined),
  });
  return found;
}

/** Messages graphql-js and scalars give for a bad literal (they quote the literal). */
const LITERAL_ERROR = /^Expected value of type |cannot represent|does not exist in "\w+" enum|is not a valid|^Value is not|cannot be (serialized|parsed)/;

/**
 * A literal in the query document that its type refuses: the message names the argument path,
 * never the literal (graphql-js prints it, e.g. `Int cannot represent non-integer value: "…"`).
 */
export function formatLiteralError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error : undefined;
  const node = original?.nodes?.[0];
  const isLiteral = node ? VALUE_KINDS.has(node.kind) : LITERAL_ERROR.test(formatted.message);
  if (!isLiteral) return formatted;
  const fieldOnly = VALUE_FREE_REASONS.some((r) => r.test(formatted.message));
  if (fieldOnly) return formatted;
  const body = original?.source?.body ?? node?.loc?.source.body;
  const field = node && body ? literalPath(node, body) : undefined;
  return {
    ...formatted,
    message: field ? `Invalid value for ${field}` : 'Invalid value in the query document',
    extensions: { ...formatted.extensions, ...(field ? { field } : {}) },
  };
}

/** The database cannot be reached (down, restarting, connections dropped): worth retrying. */
function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { name?: string; code?: string; message?: string } | undefined;
  if (!e) return false;
  return (
    e.name === 'ConnectionException' ||
    ['57P01', '57P02', '57P03', '08000', '08001', '08003', '08006', 'ECONNREFUSED', 'ECONNRESET'].includes(String(e.code)) ||
    // "Transaction query already complete" and pg's "Client has encountered a connection error and is
    // not queryable" (on the ROLLBACK): the connection died mid-transaction, which PostgreSQL rolled
    // back; nothing was written, so a retry is right.
    /Connection terminated|Connection ended unexpectedly|ECONNREFUSED|the database system is (starting up|shutting down)|Timeout acquiring a connection|Transaction query already complete|Client has encountered a connection error|is not queryable/i.test(e.message ?? '')
  );
}

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (formatted.message.startsWith('Variable "$')) formatted = formatVariableError(formatted);
  else if (formatted.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' || formatted.extensions?.code === 'BAD_USER_INPUT') formatted = formatLiteralError(formatted, error);
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
 * Every FORBIDDEN leaving the server carries the request id (to find the decision in the access
 * log) and `extensions.reason` (`denied` unless the rule said otherwise; see errors.ts).
 */
export function errorIdentityPlugin(): ApolloServerPlugin<{ requestId: string }> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          response.body.singleResult.errors = response.body.singleResult.errors.map((e) =>
            e.extensions?.code === 'FORBIDDEN' ? { ...e, extensions: { ...e.extensions, reason: e.extensions.reason ?? 'denied', requestId: contextValue.requestId } } : e,
          );
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

/** The caller's x-request-id when it is a plain correlation id (it is repeated in errors), else a new one. */
export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && /^[\w.:-]{1,100}$/.test(header) ? header : randomUUID();
}

/** The consent subgraph's answer to "is this agency known?", asked with the service credential. */
export function remoteKnownAgency(from: string, consentUrl: () => string): (agencyId: string) => Promise<boolean> {
  return async (agencyId) => {
    const data = await callService<{ serviceAgencyKind: string | null }>(from, consentUrl(), 'query KnownAgency($id: ID!) { serviceAgencyKind(id: $id) }', { id: agencyId });
    return data.serviceAgencyKind !== null;
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
  const httpServer = keepConnectionsOpen(http.createServer(app));
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
      await apollo.stop();
      // After the last request, before the database closes: a round under way finishes first.
      await stopBackground?.();
      await db.close();
    },
  };
}
