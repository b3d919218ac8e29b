import 'reflect-metadata';
import type { SubgraphDefinition } from '../shared/server';
import { AgencyRef, PersonRef } from './entities/external';
import { Incident } from './entities/Incident';
import { migrations } from './migrations';
import { CaseHistoryQueriesResolver } from './resolvers/CaseHistoryQueriesResolver';
import { IncidentResolver } from './resolvers/IncidentResolver';
import { PersonIncidentsResolver } from './resolvers/PersonIncidentsResolver';
import { referenceResolvers } from './resolvers/references';
import { ThresholdQueriesResolver } from './resolvers/ThresholdQueriesResolver';
import { permissions } from './rules/permissions';

/** The incidents subgraph: ASB incidents from police, housing and warden systems. */
export const incidentsSubgraph: SubgraphDefinition = {
  name: 'incidents',
  resolvers: [IncidentResolver, PersonIncidentsResolver, ThresholdQueriesResolver, CaseHistoryQueriesResolver],
  orphanedTypes: [PersonRef, AgencyRef],
  referenceResolvers,
  entities: [Incident],
  migrations,
  permissions,
};
