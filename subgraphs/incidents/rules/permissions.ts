import type { Role } from '../../shared/auth';
import { DataCategory } from '../../shared/enums';
import { hasRole, isUser, personal } from '../../shared/rules';
import type { Incident } from '../entities/Incident';

/** Who may read what in the incidents subgraph; every field listed, deny by default. */
const INCIDENT_READERS: Role[] = ['contributor', 'spoc', 'reviewer', 'dpo', 'admin'];
const readsIncidents = hasRole(...INCIDENT_READERS);
const detail = personal(
  DataCategory.INCIDENT_DETAIL,
  (i: Incident) => ({ personId: i.reporterPersonId ?? i.personIds[0], controllerAgencyIds: [i.agencyId] }),
  { roles: INCIDENT_READERS },
);

export const permissions = {
  Query: { incident: readsIncidents },
  Incident: {
    '*': readsIncidents,
    description: detail,
    location: detail,
    uprn: detail,
    latitude: detail,
    longitude: detail,
    actions: detail,
  },
  IncidentAction: { '*': readsIncidents },
  Person: { id: readsIncidents, incidents: hasRole('spoc', 'reviewer', 'dpo', 'admin', 'contributor') },
  Agency: { id: isUser },
};
