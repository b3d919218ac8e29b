import { expect } from 'vitest';
import { signToken, signServiceToken, type Role } from '../../platform/auth';
import type { SubgraphName } from '../../platform/services';
import { startHub, type Hub } from '../../scripts/lib/hub';
import { freshDatabase } from './db';

/**
 * The whole hub in-process for end-to-end tests: a fresh database, every subgraph and the gateway
 * on free ports, optionally the demo data. Requests go over real HTTP with real tokens.
 */
export interface GraphQLResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: Array<{ message: string; path?: (string | number)[]; extensions?: Record<string, any> }>;
}

export interface TestHub {
  hub: Hub;
  databaseUrl: string;
  /** POST a query to the gateway (or to `url`) with the given bearer token (none when omitted). */
  query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, opts?: { token?: string; url?: string }): Promise<GraphQLResponse<T>>;
  /** The SQL statements each subgraph has sent so far. */
  sqlCount(name: SubgraphName): number;
  /** The GraphQL requests each subgraph has served so far (gateway fetches and service calls). */
  fetchCount(name: SubgraphName): number;
  stop(): Promise<void>;
}

export const tokenFor = (agency: string, ...roles: Role[]) => signToken({ sub: `${roles[0]}.${agency}`, agency, roles });
export const serviceToken = (service = 'test') => signServiceToken(service);

export async function postGraphQL<T>(url: string, query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as GraphQLResponse<T>;
}

/**
 * `ok(query, variables, token)`: a query through the gateway of `hub()` that must succeed; the test
 * fails showing the errors, else it gets the data. The hub (and the default token) are read at each
 * call, as test files start their hub in `beforeAll`.
 */
export function answers(hub: () => TestHub, defaultToken?: () => string) {
  return async <T = any>(query: string, variables: Record<string, unknown>, token = defaultToken?.()): Promise<T> => {
    const res = await hub().query<any>(query, variables, { token });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data as T;
  };
}

export async function startTestHub(opts: { seed?: boolean; rules?: boolean } = {}): Promise<TestHub> {
  const db = await freshDatabase();
  const hub = await startHub({ clientUrl: db.url, gatewayPort: 0, subgraphPort: () => 0, seed: opts.seed ?? true, rules: opts.rules });
  return {
    hub,
    databaseUrl: db.url,
    query: (q, variables, o = {}) => postGraphQL(o.url ?? `http://127.0.0.1:${hub.gateway.port}/graphql`, q, variables, o.token),
    sqlCount: (name) => hub.subgraphs[name].db.stats.statements,
    fetchCount: (name) => hub.subgraphs[name].requests(),
    async stop() {
      await hub.stop();
      await db.drop();
    },
  };
}
