import 'reflect-metadata';
import type { SubgraphDefinition } from '../shared/server';
import { AgencyRef, PersonRef } from './entities/external';
import { TriggerApplication } from './entities/TriggerApplication';
import { migrations } from './migrations';
import { PersonApplicationsResolver } from './resolvers/PersonApplicationsResolver';
import { referenceResolvers } from './resolvers/references';
import { ReviewSupportResolver } from './resolvers/ReviewSupportResolver';
import { TriggerApplicationResolver } from './resolvers/TriggerApplicationResolver';
import { permissions } from './rules/permissions';

/** The triggers subgraph: applications, threshold policies and decisions, letters, deadlines. */
export const triggersSubgraph: SubgraphDefinition = {
  name: 'triggers',
  resolvers: [TriggerApplicationResolver, PersonApplicationsResolver, ReviewSupportResolver],
  orphanedTypes: [PersonRef, AgencyRef],
  referenceResolvers,
  entities: [TriggerApplication],
  migrations,
  permissions,
};
