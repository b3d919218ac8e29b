/** The gateway alone (docker-compose runs one per container); `npm start` runs the whole hub. */
// First: tracing must be started before what it instruments is loaded.
import '../subgraphs/shared/tracing-start';
import { config } from '../subgraphs/shared/config';
import { logger } from '../subgraphs/shared/logger';
import { onShutdown } from '../subgraphs/shared/shutdown';
import { stopTracing } from '../subgraphs/shared/tracing';
import { startGateway } from './index';

startGateway({ port: config().PORT })
  .then((gw) => onShutdown(() => gw.stop().then(stopTracing)))
  .catch((err) => {
    logger.fatal({ err }, 'gateway failed to start');
    process.exit(1);
  });
