import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError, type DocumentNode } from 'graphql';
import { jsonBodyErrors, keepConnectionsOpen } from '../platform/http';
import { CATALOGUE } from '../platform/catalogue';
import { publicQueryFields } from '../platform/operations';
import {
  agencyDirectory, assertKnownAgency, authenticateOrPublic, signClientOperation, CLIENT_OPERATION_HEADER, CLIENT_OPERATION_SIGNATURE_HEADER, type AgencyDirectory, type Caller,
} from '../platform/auth';
import { config } from '../platform/config';
import { logger } from '../platform/logger';
import { projectRoot } from '../platform/paths';
import { errorIdentityPlugin, formatError, remoteKnownAgency, requestIdOf, requestLogPlugin } from '../platform/apollo';
import { configuredUrl, type SubgraphName } from '../platform/services';
import { countingErrors, metricsHandler, metricsPlugin } from '../platform/metrics';
import { accessLog } from '../platform/request-scope';
import { applyRouter } from './apply/router';
import { publishedRouter } from './published';
import { CONSOLE_DIR, consoleRouter } from './console';
import { depthLimitRule, queryLimitsPlugin } from './limits';
import { perTokenRateLimit } from './rate-limit';
import { expandEntities, postToSubgraph, uniqueRepresentations } from './subgraph-fetch';
import { alignGatewayPlans } from './plan-levels';
import { mergeableEntityFetch, mergeEntityFetches, splitEntityResponse, type EntityResponse } from './entity-batch';

/**
 * The gateway: Apollo Server with @apollo/gateway serving the static, committed supergraph
 * (schema/supergraph.graphql). It verifies the bearer token, refuses over-deep or over-costly
 * queries, plans the query and forwards the caller's token and request id to every subgraph (which
 * verify the token again).
 */
export interface GatewayContext {
  requestId: string;
  authorization: string;
  caller: Caller;
  /** The purpose of processing the caller declares (x-purpose), forwarded to subgraphs. */
  purpose?: string;
  /** The client operation's name signed for this caller (gateway/index.ts, willSendRequest). */
  operationSignature?: { operation: string; signature: string };
}

const PUBLIC_FIELDS = publicQueryFields(...Object.values(CATALOGUE));

export const SUPERGRAPH_PATH = path.join(projectRoot(), 'schema', 'supergraph.graphql');

type GraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

/** The headers of one subgraph fetch, as willSendRequest sets them (names are case-insensitive). */
class RequestHeaders {
  private readonly values = new Map<string, string>();
  constructor(from?: Iterable<[string, string]>) {
    for (const [name, value] of from ?? []) this.set(name, value);
  }
  set(name: string, value: string) {
    this.values.set(name.toLowerCase(), value);
  }
  get(name: string): string | null {
    return this.values.get(name.toLowerCase()) ?? null;
  }
  has(name: string): boolean {
    return this.values.has(name.toLowerCase());
  }
  [Symbol.iterator]() {
    return this.values.entries();
  }
  record(): Record<string, string> {
    return Object.fromEntries(this.values);
  }
}

/** An entity fetch waiting to be sent with others (ForwardingDataSource.batched). */
interface WaitingFetch {
  fetch: { query: string; variables?: Record<string, unknown>; operationName?: string; document?: DocumentNode };
  resolve(answer: GraphQLResponse): void;
  reject(err: unknown): void;
}

/** A number for each incoming request's context: fetches are merged only within one request. */
const requestKeys = new WeakMap<object, number>();
let lastRequestKey = 0;
function requestKey(context: object): number {
  let key = requestKeys.get(context);
  if (key === undefined) requestKeys.set(context, (key = ++lastRequestKey));
  return key;
}

