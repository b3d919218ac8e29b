import type { Role } from '../../shared/auth';
import { DataCategory } from '../../shared/enums';
import { entitiesByType, hasRole, isService, leaf, personal } from '../../shared/rules';
import type { Incident } from '../entities/Incident';

/**
 * Who may read what in the incidents subgraph; every field has its rule (deny by default). Objects
 * are guarded where they are obtained; non-personal scalars are `leaf`; the narrative, location,
 * source details and actions are INCIDENT_DETAIL of the person concerned, the reporting agency
 * being controller. Only contributor systems submit; a SPOC may undo a same-incident link.
 */
const INCIDENT_READERS: Role[] = ['contributor', 'spoc', 'reviewer', 'dpo', 'admin'];
const readsIncidents = hasRole(...INCIDENT_READERS);
const contributes = hasRole('contributor');
/** Counts under disclosure control: nothing personal, so every role that reports on the partnership. */
const readsStatistics = hasRole('analyst', 'spoc', 'dpo', 'admin');
const detail = personal(
  DataCategory.INCIDENT_DETAIL,
  (i: Incident) => ({ personId: i.reporterPersonId ?? i.personIds[0], controllerAgencyIds: [i.agencyId] }),
  { roles: INCIDENT_READERS },
);

export const permissions = {
  Query: {
    incident: readsIncidents,
    incidents: readsIncidents,
    thresholdIncidents: isService,
    caseHistoryIncidents: isService,
    incidentStatistics: readsStatistics,
    _entities: entitiesByType({ Person: INCIDENT_READERS, Incident: INCIDENT_READERS }),
  },
  Mutation: { submitIncidents: contributes, unlinkIncidents: hasRole('spoc') },
  IncidentConnection: { '*': leaf, edges: readsIncidents, pageInfo: readsIncidents },
  IncidentEdge: { '*': leaf, node: readsIncidents },
  IncidentPageInfo: { '*': leaf },
  IncidentLink: { '*': leaf, incidents: readsIncidents },
  SubmitIncidentsResult: { '*': leaf, rejected: contributes },
  RejectedRecord: { '*': leaf, errors: contributes },
  RecordError: { '*': leaf },
  Incident: {
    '*': leaf,
    agency: readsIncidents,
    reporter: readsIncidents,
    peopleInvolved: readsIncidents,
    sameIncidentAs: readsIncidents,
    sameIncidentLinks: readsIncidents,
    description: detail,
    location: detail,
    uprn: detail,
    latitude: detail,
    longitude: detail,
    actions: detail,
    sourceDetails: detail,
  },
  IncidentAction: { '*': leaf },
  StatisticRow: { '*': leaf },
  // Service-only (threshold evaluation): reached only through Query.thresholdIncidents.
  ThresholdIncident: { '*': leaf, actions: isService },
  // Service-only (case history, issue 6): reached only through Query.caseHistoryIncidents.
  CaseHistoryIncident: { '*': leaf, actions: isService },
  // Service-only actions of both reads above.
  ServiceIncidentAction: { '*': leaf },
  Person: { id: leaf, incidents: readsIncidents },
  Agency: { id: leaf },
};
