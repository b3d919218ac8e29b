import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../seeds/demo-data';
import { AccessEvent } from '../subgraphs/consent/entities/AccessEvent';
import { Incident } from '../subgraphs/incidents/entities/Incident';
import { defaultSarDir, refusedSarPath, renderSarHtml, writePrivate } from '../scripts/lib/sar-output';
import { startTestHub, type TestHub } from './support/hub';

/**
 * The DPO's file-writing tools: `npm run sar` writes owner-only, outside the repository by default
 * (or to standard output); `npm run retention` is a dry run unless told `--yes`.
 */
const root = path.resolve(__dirname, '..');
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const alice = DEMO.people.alice;
let t: TestHub;
let tmp: string;

function run(script: string, args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: t.databaseUrl, ...env };
  for (const key of Object.keys(childEnv)) if (key.startsWith('VITEST') || childEnv[key] === undefined) delete childEnv[key];
  return new Promise((resolve) => {
    execFile(process.execPath, [tsx, script, ...args], { cwd: root, env: childEnv, timeout: 90_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  t = await startTestHub({ seed: true });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sar-'));
});
afterAll(async () => {
  await t?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('npm run sar', () => {
  it('writes the JSON and a readable HTML page owner-only (0600) outside the repository by default, and logs the export', async () => {
    const r = await run('scripts/sar.ts', [alice], { SAR_OUTPUT_DIR: path.join(tmp, 'exports') });
    expect(r.code, r.stderr).toBe(0);
    const files = fs.readdirSync(path.join(tmp, 'exports')).sort();
    expect(files).toEqual([expect.stringMatching(new RegExp(`^sar-${alice}-\\d{4}-\\d{2}-\\d{2}\\.html$`)), expect.stringMatching(/\.json$/)]);
    for (const f of files) expect(fs.statSync(path.join(tmp, 'exports', f)).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(tmp, 'exports')).mode & 0o777).toBe(0o700);
    const json = JSON.parse(fs.readFileSync(path.join(tmp, 'exports', files[1]), 'utf8'));
    expect(json.person.id).toBe(alice);
    expect(fs.readFileSync(path.join(tmp, 'exports', files[0]), 'utf8')).toContain('<td>Lives alone; anxiety made worse by the noise</td>');
    expect(r.stdout).toContain('owner-only');
    const logged = await t.hub.subgraphs.consent.db.orm.em.fork().count(AccessEvent, { personId: alice, basis: 'subject-access-request', action: 'DISCLOSE' as never });
    expect(logged).toBe(4);
    // The default folder is outside the repository, and nothing is left in the repository.
    expect(path.relative(root, defaultSarDir({})).startsWith('..')).toBe(true);
    expect(fs.readdirSync(root).filter((f) => f.startsWith('sar-'))).toEqual([]);
  }, 120_000);

  it('writes the JSON to standard output with --out -, and refuses a path inside the repository', async () => {
    const out = await run('scripts/sar.ts', [alice, '--out', '-']);
    expect(out.code, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout).person.id).toBe(alice);
    const inRepo = await run('scripts/sar.ts', [alice, '--out', 'alice.json']);
    expect(inRepo.code).toBe(2);
    expect(inRepo.stderr).toMatch(/^sar: .*alice\.json is inside the repository/);
    expect(fs.existsSync(path.join(root, 'alice.json'))).toBe(false);
    expect(refusedSarPath(path.join(root, '.data', 'sar', 'x.json'))).toBeNull();
    expect(refusedSarPath(path.join(os.tmpdir(), 'x.json'))).toBeNull();
  }, 120_000);

  it('makes an existing file owner-only, and escapes what it prints', () => {
    const f = path.join(tmp, 'old.json');
    fs.writeFileSync(f, 'x', { mode: 0o644 });
    writePrivate(f, 'y');
    expect(fs.statSync(f).mode & 0o777).toBe(0o600);
    const html = renderSarHtml({
      generatedAt: 'now', generatedBy: { sub: '<b>', agencyId: 'a' }, person: { givenName: '<script>x</script>' }, consents: [], accessGrants: [],
      incidents: [], triggerApplications: [], letters: [], outboxMessages: [], caseReviews: [], accessLog: [], agencies: {},
    });
    expect(html).not.toContain('<script>x');
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
  });
});

describe('npm run retention', () => {
  it('is a dry run without --yes: prints what it would anonymise per agency and year and changes nothing; --yes anonymises and logs erasures', async () => {
    const em = () => t.hub.subgraphs.incidents.db.orm.em.fork();
    const held = await em().count(Incident, { anonymisedAt: null });
    const dry = await run('scripts/retention.ts', ['--months', '1']);
    expect(dry.code, dry.stderr).toBe(0);
    const m = dry.stdout.match(/^would anonymise (\d+) incident\(s\) older than \d{4}-\d{2}-\d{2} \(1 months\), concerning (\d+) person\(s\):/);
    expect(m, dry.stdout).not.toBeNull();
    const n = Number(m![1]);
    expect(n).toBeGreaterThan(0);
    expect(dry.stdout).toMatch(/^\s+kent-police\s+\d{4}\s+\d+$/m);
    expect(dry.stdout).toContain('run again with --yes');
    expect(await em().count(Incident, { anonymisedAt: null })).toBe(held);
    const explicit = await run('scripts/retention.ts', ['--months', '1', '--dry-run']);
    expect(explicit.stdout).toContain(`would anonymise ${n} incident(s)`);
    expect(await em().count(Incident, { anonymisedAt: null })).toBe(held);
    const both = await run('scripts/retention.ts', ['--dry-run', '--yes']);
    expect(both.code).toBe(2);

    const applied = await run('scripts/retention.ts', ['--months', '1', '--yes']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(`anonymised ${n} incident(s)`);
    expect(await em().count(Incident, { anonymisedAt: null })).toBe(held - n);
    const erased = await t.hub.subgraphs.consent.db.orm.em.fork().count(AccessEvent, { action: 'ERASE' as never });
    expect(erased).toBe(Number(m![2]));
  }, 180_000);
});
