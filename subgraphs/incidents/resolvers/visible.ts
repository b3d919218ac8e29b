import type { HubContext } from '../../shared/context';
import { DataCategory } from '../../shared/enums';
import { incidentSubject, namesNobody, type Incident } from '../entities/Incident';

/**
 * The incidents of a list the caller may see: its own agency's, and another agency's only where
 * the policy decision point allows INCIDENT_DETAIL of the person (a grant). Even that such a record
 * exists (its date, category, agency) is personal data of the person, so the others are left out,
 * not listed empty. An incident that names nobody is listed to every incident reader (see
 * entities/Incident.ts `namesNobody`). One batched decision for the whole list, taken before its
 * fields resolve.
 */
export async function visibleIncidents(ctx: HubContext, incidents: Incident[], field = 'Person.incidents'): Promise<Incident[]> {
  if (!incidents.length) return incidents;
  const decisions = await ctx.access.prefetch(
    incidents.map((i) => ({ ...incidentSubject(i), category: DataCategory.INCIDENT_DETAIL, field })),
    ctx.clientOperation,
    { listing: true },
  );
  // One that names nobody is listed to the partnership (its details stay guarded field by field).
  return incidents.filter((i, k) => decisions[k] || namesNobody(i));
}
