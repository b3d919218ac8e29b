import { execFile } from 'node:child_process';
import path from 'node:path';
import { SpanKind } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { SUBGRAPH_NAMES } from '../platform/services';
import { freshDatabase } from './support/db';

/**
 * One trace from the gateway through the subgraphs to PostgreSQL: a reviewer's case history (the
 * gateway fetches from every subgraph; reviews calls incidents and triggers itself), traced with
 * the hub's own tracing setup and an in-memory exporter (test/fixtures/tracing/trace-hub.ts).
 */
interface SpanOut {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

describe('OpenTelemetry', () => {
  it('one trace spans the gateway, every subgraph and their PostgreSQL statements', async () => {
    const db = await freshDatabase('tracing');
    try {
      const root = path.resolve(__dirname, '..');
      const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'error' };
      for (const key of Object.keys(env)) if (key.startsWith('VITEST')) delete env[key];
      const stdout = await new Promise<string>((resolve, reject) =>
        execFile(
          process.execPath,
          [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'test/fixtures/tracing/trace-hub.ts', db.url],
          { cwd: root, env, timeout: 120_000, maxBuffer: 64 << 20 },
          (err, out, errOut) => (err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out)),
        ),
      );
      const { status, errors, ports, spans } = JSON.parse(stdout.trim().split('\n').pop()!) as {
        status: number;
        errors: unknown;
        ports: Record<string, number>;
        spans: SpanOut[];
      };
      expect(status).toBe(200);
      expect(errors).toBeNull();

      const portOf = (s: SpanOut) => Number(s.attributes['server.port'] ?? s.attributes['net.host.port'] ?? s.attributes['url.port']);
      const servers = spans.filter((s) => s.kind === SpanKind.SERVER);
      const gateway = servers.filter((s) => portOf(s) === ports.gateway);
      expect(gateway).toHaveLength(1);
      const traceId = gateway[0].traceId;
      // Every span of the query is in the gateway's trace: nothing started a trace of its own.
      expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([traceId]));

      const byId = new Map(spans.map((s) => [s.spanId, s]));
      const ancestors = (s: SpanOut) => {
        const chain: SpanOut[] = [];
        for (let p = s.parentSpanId && byId.get(s.parentSpanId); p; p = p.parentSpanId ? byId.get(p.parentSpanId) : undefined) chain.push(p);
        return chain;
      };
      for (const name of SUBGRAPH_NAMES) {
        const served = servers.filter((s) => portOf(s) === ports[name]);
        expect(served.length, `${name} served part of the query`).toBeGreaterThan(0);
        for (const s of served) expect(ancestors(s), `${name} under the gateway`).toContain(gateway[0]);
      }
      // reviews asks incidents and triggers itself: those servers have a reviews server above them.
      const reviewsServers = new Set(servers.filter((s) => portOf(s) === ports.reviews));
      const calledByReviews = servers.filter((s) => [ports.incidents, ports.triggers].includes(portOf(s)) && ancestors(s).some((a) => reviewsServers.has(a)));
      expect(calledByReviews.length).toBeGreaterThan(0);

      const statements = spans.filter((s) => s.attributes['db.system'] === 'postgresql' || s.attributes['db.system.name'] === 'postgresql');
      expect(statements.length).toBeGreaterThan(0);
      const subgraphPorts = new Set(SUBGRAPH_NAMES.map((n) => ports[n]));
      for (const s of statements) {
        const chain = ancestors(s);
        expect(chain, s.name).toContain(gateway[0]);
        expect(
          chain.some((a) => a.kind === SpanKind.SERVER && subgraphPorts.has(portOf(a))),
          `${s.name} under a subgraph`,
        ).toBe(true);
      }
    } finally {
      await db.drop();
    }
  }, 180_000);
});
