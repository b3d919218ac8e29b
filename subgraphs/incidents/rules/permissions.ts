import { chain } from 'graphql-shield';
import { DataCategory } from '../../shared/enums';
import { hasRole, isUser, personal } from '../../shared/rules';
import type { Incident } from '../entities/Incident';

/** Who may read what in the incidents subgraph; every field listed, deny by default. */
const readsIncidents = hasRole('contributor', 'spoc', 'reviewer', 'dpo', 'admin');
const contributes = hasRole('contributor');
const detail = chain(
  readsIncidents,
  personal(DataCategory.INCIDENT_DETAIL, (i: Incident) => ({ personId: i.reporterPersonId ?? i.personIds[0], controllerAgencyIds: [i.agencyId] })),
);

export const permissions = {
  Query: { incident: readsIncidents, incidents: readsIncidents },
  Mutation: { submitIncidents: contributes, unlinkIncidents: hasRole('spoc') },
  IncidentConnection: { '*': readsIncidents },
  IncidentEdge: { '*': readsIncidents },
  IncidentPageInfo: { '*': readsIncidents },
  IncidentLink: { '*': readsIncidents },
  SubmitIncidentsResult: { '*': contributes },
  RejectedRecord: { '*': contributes },
  RecordError: { '*': contributes },
  Incident: {
    '*': readsIncidents,
    description: detail,
    location: detail,
    uprn: detail,
    latitude: detail,
    longitude: detail,
    actions: detail,
    sourceDetails: detail,
  },
  IncidentAction: { '*': readsIncidents },
  Person: { id: readsIncidents, incidents: hasRole('spoc', 'reviewer', 'dpo', 'admin', 'contributor') },
  Agency: { id: isUser },
};
