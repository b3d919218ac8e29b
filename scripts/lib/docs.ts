import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../platform/paths';

/** Replaces (or appends) one marked section of docs/benchmarks.md, so each script keeps its own latest results. */
export function writeBenchmarkSection(name: string, markdown: string) {
  const file = path.join(projectRoot(), 'docs', 'benchmarks.md');
  const previous = fs.existsSync(file)
    ? fs.readFileSync(file, 'utf8')
    : '# Benchmarks\n\nEach benchmark measures its subject and a baseline in the same run; rerun with `npm run bench [-- <name>]`, `npm run soak`, `npm run faults`.\n';
  const section = `<!-- ${name}:start -->\n${markdown.trim()}\n<!-- ${name}:end -->`;
  const re = new RegExp(`<!-- ${name}:start -->[\\s\\S]*<!-- ${name}:end -->`);
  const next = re.test(previous) ? previous.replace(re, section) : `${previous.trimEnd()}\n\n${section}\n`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, next);
}

export function markdownTable(rows: Array<Record<string, string | number>>): string {
  const cols = Object.keys(rows[0] ?? {});
  return [`| ${cols.join(' | ')} |`, `|${cols.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${cols.map((c) => r[c]).join(' | ')} |`)].join('\n');
}
