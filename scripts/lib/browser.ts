import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { projectRoot } from '../../platform/paths';

/**
 * Browser tests drive Debian's Chromium (`apt-get install -y chromium`; .ci/run installs it when
 * missing) through playwright-core, headless. Playwright's own browser download is never used.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = projectRoot();
const BUILT_INDEX = path.join(ROOT, 'dist', 'console', 'index.html');

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: run \`apt-get install -y chromium\` (or set CHROMIUM_PATH). The browser tests do not skip.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

function newestMtime(dir: string, skip: (p: string) => boolean): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (skip(p)) continue;
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p, skip) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * The console as built from the current sources: `npm test` builds it before vitest runs; a test
 * file run on its own rebuilds it when a source (or the supergraph) is newer than the build.
 */
export function ensureConsoleBuilt(): void {
  const consoleDir = path.join(ROOT, 'console');
  const sources = Math.max(
    newestMtime(consoleDir, (p) => p.includes(`${path.sep}gql`) || p.includes('node_modules')),
    fs.statSync(path.join(ROOT, 'schema', 'supergraph.graphql')).mtimeMs,
  );
  if (fs.existsSync(BUILT_INDEX) && fs.statSync(BUILT_INDEX).mtimeMs >= sources) return;
  // As `npm start` builds it: under vitest NODE_ENV is `test`, which Vite would build as React's
  // unminified development bundle (151 KB gzip instead of 92 KB), unlike what the hub serves.
  const run = spawnSync('npm', ['run', '--silent', 'console:build'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NODE_ENV: 'production' } });
  if (run.status !== 0) throw new Error(`the console build failed:\n${run.stdout}\n${run.stderr}`);
}

/** The first-load files of the built console (index.html's script and stylesheet) and their gzipped sizes. */
export function firstLoadSizes(): { js: number; css: number; files: string[] } {
  const html = fs.readFileSync(BUILT_INDEX, 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  const gz = (f: string) => zlib.gzipSync(fs.readFileSync(path.join(ROOT, 'dist', 'console', f))).length;
  return {
    js: files.filter((f) => f.endsWith('.js')).reduce((n, f) => n + gz(f), 0),
    css: files.filter((f) => f.endsWith('.css')).reduce((n, f) => n + gz(f), 0),
    files,
  };
}