/** Forwards the caller's credentials and request id on every subgraph fetch. */
class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  /** The subgraph's name (set by buildService). */
  service = 'subgraph';

  /** Identical reads in flight: key → the first caller's fetch (see `deduplicate`). */
  private readonly inFlight = new Map<string, Promise<GraphQLResponse>>();
  deduplicate = false;

  /**
   * In-flight de-duplication of reads: while a subgraph fetch is under way, an identical one (same
   * subgraph, same bearer token and purpose, same query and variables) waits for it instead of
   * being sent again; each waiter gets its own copy of the answer. Keyed by the caller's token, so
   * nothing is shared between callers; mutations are never shared. (The access log then records
   * one decision for identical simultaneous reads by the same caller.)
   */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GraphQLResponse> {
    const query = options.request.query ?? '';
    // An entity fetch names each entity once; the answer is spread back over every place it appears.
    const representations = options.request.variables?.representations;
    const distinct = Array.isArray(representations) ? uniqueRepresentations(representations) : undefined;
    if (distinct) options.request.variables = { ...options.request.variables, representations: distinct.unique };
    const answer = this.shared(options, query);
    return distinct ? expandEntities(await answer, distinct.index) : answer;
  }

  private async shared(options: GraphQLDataSourceProcessOptions<GatewayContext>, query: string): Promise<GraphQLResponse> {
    if (!this.deduplicate || /^\s*mutation\b/.test(query)) return this.processOnce(options);
    const ctx = options.context as Partial<GatewayContext>;
    const key = JSON.stringify([ctx.authorization ?? '', ctx.purpose ?? '', query, options.request.variables ?? {}]);
    const running = this.inFlight.get(key);
    if (running) {
      // The HTTP response is not data (its headers are read through functions): shared as it is.
      const { http: response, ...answer } = await running;
      return { ...structuredClone(answer), http: response };
    }
    const fetch = this.processOnce(options).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, fetch);
    return fetch;
  }

  /** Milliseconds one subgraph fetch may take (GATEWAY_SUBGRAPH_TIMEOUT_MS); 0: no limit. */
  timeoutMs = 0;

  withTimeout(ms: number): this {
    this.timeoutMs = ms;
    return this;
  }

  /**
   * Merge the entity fetches of one incoming request that are sent to this subgraph together (with
   * the same headers) into one request (gateway/entity-batch.ts); GATEWAY_BATCH_ENTITY_FETCHES.
   */
  batchEntities = false;

  /** Entity fetches waiting to be sent together, by incoming request and headers. */
  private readonly waiting = new Map<string, Array<WaitingFetch>>();

  /**
   * The fetch itself, in place of RemoteGraphQLDataSource.process (whose make-fetch-happen and
   * node-fetch Request and Headers cost more than the rest of a fetch): the same headers
   * (willSendRequest), a plain POST on kept-alive sockets with its own timeout
   * (gateway/subgraph-fetch.ts), and the same answers and errors (errorFromResponse).
   */
  private async send(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GraphQLResponse> {
    const { request } = options;
    const headers = new RequestHeaders(request.http?.headers);
    headers.set('content-type', 'application/json');
    request.http = { method: 'POST', url: this.url, headers: headers as never };
    this.willSendRequest(options);
    if (!request.query) throw new Error('Missing query');
    const { http: target, ...body } = request;
    const record = headers.record();
    const document = 'document' in options ? options.document : undefined;
    const onlyOperation = Object.keys(body).every((k) => k === 'query' || k === 'variables' || k === 'operationName');
    if (this.batchEntities && 'incomingRequestContext' in options && onlyOperation && mergeableEntityFetch(request.query, document)) {
      return this.batched(options.context, target.url, record, { query: request.query, variables: request.variables, operationName: request.operationName, document });
    }
    return this.post(target.url, record, JSON.stringify(body));
  }

  /** One POST and its answer: refusals as errorFromResponse makes them, a body that must be JSON. */
  private async post(url: string, headers: Record<string, string>, body: string): Promise<GraphQLResponse> {
    const response = await postToSubgraph(url, headers, body, this.timeoutMs);
    if (!response.ok) throw await this.errorFromResponse(response as never);
    const parsed = /^application\/(graphql-response\+)?json/.test(response.headers.get('content-type') ?? '') ? await response.json() : await response.text();
    if (typeof parsed !== 'object' || parsed === null) throw new Error(`Expected JSON response body, but received: ${String(parsed)}`);
    return { ...(parsed as GraphQLResponse), http: response as never };
  }

  /**
   * An entity fetch waits for the code that started it to finish (a microtask: the fetches of a
   * plan's Parallel node start together; waiting longer would make what is merged depend on when
   * answers arrive, and add latency) for the other entity fetches of the same incoming request to
   * this subgraph with the same headers (token, request id, purpose, signed client operation name);
   * they go as one request. Nothing is merged across incoming requests, so never across callers. A
   * failed request (unreachable, timed out, refused) fails every fetch in it, each as it would have
   * failed alone.
   */
  private batched(context: object, url: string, headers: Record<string, string>, fetch: WaitingFetch['fetch']): Promise<GraphQLResponse> {
    const key = `${requestKey(context)}\n${JSON.stringify(headers)}`;
    return new Promise((resolve, reject) => {
      let queue = this.waiting.get(key);
      if (!queue) {
        const fetches: WaitingFetch[] = (queue = []);
        this.waiting.set(key, fetches);
        queueMicrotask(() => {
          this.waiting.delete(key);
          void this.sendTogether(url, headers, fetches);
        });
      }
      queue.push({ fetch, resolve, reject });
    });
  }

  private async sendTogether(url: string, headers: Record<string, string>, fetches: WaitingFetch[]) {
    try {
      if (fetches.length === 1) {
        const [{ fetch }] = fetches;
        fetches[0].resolve(await this.post(url, headers, JSON.stringify({ query: fetch.query, variables: fetch.variables, operationName: fetch.operationName })));
        return;
      }
      const { http: response, ...answer } = await this.post(url, headers, JSON.stringify(mergeEntityFetches(fetches.map((f) => f.fetch))));
      const parts = splitEntityResponse(answer as EntityResponse, fetches.length);
      fetches.forEach((f, i) => f.resolve({ ...(parts[i] as GraphQLResponse), http: response }));
    } catch (err) {
      for (const f of fetches) f.reject(err);
    }
  }

  /**
   * A subgraph that cannot be reached, or does not answer within `timeoutMs`, is SERVICE_UNAVAILABLE,
   * naming it; the rest of the response still arrives. The timeout aborts the fetch, so a slow
   * subgraph holds no gateway request (nor socket) open past it: requests cannot pile up behind it.
   */
  private async processOnce(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GraphQLResponse> {
    try {
      return await this.send(options);
    } catch (err) {
      if (err instanceof GraphQLError) throw err;
      const timedOut = this.timeoutMs > 0 && (err as { name?: string }).name === 'AbortError';
      logger.warn({ service: this.service, err: String(err), timedOut }, timedOut ? 'subgraph timed out' : 'subgraph unreachable');
      throw new GraphQLError(timedOut ? `The ${this.service} service did not answer within ${this.timeoutMs} ms` : `The ${this.service} service is unavailable`, {
        extensions: { code: 'SERVICE_UNAVAILABLE', service: this.service, ...(timedOut ? { reason: 'timeout' } : {}) },
      });
    }
  }

  /**
   * A subgraph refusing a request (HTTP 4xx with GraphQL errors, e.g. a variable its scalar
   * rejects) keeps its message and code, instead of a bare "400: Bad Request" becoming a 500.
   */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]) {
    const error = await super.errorFromResponse(response);
    const body = (error.extensions.response as { body?: { errors?: Array<{ message?: string; extensions?: Record<string, unknown> }> } })?.body;
    const first = typeof body === 'object' ? body?.errors?.[0] : undefined;
    if (response.status >= 400 && response.status < 500 && first?.message) {
      const code = typeof first.extensions?.code === 'string' ? first.extensions.code : 'BAD_USER_INPUT';
      const kept = Object.fromEntries(['field', 'reason', 'requestId'].filter((k) => first.extensions?.[k] !== undefined).map((k) => [k, first.extensions![k]]));
      return new GraphQLError(first.message, { extensions: { code, ...kept } });
    }
    return error;
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const { request, context } = options;
    const ctx = context as Partial<GatewayContext>;
    // The client's own operation name (the gateway renames the subgraph operations), for the audit
    // log, signed for this caller's token: subgraphs trust no unsigned name (platform/auth.ts).
    const incoming = 'incomingRequestContext' in options ? options.incomingRequestContext : undefined;
    const operation = incoming?.operation ? `${incoming.operation.operation} ${incoming.operationName ?? '(anonymous)'}`.slice(0, 200) : undefined;
    if (operation && ctx.authorization !== undefined) {
      request.http?.headers.set(CLIENT_OPERATION_HEADER, operation);
      // Signed once a request, not once a fetch (the same name and token for every subgraph).
      const signed = (ctx.operationSignature ??= { operation, signature: signClientOperation(operation, ctx.authorization) });
      request.http?.headers.set(CLIENT_OPERATION_SIGNATURE_HEADER, signed.operation === operation ? signed.signature : signClientOperation(operation, ctx.authorization));
    }
    if (ctx.authorization) request.http?.headers.set('authorization', ctx.authorization);
    if (ctx.requestId) request.http?.headers.set('x-request-id', ctx.requestId);
    if (ctx.purpose) request.http?.headers.set('x-purpose', ctx.purpose);
  }
}

