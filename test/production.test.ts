import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, PUBLISHED_DEV_SECRETS } from '../platform/config';

/**
 * Production mode (NODE_ENV=production) refuses what is only fit for a developer's machine: the
 * development secrets published in this repository, one secret for both users and services, and
 * the embedded PostgreSQL.
 */
const root = path.resolve(__dirname, '..');
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const GOOD = { JWT_SECRET: 'k'.repeat(40), SERVICE_SECRET: 's'.repeat(40) };

describe('production configuration', () => {
  it('refuses each published development secret, and a secret shared by users and services', () => {
    for (const secret of PUBLISHED_DEV_SECRETS) {
      expect(() => loadConfig({ NODE_ENV: 'production', ...GOOD, JWT_SECRET: secret })).toThrow(/JWT_SECRET: is a development secret/);
      expect(() => loadConfig({ NODE_ENV: 'production', ...GOOD, SERVICE_SECRET: secret })).toThrow(/SERVICE_SECRET: is a development secret/);
    }
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: GOOD.JWT_SECRET, SERVICE_SECRET: GOOD.JWT_SECRET })).toThrow(
      /SERVICE_SECRET: must differ from JWT_SECRET/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'change-me-please-0123456789', SERVICE_SECRET: GOOD.SERVICE_SECRET })).toThrow(/JWT_SECRET/);
    expect(loadConfig({ NODE_ENV: 'production', ...GOOD })).toMatchObject(GOOD);
  });

  it('development keeps its defaults', () => {
    const dev = loadConfig({});
    expect(PUBLISHED_DEV_SECRETS).toContain(dev.JWT_SECRET);
    expect(PUBLISHED_DEV_SECRETS).toContain(dev.SERVICE_SECRET);
  });
});

function start(env: Record<string, string | undefined>): Promise<{ code: number; output: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info', ...env };
  for (const key of Object.keys(childEnv)) if (key.startsWith('VITEST') || childEnv[key] === undefined) delete childEnv[key];
  return new Promise((resolve) => {
    execFile(process.execPath, [tsx, 'subgraphs/main.ts', 'consent'], { cwd: root, env: childEnv, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, output: stdout + stderr });
    });
  });
}

describe('a production process', () => {
  it('will not start on the embedded PostgreSQL', async () => {
    const r = await start({ NODE_ENV: 'production', ...GOOD, DATABASE_URL: undefined, PORT: '0' });
    expect(r.code).toBe(1);
    expect(r.output).toContain('production needs DATABASE_URL');
  }, 60_000);

  it('will not start with the published development secret', async () => {
    const r = await start({ NODE_ENV: 'production', ...GOOD, JWT_SECRET: PUBLISHED_DEV_SECRETS[0], DATABASE_URL: 'postgres://u@127.0.0.1:1/x', PORT: '0' });
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/JWT_SECRET: is a development secret/);
  }, 60_000);
});
