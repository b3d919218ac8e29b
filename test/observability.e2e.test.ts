import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../gateway';
import { DEMO } from '../seeds/demo-data';
import { SUBGRAPH_NAMES } from '../platform/services';
import { startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * What a platform team scrapes and reads: Prometheus metrics on the gateway and every subgraph, no
 * X-Powered-By, the request id echoed and on every log line of the request, one access-log line
 * per request, and the per-token rate limit answered 429 with Retry-After.
 */
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ seed: true });
});
afterAll(() => t?.stop());

const gatewayBase = () => `http://127.0.0.1:${t.hub.gateway.port}`;
const metricsOf = async (base: string) => {
  const r = await fetch(`${base}/metrics`);
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/text\/plain/);
  return r.text();
};
/** The value of one series, or undefined. */
const series = (text: string, name: string, labels: Record<string, string>) => {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line ? Number(line.split(' ').pop()) : undefined;
};

describe('/metrics', () => {
  it('counts requests and latency by operation, errors by code, access decisions, ingestion and the database pools', async () => {
    const spoc = await tokenFor('sevenoaks-dc', 'spoc');
    const before = await metricsOf(gatewayBase());
    const count = (text: string) =>
      series(text, 'asb_hub_graphql_request_duration_seconds_count', { service: 'gateway', operation: 'AliceName', type: 'query' }) ?? 0;
    const r = await t.query(`query AliceName { person(id: "${DEMO.people.alice}") { givenName } }`, {}, { token: spoc });
    expect(r.errors).toBeUndefined();
    await t.query('query NoToken { agencies { id } }');
    const police = await tokenFor('kent-police', 'contributor');
    const record = (sourceRef: string, reportedAt: string) => ({
      sourceRef,
      category: 'NUISANCE',
      subType: 'Noise',
      occurredAt: '2026-01-05T22:00:00Z',
      reportedAt,
      description: 'Music late at night.',
      location: { address: '3 Elm Court, Sevenoaks', lsoaCode: 'E01024503' },
    });
    const submitted = await t.query(
      'mutation($records: [IncidentInput!]!) { submitIncidents(source: POLICE, records: $records) { accepted rejected { index errors { field } } } }',
      // The second was reported before it happened: rejected on its own.
      { records: [record('METRICS-1', '2026-01-06T09:00:00Z'), record('METRICS-2', '2025-01-01T00:00:00Z')] },
      { token: police },
    );
    expect(submitted.data, JSON.stringify(submitted)).toMatchObject({ submitIncidents: { accepted: 1, rejected: [{ index: 1 }] } });

    const after = await metricsOf(gatewayBase());
    expect(count(after) - count(before)).toBe(1);
    expect(series(after, 'asb_hub_graphql_request_duration_seconds_bucket', { service: 'gateway', operation: 'AliceName', le: '+Inf' })).toBeGreaterThanOrEqual(
      1,
    );
    expect(series(after, 'asb_hub_graphql_errors_total', { service: 'gateway', code: 'UNAUTHENTICATED' })).toBeGreaterThanOrEqual(1);
    // The subgraph that answered the person's name counted its own request.
    expect(series(after, 'asb_hub_graphql_request_duration_seconds_count', { service: 'consent' })).toBeGreaterThanOrEqual(1);
    expect(series(after, 'asb_hub_access_decisions_total', { category: 'IDENTITY', decision: 'ALLOW' })).toBeGreaterThanOrEqual(1);
    expect(series(after, 'asb_hub_ingested_records_total', { source: 'POLICE', outcome: 'accepted' })).toBeGreaterThanOrEqual(1);
    expect(series(after, 'asb_hub_ingested_records_total', { source: 'POLICE', outcome: 'rejected' })).toBeGreaterThanOrEqual(1);
    for (const name of SUBGRAPH_NAMES) expect(series(after, 'asb_hub_db_pool_connections', { pool: name, state: 'max' }), name).toBeGreaterThan(0);
    expect(after).toMatch(/^asb_hub_process_cpu_seconds_total /m);
  });

  it('every subgraph serves it on its own port', async () => {
    for (const name of SUBGRAPH_NAMES) {
      const text = await metricsOf(new URL(t.hub.subgraphs[name].url).origin);
      expect(text, name).toContain('asb_hub_graphql_request_duration_seconds');
    }
  });
});

describe('HTTP hygiene', () => {
  it('no X-Powered-By; the request id is echoed, or made when the caller sends none', async () => {
    for (const base of [gatewayBase(), ...SUBGRAPH_NAMES.map((n) => new URL(t.hub.subgraphs[n].url).origin)]) {
      const r = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'req-observability-1' },
        body: '{"query":"{ __typename }"}',
      });
      expect(r.headers.get('x-powered-by'), base).toBeNull();
      expect(r.headers.get('x-request-id'), base).toBe('req-observability-1');
      const made = await fetch(`${base}/healthz`);
      expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe('rate limiting per token', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startGateway({ port: 0, subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, t.hub.subgraphs[n].url])), rateLimitPerMinute: 3 });
  });
  afterAll(() => gw?.stop());

  it('answers 429 with Retry-After once a token passes its limit; other tokens go on', async () => {
    const post = (token: string) =>
      fetch(gw.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: '{"query":"{ agencies { id } }"}',
      });
    const busy = await tokenFor('kent-police', 'dpo');
    for (let i = 0; i < 3; i++) expect((await post(busy)).status).toBe(200);
    const refused = await post(busy);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = (await refused.json()) as { errors: Array<{ extensions: Record<string, unknown> }> };
    expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 3, retryAfter });
    const other = await post(await tokenFor('sevenoaks-dc', 'dpo'));
    expect(other.status).toBe(200);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

describe('logs', () => {
  it('one access-log line per request, and the request id on every line written while serving it', async () => {
    const root = path.resolve(__dirname, '..');
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), LOG_LEVEL: 'info', HOST: '127.0.0.1' };
    for (const key of Object.keys(env)) if (key.startsWith('VITEST')) delete env[key];
    // Every subgraph unreachable: the gateway logs a warning for each fetch it cannot make.
    for (const name of SUBGRAPH_NAMES) env[`${name.toUpperCase()}_URL`] = 'http://127.0.0.1:1/graphql';
    const child = spawn(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'gateway/main.ts'], { cwd: root, env });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    try {
      for (let i = 0; i < 100 && !out.includes('gateway listening'); i++) await new Promise((r) => setTimeout(r, 200));
      const token = await tokenFor('kent-police', 'dpo');
      const r = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'req-log-42' },
        body: '{"query":"{ agencies { id } }"}',
      });
      // With consent unreachable the caller's agency cannot be checked: refused, fail closed (platform/auth.ts).
      expect(r.status).toBe(503);
      await fetch(`http://127.0.0.1:${port}/healthz`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const lines = out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, any>);
      const access = lines.filter((l) => /^(GET|POST) \//.test(l.msg));
      expect(access.map((l) => l.msg)).toEqual(['POST /graphql 503']);
      expect(access[0]).toMatchObject({ requestId: 'req-log-42', req: { method: 'POST', url: '/graphql' }, res: { statusCode: 503 } });
      expect(access[0].responseTime).toEqual(expect.any(Number));
      expect(JSON.stringify(access[0])).not.toContain(token);
      const problems = lines.filter((l) => l.level >= 40 && l !== access[0]);
      expect(problems.length).toBeGreaterThan(0);
      for (const l of problems) expect(l, l.msg).toMatchObject({ requestId: 'req-log-42' });
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
