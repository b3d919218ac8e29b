import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Once per test run: a real PostgreSQL for every test file. DATABASE_URL when set (e.g. the
 * machine's PostgreSQL 15); otherwise an embedded PostgreSQL in a temporary folder on a free port,
 * removed at the end. Each test file then makes its own database on that server (test/support/db.ts).
 */
declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject) {
  process.env.LOG_LEVEL ??= 'warn';
  // The hubs under test send their letters into a throw-away folder (the outbox's file adapter), and
  // only where a test file turns the worker on (OUTBOX_POLL_MS, test/outbox.e2e.test.ts): its rounds
  // would otherwise count in the SQL statements and traces other tests measure per request.
  process.env.OUTBOX_POLL_MS ??= '0';
  const outbox = process.env.OUTBOX_DIR ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'asb-hub-test-outbox-'));
  if (outbox) process.env.OUTBOX_DIR = outbox;
  const { startEmbeddedPostgres, stopEmbeddedPostgres } = await import('../../subgraphs/shared/database');
  let url = process.env.DATABASE_URL;
  let dir: string | undefined;
  if (!url) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asb-hub-test-pg-'));
    fs.chmodSync(dir, 0o755);
    url = await startEmbeddedPostgres({ dir: path.join(dir, 'data'), port: await freePort(), database: 'postgres', ephemeral: true, fast: true });
  }
  project.provide('databaseUrl', url);
  return async () => {
    await stopEmbeddedPostgres();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    if (outbox) fs.rmSync(outbox, { recursive: true, force: true });
  };
}
