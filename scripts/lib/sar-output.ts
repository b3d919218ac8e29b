import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../platform/paths';
import { sarSections, type SubjectAccessExport } from '../../subgraphs/shared/subject-access';

/**
 * Where and how a subject access export is written: health and vulnerability data of one person, so
 * owner-only (0600, in a folder 0700), outside the repository by default (SAR_OUTPUT_DIR, else
 * ~/asb-hub-sar), or to standard output with `--out -`. A path inside the repository is refused
 * unless it is under `.data/` (git-ignored).
 */
export function defaultSarDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.SAR_OUTPUT_DIR || path.join(os.homedir(), 'asb-hub-sar'));
}

const inside = (dir: string, p: string) => {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/** Why a path may not hold an export (inside the repository, outside `.data/`), or null. */
export function refusedSarPath(file: string, root = projectRoot()): string | null {
  const p = path.resolve(file);
  if (inside(root, p) && !inside(path.join(root, '.data'), p)) {
    return `${p} is inside the repository; write subject access exports outside it (default ${defaultSarDir()}) or under .data/`;
  }
  return null;
}

export function sarFiles(personId: string, generatedAt: string, out?: string): { json: string; html: string } {
  const json = out ? path.resolve(out) : path.join(defaultSarDir(), `sar-${personId}-${generatedAt.slice(0, 10)}.json`);
  return { json, html: json.replace(/\.json$/i, '') + '.html' };
}

/** Writes owner-only (the folder created owner-only); an existing file is replaced and made owner-only. */
export function writePrivate(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const fd = fs.openSync(file, 'w', 0o600);
  try {
    fs.fchmodSync(fd, 0o600);
    fs.writeFileSync(fd, content);
  } finally {
    fs.closeSync(fd);
  }
}

const esc = (v: unknown) =>
  String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const cell = (v: unknown) =>
  esc(Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object') ? v.join('; ') : v !== null && typeof v === 'object' ? JSON.stringify(v) : v);

function table(rows: Record<string, unknown>[]): string {
  if (!rows.length) return '<p>None held.</p>';
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return `<table><thead><tr>${cols.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${cols.map((c) => `<td>${cell(r[c])}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** The export as a readable page: one table per kind of record (values escaped). */
export function renderSarHtml(r: SubjectAccessExport): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Subject access export</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}td,th{border:1px solid #999;padding:4px;vertical-align:top;text-align:left;font-size:90%}</style></head>
<body><h1>Subject access export</h1><p>Generated ${esc(r.generatedAt)} by ${esc(r.generatedBy.sub)} (${esc(r.generatedBy.agencyId)}).</p>
${sarSections(r).map(({ title, rows }) => `<h2>${esc(title)}</h2>${table(rows)}`).join('\n')}
</body></html>
`;
}
