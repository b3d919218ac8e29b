import 'reflect-metadata';
import type { SubgraphDefinition } from '../shared/server';
import { AgencyRef, PersonRef } from './entities/external';
import { AgencyPersonRef } from './entities/AgencyPersonRef';
import { Incident } from './entities/Incident';
import { IncidentLink } from './entities/IncidentLink';
import { IncidentMonthlyCount, IncidentMonthlyTotal } from './entities/IncidentMonthlyCount';
import { migrations } from './migrations';
import { CaseHistoryQueriesResolver } from './resolvers/CaseHistoryQueriesResolver';
import { IncidentResolver } from './resolvers/IncidentResolver';
import { PersonIncidentsResolver } from './resolvers/PersonIncidentsResolver';
import { referenceResolvers } from './resolvers/references';
import { ThresholdQueriesResolver } from './resolvers/ThresholdQueriesResolver';
import { IncidentListResolver } from './resolvers/IncidentListResolver';
import { IncidentStatisticsResolver } from './resolvers/IncidentStatisticsResolver';
import { IncidentLinkResolver, SameIncidentResolver } from './resolvers/SameIncidentResolver';
import { SubmitIncidentsResolver } from './resolvers/SubmitIncidentsResolver';
import { DpoIncidentsResolver } from './resolvers/DpoIncidentsResolver';
import { CATALOGUE } from '../../platform/catalogue';

/** The incidents subgraph: ASB incidents from police, housing and warden systems. */
export const incidentsSubgraph: SubgraphDefinition = {
  name: 'incidents',
  resolvers: [
    IncidentResolver,
    PersonIncidentsResolver,
    SubmitIncidentsResolver,
    IncidentListResolver,
    SameIncidentResolver,
    IncidentLinkResolver,
    ThresholdQueriesResolver,
    CaseHistoryQueriesResolver,
    IncidentStatisticsResolver,
    DpoIncidentsResolver,
  ],
  orphanedTypes: [PersonRef, AgencyRef],
  referenceResolvers,
  entities: [Incident, IncidentLink, AgencyPersonRef, IncidentMonthlyCount, IncidentMonthlyTotal],
  migrations,
  catalogue: CATALOGUE.incidents,
  // New reports are told to triggers (the Case Review explanation at a second report), best effort.
  optionalPeers: ['triggers'],
};