export interface GatewayOptions {
  port: number;
  host?: string;
  /** Overrides the URL the supergraph names for a subgraph. */
  subgraphUrls?: Partial<Record<SubgraphName, string>>;
  supergraphSdl?: string;
  /** Overrides GATEWAY_BATCH_ENTITY_FETCHES (tests compare with and without). */
  batchEntityFetches?: boolean;
  /** Overrides GATEWAY_SUBGRAPH_TIMEOUT_MS (the fault drills use a short one). */
  subgraphTimeoutMs?: number;
  /** Overrides RATE_LIMIT_PER_MINUTE (tests). */
  rateLimitPerMinute?: number;
  /** Overrides the public form's APPLY_* limits (tests). */
  applyLimits?: { submissionsPerHour?: number; authorityPerHour?: number; pagesPerMinute?: number };
  /** Overrides TRUST_PROXY (tests). */
  trustProxy?: string;
}

/**
 * TRUST_PROXY as Express's `trust proxy`: false (the default: the socket's address is the
 * client's), a hop count, or the proxies' addresses and subnets (`loopback`, `10.0.0.0/8`, ...).
 * The public form's per-address rate limits read the client address from it.
 */
export function trustProxySetting(value: string | undefined): boolean | number | string[] {
  const v = (value ?? '').trim();
  if (!v || v.toLowerCase() === 'false' || v === '0') return false;
  if (v.toLowerCase() === 'true') throw new Error('TRUST_PROXY must name the proxies (a hop count, addresses, subnets or loopback), not true');
  if (/^\d+$/.test(v)) return Number(v);
  return v.split(',').map((p) => p.trim()).filter(Boolean);
}

