import { personAndAgencyRefs } from '../../shared/external';

/** Person and Agency (owned by the consent subgraph), as this subgraph sees them. */
export const { PersonRef, AgencyRef } = personAndAgencyRefs();
export type PersonRef = InstanceType<typeof PersonRef>;
export type AgencyRef = InstanceType<typeof AgencyRef>;
