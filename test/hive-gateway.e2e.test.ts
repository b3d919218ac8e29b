import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../seeds/demo-data';
import { SUBGRAPH_NAMES } from '../platform/services';
import { postGraphQL, startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * The supergraph runs unchanged on another Federation 2 gateway: Hive Gateway with the config
 * shipped in the repository (gateway/hive-gateway.config.mjs), in a process of its own, in front of
 * the same subgraphs, answers the cross-subgraph query as our gateway does; with its default runtime
 * and with the Rust query planner.
 */
const root = path.resolve(__dirname, '..');
let t: TestHub;
/** Hive Gateway as it ships, and with the Rust query planner (@graphql-hive/router-runtime). */
const RUNTIMES = { default: [] as string[], 'Rust query planner': ['--hive-router-runtime'] };
const hives: Record<string, { proc: ChildProcess; url: string; log: string }> = {};

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function startHive(runtime: keyof typeof RUNTIMES) {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'error' };
  for (const key of Object.keys(env)) if (key.startsWith('VITEST')) delete env[key];
  for (const name of SUBGRAPH_NAMES) env[`${name.toUpperCase()}_URL`] = t.hub.subgraphs[name].url;
  const bin = path.join(root, 'node_modules', '@graphql-hive', 'gateway', 'dist', 'bin.js');
  const args = ['supergraph', '-c', 'gateway/hive-gateway.config.mjs', '--host', '127.0.0.1', '--port', String(port), ...RUNTIMES[runtime]];
  const hive = { proc: spawn(process.execPath, [bin, ...args], { cwd: root, env }), url: `http://127.0.0.1:${port}/graphql`, log: '' };
  hives[runtime] = hive;
  hive.proc.stdout!.on('data', (d) => (hive.log += d));
  hive.proc.stderr!.on('data', (d) => (hive.log += d));
  for (let i = 0; i < 150; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/healthcheck`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return;
    if (hive.proc.exitCode !== null) throw new Error(`Hive Gateway (${runtime}) exited: ${hive.log.slice(-1000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  t = await startTestHub({ seed: true });
  await Promise.all((Object.keys(RUNTIMES) as Array<keyof typeof RUNTIMES>).map(startHive));
}, 120_000);

afterAll(async () => {
  for (const h of Object.values(hives)) h.proc.kill('SIGTERM');
  await t?.stop();
});

const CROSS = `query($id: ID!) { caseReview(id: $id) {
  id status chair { id name }
  application { id reference status applicant { id givenName incidents { id source sourceRef description agency { id name } } } }
} }`;

describe.each(Object.keys(RUNTIMES))('Hive Gateway (%s runtime) with gateway/hive-gateway.config.mjs', (runtime) => {
  it('answers the cross-subgraph query as our gateway does, token forwarded to every subgraph', async () => {
    const token = await tokenFor('kent-police', 'reviewer');
    const ours = await t.query<any>(CROSS, { id: DEMO.reviews.aliceReview }, { token });
    const theirs = await postGraphQL<any>(hives[runtime].url, CROSS, { id: DEMO.reviews.aliceReview }, token);
    expect(ours.data!.caseReview.application.applicant.incidents).toHaveLength(4);
    expect(theirs.data, hives[runtime].log.slice(-2000)).toEqual(ours.data);
    // Personal fields are decided by the subgraphs, so the same ones are withheld with the same code.
    const codes = (r: typeof ours) => (r.errors ?? []).map((e) => `${e.path?.join('.')}:${e.extensions?.code}`).sort();
    expect(codes(theirs)).toEqual(codes(ours));
  });

  it('without a token the subgraphs refuse, as through our gateway', async () => {
    const r = await postGraphQL<any>(hives[runtime].url, CROSS, { id: DEMO.reviews.aliceReview });
    expect(r.data?.caseReview ?? null).toBeNull();
    expect(r.errors!.map((e) => e.extensions?.code)).toContain('UNAUTHENTICATED');
  });
});
