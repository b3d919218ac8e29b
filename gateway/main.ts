/** The gateway alone (docker-compose runs one per container); `npm start` runs the whole hub. */
// First: tracing must be started before what it instruments is loaded.
import '../platform/tracing-start';
import { config } from '../platform/config';
import { logger } from '../platform/logger';
import { onShutdown } from '../platform/shutdown';
import { stopTracing } from '../platform/tracing';
import { startGateway } from './index';

startGateway({ port: config().PORT })
  .then((gw) => onShutdown(() => gw.stop().then(stopTracing)))
  .catch((err) => {
    logger.fatal({ err }, 'gateway failed to start');
    process.exit(1);
  });
