/**
 * Benchmarks only: the whole hub in one process, as `npm start` runs it, on a database already
 * migrated and seeded, with the permission layer bypassed when `--bypass` is given (the access
 * benchmark's baseline, scripts/bench/access.ts). `npm start` itself has no such switch.
 */
import '../../platform/tracing-start';
import { config } from '../../platform/config';
import { onShutdown } from '../../platform/shutdown';
import { startHub } from './hub';

startHub({ clientUrl: process.env.DATABASE_URL!, gatewayPort: config().PORT, subgraphPort: () => 0, rules: !process.argv.includes('--bypass') }).then(
  (hub) => onShutdown(() => hub.stop()),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
