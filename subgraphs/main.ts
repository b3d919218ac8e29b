/**
 * One subgraph as its own process (docker-compose runs one per container):
 * `node dist/subgraphs/main.js <consent|incidents|triggers|reviews>`. Listens on PORT.
 */
// First: tracing must be started before what it instruments is loaded.
import '../platform/tracing-start';
import { subgraphs } from './index';
import { config } from '../platform/config';
import { databaseUrl } from './shared/database';
import { logger } from '../platform/logger';
import { startSubgraph } from './shared/server';
import { type SubgraphName } from '../platform/services';
import { onShutdown } from '../platform/shutdown';
import { stopTracing } from '../platform/tracing';

async function main() {
  const name = (process.argv[2] ?? process.env.SUBGRAPH) as SubgraphName;
  const def = subgraphs[name];
  if (!def) throw new Error(`usage: main <${Object.keys(subgraphs).join('|')}> (or SUBGRAPH=...)`);
  const running = await startSubgraph(def, { clientUrl: await databaseUrl(), port: config().PORT, host: config().HOST });
  onShutdown(() => running.stop().then(stopTracing));
}

main().catch((err) => {
  logger.fatal({ err }, 'subgraph failed to start');
  process.exit(1);
});
