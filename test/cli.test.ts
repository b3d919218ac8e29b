import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeError, helpText, parseCommand, UsageError } from '../scripts/lib/cli';
import { hubUrl } from '../scripts/stats';

/**
 * Every `npm run` command: --help, a one-line error and exit 2 for a wrong invocation, a one-line
 * error and exit 1 (no stack trace, no SQL) when the database cannot be reached.
 */
const root = path.resolve(__dirname, '..');
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const COMMANDS: Record<string, string> = {
  token: 'scripts/token.ts',
  seed: 'scripts/seed.ts',
  ingest: 'scripts/ingest.ts',
  stats: 'scripts/stats.ts',
  sar: 'scripts/sar.ts',
  retention: 'scripts/retention.ts',
  'migration:create': 'scripts/migration-create.ts',
  bench: 'scripts/bench.ts',
  soak: 'scripts/soak.ts',
  faults: 'scripts/faults.ts',
  fuzz: 'scripts/fuzz.ts',
  schema: 'scripts/schema.ts',
};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(script: string, args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', ...env };
  for (const key of Object.keys(childEnv)) if (key.startsWith('VITEST') || childEnv[key] === undefined) delete childEnv[key];
  return new Promise((resolve) => {
    execFile(process.execPath, [tsx, script, ...args], { cwd: root, env: childEnv, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** A few at a time: the machine is shared. */
async function runAll<T, R>(items: T[], f: (x: T) => Promise<R>, width = 3): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += width) out.push(...(await Promise.all(items.slice(i, i + width).map(f))));
  return out;
}

const noStack = (text: string) => expect(text).not.toMatch(/^\s+at |\n\s+at |Error:|select |insert /);

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'asb-cli-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('every command', () => {
  it('--help prints its usage and options, exit 0', async () => {
    const results = await runAll(Object.entries(COMMANDS), async ([name, script]) => [name, await run(script, ['--help'])] as const);
    for (const [name, r] of results) {
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      expect(r.stdout, name).toContain(`usage: npm run ${name} --`);
      expect(r.stdout, name).toContain('--help');
    }
  }, 240_000);

  it('an unknown option is one line naming it, exit 2', async () => {
    const results = await runAll(Object.entries(COMMANDS), async ([name, script]) => [name, await run(script, ['--bogus'])] as const);
    for (const [name, r] of results) {
      expect(r.code, `${name}: ${r.stderr}`).toBe(2);
      expect(r.stderr.trim(), name).toBe(`${name}: unknown option --bogus (see npm run ${name} -- --help)`);
    }
  }, 240_000);
});

describe('wrong invocations and failures', () => {
  it('says what is wrong in one line', async () => {
    const cases: Array<[string, string[], RegExp]> = [
      ['scripts/sar.ts', ['not-a-uuid'], /^sar: <personId> is a Person id \(a UUID\)/],
      ['scripts/sar.ts', [], /^sar: missing <personId>/],
      ['scripts/retention.ts', ['--months', 'six'], /^retention: --months must be a whole number/],
      ['scripts/migration-create.ts', [], /^migration:create: missing <consent\|incidents\|triggers\|reviews>/],
      ['scripts/migration-create.ts', ['nosuch'], /^migration:create: unknown subgraph nosuch/],
      ['scripts/seed.ts', ['--scale', 'lots'], /^seed: --scale needs a whole number/],
      ['scripts/ingest.ts', ['--source', 'police', path.join(tmp, 'absent.csv')], /^ingest: no file /],
      ['scripts/ingest.ts', ['--source', 'fire', 'x.csv'], /^ingest: --source is police, housing or warden/],
      ['scripts/token.ts', ['--agency', 'kent-police', '--role', 'boss'], /^token: unknown role boss/],
    ];
    const results = await runAll(cases, ([script, args]) => run(script, args));
    results.forEach((r, i) => {
      expect(r.code, cases[i].join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), cases[i].join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(cases[i][2]);
      noStack(r.stderr);
    });
  }, 240_000);

  it('an unreachable database is one line naming where, exit 1, for every command that needs one', async () => {
    const env = { DATABASE_URL: 'postgres://hub:secret-password@127.0.0.1:1/hub' };
    const cases: Array<[string, string[]]> = [
      ['scripts/seed.ts', []],
      ['scripts/sar.ts', ['0a11ce00-0000-4000-8000-000000000001']],
      ['scripts/retention.ts', []],
      ['scripts/migration-create.ts', ['consent']],
      ['scripts/ingest.ts', ['--source', 'police', '--format', 'police-uk', 'test/fixtures/police-uk/2024-01-city-of-london-street.csv']],
    ];
    const results = await runAll(cases, ([script, args]) => run(script, args, env));
    results.forEach((r, i) => {
      expect(r.code, `${cases[i].join(' ')}: ${r.stderr}`).toBe(1);
      expect(r.stderr.trim()).toMatch(/^[a-z:]+: cannot reach the database at 127\.0\.0\.1:1\/hub \(DATABASE_URL\): ECONNREFUSED$/);
      expect(r.stderr).not.toContain('secret-password');
    });
  }, 240_000);

  it('token refuses an agency the hub does not know unless --force', async () => {
    const refused = await run('scripts/token.ts', ['--agency', 'no-such-agency', '--role', 'spoc'], { DATABASE_URL: undefined });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^token: unknown agency no-such-agency/);
    expect(refused.stdout).toBe('');
    const forced = await run('scripts/token.ts', ['--agency', 'no-such-agency', '--role', 'spoc', '--force'], { DATABASE_URL: undefined });
    expect(forced.code).toBe(0);
    expect(forced.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const demo = await run('scripts/token.ts', ['--agency', 'herts-housing', '--role', 'reviewer,dpo'], { DATABASE_URL: undefined });
    expect(demo.code).toBe(0);
    const claims = JSON.parse(Buffer.from(demo.stdout.trim().split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ agency: 'herts-housing', roles: ['reviewer', 'dpo'] });
  }, 60_000);

  it('stats finds the hub at HUB_URL, else on PORT', async () => {
    expect(hubUrl({ PORT: '4116' })).toBe('http://localhost:4116/graphql');
    expect(hubUrl({ PORT: '4116', HUB_URL: 'http://hub.internal/graphql' })).toBe('http://hub.internal/graphql');
    expect(hubUrl({})).toBe('http://localhost:4000/graphql');
    const r = await run('scripts/stats.ts', ['incidents', '--group-by', 'month'], { PORT: '1', HUB_URL: undefined });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('stats: the hub is not answering at http://localhost:1/graphql: start it with npm start (or set HUB_URL or PORT)');
  }, 60_000);
});

describe('the parser', () => {
  const spec = {
    name: 'demo',
    summary: 'A demo.',
    args: '<file>',
    positionals: { min: 1, max: 1 },
    options: { n: { type: 'string', default: '5', description: 'how many' }, dry: { type: 'boolean', description: 'only say' } },
  } as const;

  it('parses, defaults and refuses', () => {
    expect(parseCommand(spec, ['f.csv', '--dry'])).toMatchObject({ values: { n: '5', dry: true }, positionals: ['f.csv'], help: false });
    expect(parseCommand(spec, ['-h']).help).toBe(true);
    expect(() => parseCommand(spec, [])).toThrow(new UsageError('missing <file>'));
    expect(() => parseCommand(spec, ['a', 'b'])).toThrow(new UsageError('unexpected argument b'));
    expect(() => parseCommand(spec, ['a', '--n'])).toThrow(new UsageError('--n needs a value'));
    expect(helpText(spec)).toMatch(/--n <value> +how many \(default: 5\)/);
  });

  it('describes database refusals by SQLSTATE, never with their SQL', () => {
    const err = Object.assign(new Error('select * from consent.person where id = \'x\' - invalid input syntax for type uuid: "x"'), {
      name: 'DriverException',
      code: '22P02',
    });
    expect(describeError(err)).toBe('the database refused the request (DriverException, SQLSTATE 22P02)');
    expect(describeError(new Error('Invalid configuration:\n  JWT_SECRET: too short\n  PORT: bad'))).toBe(
      'Invalid configuration: JWT_SECRET: too short; PORT: bad',
    );
  });
});