export interface RunningGateway {
  url: string;
  port: number;
  /** Which agencies the gateway has found known (cached) and how often it asked. */
  agencies?: AgencyDirectory;
  stop(): Promise<void>;
}

/** A subgraph's address from the environment (read on each use, as the fault drills re-point them). */
const envSubgraphUrl = (name: string) => configuredUrl(config(), name);

export async function startGateway(opts: GatewayOptions): Promise<RunningGateway> {
  const c = config();
  const urls = new Map<string, string>();
  const gateway = new ApolloGateway({
    supergraphSdl: opts.supergraphSdl ?? fs.readFileSync(SUPERGRAPH_PATH, 'utf8'),
    buildService: ({ name, url }) => {
      const target = opts.subgraphUrls?.[name as SubgraphName] ?? envSubgraphUrl(name) ?? url!;
      urls.set(name, target);
      return Object.assign(new ForwardingDataSource({ url: target }), { service: name, deduplicate: c.GATEWAY_DEDUPLICATE_READS, batchEntities: opts.batchEntityFetches ?? c.GATEWAY_BATCH_ENTITY_FETCHES }).withTimeout(
        opts.subgraphTimeoutMs ?? c.GATEWAY_SUBGRAPH_TIMEOUT_MS,
      );
    },
  });
  // Entity fetches are merged only when they start together: plans in aligned levels make the ones
  // to the same subgraph start together whatever the timing of the root fetches (gateway/plan-levels.ts).
  if (opts.batchEntityFetches ?? c.GATEWAY_BATCH_ENTITY_FETCHES) alignGatewayPlans(gateway);

  // A token naming an agency the hub does not know is refused here too (the consent subgraph knows them).
  const agencies = agencyDirectory(remoteKnownAgency('gateway', () => urls.get('consent') ?? opts.subgraphUrls?.consent ?? envSubgraphUrl('consent') ?? ''));

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxySetting(opts.trustProxy ?? c.TRUST_PROXY));
  app.use(accessLog('gateway'));
  const httpServer = keepConnectionsOpen(http.createServer(app));
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: countingErrors('gateway', formatError),
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    parseOptions: { maxTokens: c.MAX_QUERY_TOKENS },
    validationRules: [depthLimitRule(c.MAX_QUERY_DEPTH)],
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginCacheControlDisabled(),
      queryLimitsPlugin<GatewayContext>({ maxCost: c.MAX_QUERY_COST, maxAliases: c.MAX_QUERY_ALIASES, maxDirectives: c.MAX_QUERY_DIRECTIVES }),
      requestLogPlugin('gateway'),
      metricsPlugin('gateway'),
      errorIdentityPlugin(),
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: 'gateway' });
  });
  app.get('/readyz', async (_req, res) => {
    const checks = await Promise.all(
      [...urls].map(async ([name, url]) => {
        try {
          const r = await fetch(url.replace(/\/graphql$/, '/readyz'), { signal: AbortSignal.timeout(2_000) });
          const body = (await r.json()) as { database?: string };
          return [name, r.ok ? 'ready' : `unavailable (database ${body.database ?? 'unknown'})`] as const;
        } catch {
          return [name, 'unreachable'] as const;
        }
      }),
    );
    const ready = checks.every(([, s]) => s === 'ready');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', subgraphs: Object.fromEntries(checks) });
  });
  app.get('/metrics', metricsHandler);
  const limiter = perTokenRateLimit(opts.rateLimitPerMinute ?? c.RATE_LIMIT_PER_MINUTE);
  if (limiter) app.use('/graphql', limiter);
  app.use(
    '/graphql',
    express.json({ limit: '20mb' }),
    jsonBodyErrors,
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const authorization = req.headers.authorization ?? '';
        // Without a token only the catalogue's public queries (published figures) are answered.
        const caller = await authenticateOrPublic(req.headers.authorization, req.body, PUBLIC_FIELDS);
        const requestId = requestIdOf(req.headers['x-request-id']);
        await assertKnownAgency(caller, agencies, requestId);
        const purpose = typeof req.headers['x-purpose'] === 'string' ? req.headers['x-purpose'] : undefined;
        return { requestId, authorization, caller, purpose };
      },
    }),
  );

  // The published yearly figures as CSV (gateway/published.ts), no sign-in.
  app.use(
    publishedRouter(() => urls.get('triggers') ?? opts.subgraphUrls?.triggers ?? envSubgraphUrl('triggers'), {
      config: c,
      consentUrl: () => urls.get('consent') ?? opts.subgraphUrls?.consent ?? envSubgraphUrl('consent'),
      consoleDir: CONSOLE_DIR,
    }),
  );

  // The public online application form and the applicant's own page (gateway/apply/), no sign-in.
  app.use(applyRouter({ config: c, subgraphUrl: (name) => urls.get(name), consoleDir: CONSOLE_DIR, limits: opts.applyLimits }));

  // The web console at `/` (gateway/console.ts), after every API route.
  app.use(consoleRouter(c));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(opts.port, opts.host ?? c.HOST, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://localhost:${port}/graphql`;
  logger.info({ url }, 'gateway listening');
  return {
    url,
    port,
    agencies,
    stop: () => apollo.stop(),
  };
}
