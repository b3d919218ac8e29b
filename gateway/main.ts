/** The gateway alone (docker-compose runs one per container); `npm start` runs the whole hub. */
import { config } from '../subgraphs/shared/config';
import { logger } from '../subgraphs/shared/logger';
import { onShutdown } from '../subgraphs/shared/shutdown';
import { startGateway } from './index';

startGateway({ port: config().PORT })
  .then((gw) => onShutdown(() => gw.stop()))
  .catch((err) => {
    logger.fatal({ err }, 'gateway failed to start');
    process.exit(1);
  });
