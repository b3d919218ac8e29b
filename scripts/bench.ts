/**
 * `npm run bench [-- <name> ...]`: runs every benchmark in scripts/bench/ (or the named ones) and
 * prints each as a table. Each benchmark measures its subject and its baseline in the same run and
 * reports the ratio, so results compare across machines; none of them is a pass/fail test. Each
 * benchmark's latest table goes to its own section of docs/benchmarks.md.
 */
import './bench/production-env';
import fs from 'node:fs';
import path from 'node:path';
import { stopEmbeddedPostgres } from '../subgraphs/shared/database';
import { machine } from './bench/lib';
import type { Benchmark } from './bench/types';
import { runCommand, UsageError } from './lib/cli';
import { markdownTable, writeBenchmarkSection } from './lib/docs';

const spec = {
  name: 'bench',
  summary: 'Runs the benchmarks (each against a baseline measured in the same run) and writes each table to docs/benchmarks.md.',
  args: '[access|gateways|ingest|case-history|statistics ...]',
  positionals: { min: 0, max: 10 },
  options: {},
  details: ['With no name, every benchmark runs. BENCH_STATS_N sets the statistics benchmark\'s size (1,000,000).'],
} as const;

async function main(wanted: string[]) {
  process.env.LOG_LEVEL ??= 'warn';
  const dir = path.join(__dirname, 'bench');
  const files = fs.readdirSync(dir).filter((f) => /\.(ts|js)$/.test(f) && !/^types\.|\.d\.ts$|\.test\./.test(f) && !f.startsWith('lib'));
  const benches: Benchmark[] = [];
  for (const f of files.sort()) {
    const mod = (await import(path.join(dir, f))) as { benchmark?: Benchmark };
    if (mod.benchmark && (!wanted.length || wanted.includes(mod.benchmark.name))) benches.push(mod.benchmark);
  }
  if (!benches.length) throw new UsageError(`no benchmark named ${wanted.join(', ')}`);
  for (const b of benches) {
    console.log(`\n## ${b.name}: ${b.description}`);
    const started = Date.now();
    const result = await b.run();
    console.table(result.rows);
    for (const line of result.notes ?? []) console.log(line);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`(${seconds} s)`);
    if (!b.writesOwnDoc) {
      writeBenchmarkSection(
        `bench-${b.name}`,
        `## ${b.name}: ${b.description}\n\nMeasured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run bench -- ${b.name}\` on ${machine()}, NODE_ENV=${process.env.NODE_ENV} (${seconds} s).\n\n` +
          `${markdownTable(result.rows)}\n\n${(result.notes ?? []).map((l) => `- ${l}`).join('\n')}`,
      );
    }
  }
  await stopEmbeddedPostgres();
}

void runCommand(spec, ({ positionals }) => main(positionals));
