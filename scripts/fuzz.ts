/**
 * `npm run fuzz`: the hostile-input properties (test/hostile-input.test.ts, fast-check) on their
 * own, with the result written to docs/benchmarks.md. FUZZ_RUNS multiplies the runs per property.
 */
import { machine } from './bench/lib';
import { runCommand } from './lib/cli';
import { markdownTable, writeBenchmarkSection } from './lib/docs';

async function main() {
  process.env.LOG_LEVEL ??= 'fatal';
  const started = Date.now();
  // vitest is an ES module: load it on demand from this CommonJS script.
  const { startVitest } = await import('vitest/node');
  const vitest = await startVitest('test', ['test/hostile-input.test.ts'], { watch: false, run: true });
  const files = vitest?.state.getFiles() ?? [];
  const rows: Array<Record<string, string | number>> = [];
  for (const f of files) {
    for (const t of f.tasks.flatMap((s) => ('tasks' in s ? s.tasks : [s]))) {
      rows.push({ property: t.name, result: t.result?.state ?? 'not run', 'ms': Math.round(t.result?.duration ?? 0) });
    }
  }
  await vitest?.close();
  const failed = rows.filter((r) => r.result !== 'pass').length;
  writeBenchmarkSection(
    'fuzz',
    `## Hostile input (fast-check)

Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run fuzz\` on ${machine()} in ${((Date.now() - started) / 1000).toFixed(0)} s: ${rows.length - failed} of ${rows.length} properties hold (no 500, no stack trace, no echoed personal data, limits with clear codes).

${markdownTable(rows)}`,
  );
  console.log(`fuzz: ${rows.length - failed}/${rows.length} properties hold`);
  // vitest may keep handles open; the verdict is the exit code.
  process.exit(failed ? 1 : 0);
}

void runCommand(
  {
    name: 'fuzz',
    summary: 'Runs the hostile-input properties (test/hostile-input.test.ts) on their own and writes the result to docs/benchmarks.md; exit 1 when one fails.',
    options: {},
    details: ['FUZZ_RUNS multiplies the runs per property.'],
  },
  () => main(),
);
