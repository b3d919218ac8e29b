/**
 * Benchmarks only: one subgraph as its own process, as subgraphs/main.ts runs it, with the
 * permission layer bypassed when `--bypass` is given (the access benchmark's baseline). The
 * production entry point has no such switch.
 */
import '../../platform/tracing-start';
import { subgraphs } from '../../subgraphs';
import { config } from '../../platform/config';
import { startSubgraph } from '../../subgraphs/shared/server';
import type { SubgraphName } from '../../platform/services';
import { onShutdown } from '../../platform/shutdown';

const name = process.argv[2] as SubgraphName;
const def = subgraphs[name];
if (!def) throw new Error(`usage: subgraph-process <${Object.keys(subgraphs).join('|')}> [--bypass]`);
startSubgraph(def, { clientUrl: process.env.DATABASE_URL!, port: config().PORT, host: '127.0.0.1', rules: !process.argv.includes('--bypass') }).then(
  (running) => onShutdown(() => running.stop()),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
