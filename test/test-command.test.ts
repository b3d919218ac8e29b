import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';

/**
 * The test command's own exit status (a red suite must not land): a deliberately failing test file,
 * run through the project's vitest config in a child process, exits non-zero with the embedded
 * database and with DATABASE_URL; scripts that start the embedded database keep their exit status.
 */
const root = path.resolve(__dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

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

function childEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'fatal' };
  // The outer run's vitest variables would make the child think it is a worker of this run.
  for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key === 'TEST' || key === 'CI') delete env[key];
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

function runFailingSuite(env: NodeJS.ProcessEnv) {
  return spawnSync(bin('vitest'), ['run', '--config', 'test/fixtures/exit-status/vitest.config.ts'], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
}

describe('the test command', () => {
  it('exits non-zero when a test fails, on the embedded database', () => {
    const run = runFailingSuite(childEnv({ DATABASE_URL: undefined }));
    expect(run.stdout + run.stderr).toMatch(/1 failed/);
    expect(run.status).not.toBe(0);
    expect(run.status).not.toBeNull();
  });

  it('exits non-zero when a test fails, with DATABASE_URL', () => {
    const run = runFailingSuite(childEnv({ DATABASE_URL: inject('databaseUrl') }));
    expect(run.stdout + run.stderr).toMatch(/1 failed/);
    expect(run.status).not.toBe(0);
    expect(run.status).not.toBeNull();
  });
});

describe('scripts that start the embedded database', () => {
  it('keep the exit status they set after the server has run', async () => {
    const run = spawnSync(bin('tsx'), ['test/fixtures/exit-status/fails-after-embedded.ts', String(await freePort())], {
      cwd: root,
      env: childEnv({ DATABASE_URL: undefined }),
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.status, run.stderr).toBe(3);
  });

  it('npm run ingest exits 1 when it rejected a record', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asb-hub-ingest-status-'));
    fs.chmodSync(dir, 0o755);
    try {
      // A data.police.uk file (its agency is registered from "Reported by") with one row whose month is not a month.
      const file = path.join(dir, 'street.csv');
      fs.writeFileSync(
        file,
        'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\n' +
          ',2024-13,Essex Police,Essex Police,0.47,51.73,On or near High Street,E01021601,Chelmsford 001A,Anti-social behaviour,,\n',
      );
      const run = spawnSync(bin('tsx'), ['scripts/ingest.ts', '--source', 'police', '--format', 'police-uk', file], {
        cwd: root,
        env: childEnv({ DATABASE_URL: undefined, EMBEDDED_PG_DIR: path.join(dir, 'pg'), EMBEDDED_PG_PORT: String(await freePort()), CONSENT_URL: undefined }),
        encoding: 'utf8',
        timeout: 180_000,
      });
      expect(run.stdout, run.stderr).toMatch(/rejected 1/);
      expect(run.status).toBe(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
