/**
 * `npm start`: the whole hub on one machine. Starts an embedded PostgreSQL when DATABASE_URL is
 * unset, migrates every subgraph's schema, loads the demo data into an empty database, and serves
 * the gateway on PORT (4000).
 */
// First: tracing must be started before what it instruments is loaded.
import '../platform/tracing-start';
import { config } from '../platform/config';
import { databaseUrl, stopEmbeddedPostgres } from '../subgraphs/shared/database';
import { logger } from '../platform/logger';
import { onShutdown } from '../platform/shutdown';
import { stopTracing } from '../platform/tracing';
import { startHub } from './lib/hub';

async function main() {
  const started = Date.now();
  const c = config();
  const clientUrl = await databaseUrl();
  const hub = await startHub({ clientUrl, seed: c.SEED_DEMO_DATA });
  onShutdown(async () => {
    await hub.stop();
    await stopEmbeddedPostgres();
    await stopTracing();
  });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`
ASB Partnership Hub is running (started in ${secs}s)
  Console:   http://localhost:${hub.gateway.port}/
  GraphQL:   ${hub.gateway.url}
  Health:    http://localhost:${hub.gateway.port}/healthz   Readiness: http://localhost:${hub.gateway.port}/readyz
  Database:  ${c.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL (' + c.EMBEDDED_PG_DIR + ')'}

Mint a token for a request (in another terminal):
  npm run token -- --agency sevenoaks-dc --role spoc
then send it as "Authorization: Bearer <token>". Stop with Ctrl-C.
`);
}

main().catch(async (err) => {
  logger.fatal({ err }, 'the hub failed to start');
  await stopEmbeddedPostgres().catch(() => undefined);
  process.exit(1);
});
