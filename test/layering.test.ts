import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The gateway and the subgraphs depend on platform/ (auth, config, logger, errors, metrics, the
 * catalogue, service addresses), never on each other; platform/ depends on neither. Read from the
 * sources: every relative import, re-export, require() and vi.mock() of every file, tests included.
 */
const root = path.resolve(__dirname, '..');

function files(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return files(rel);
    return /\.(ts|mts|mjs)$/.test(e.name) ? [rel] : [];
  });
}

/** Where each relative import of `file` points, relative to the project root. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom|\bimport|\brequire\(|\bmock\(|\bimport\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]);
  return specifiers.map((s) => path.relative(root, path.resolve(root, path.dirname(file), s)).split(path.sep).join('/'));
}

const under = (target: string, dir: string) => target === dir || target.startsWith(`${dir}/`);

describe('layering', () => {
  it('finds the imports it checks', () => {
    expect(importsOf('gateway/index.ts')).toContain('platform/auth');
    expect(importsOf('subgraphs/shared/server.ts')).toContain('platform/auth');
  });

  it('the gateway imports nothing under subgraphs/', () => {
    const found = files('gateway').flatMap((f) => importsOf(f).filter((t) => under(t, 'subgraphs')).map((t) => `${f} → ${t}`));
    expect(found).toEqual([]);
  });

  it('the subgraphs import nothing under gateway/', () => {
    const found = files('subgraphs').flatMap((f) => importsOf(f).filter((t) => under(t, 'gateway')).map((t) => `${f} → ${t}`));
    expect(found).toEqual([]);
  });

  it('platform/ imports neither the gateway nor the subgraphs', () => {
    const found = files('platform').flatMap((f) => importsOf(f).filter((t) => under(t, 'subgraphs') || under(t, 'gateway')).map((t) => `${f} → ${t}`));
    expect(found).toEqual([]);
  });
});
