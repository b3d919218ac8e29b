import type { HubContext } from '../../shared/context';
import { DataCategory } from '../../shared/enums';
import type { RecordQuestion } from '../../shared/access';
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
  // Built field by field, not spread: a case history builds 200 (prefetch asks each distinct question once).
  const questions = incidents.map((i): RecordQuestion => {
    const s = incidentSubject(i);
    return { personId: s.personId, controllerAgencyIds: s.controllerAgencyIds, category: DataCategory.INCIDENT_DETAIL, field };
  });
  const decisions = await ctx.access.prefetch(questions, ctx.clientOperation, { listing: true });
  // One that names nobody is listed to the partnership (its details stay guarded field by field).
  return incidents.filter((i, k) => decisions[k] || namesNobody(i));
}

/**
 * Starts the decisions a list of these people's incidents will need, before the rows themselves
 * are read: one small statement finds the (person, supplying agency) pairs, and the policy decision
 * point is asked for them while the main query runs, instead of after it (the call to the consent
 * subgraph was the largest part of the permission layer's cost, see docs/benchmarks.md "access").
 * The questions are exactly those `visibleIncidents` asks, so its later `prefetch` finds them
 * answered (or in flight) and asks nothing more. Never throws: a failure shows there, closed.
 */
export async function decideSuppliersEarly(ctx: HubContext, personIds: string[], since: Date | null): Promise<void> {
  // Nothing to start when no decision will be asked (another subgraph, an analyst, the layer bypassed).
  if (!personIds.length || !ctx.access.consults) return;
  try {
    // One array literal per parameter (the query builder would spread a JS array into a list).
    const ids = `{${personIds.map((id) => `"${id.replace(/["\\]/g, '')}"`).join(',')}}`;
    const pairs = await ctx.em.getConnection().execute<Array<{ person_id: string | null; agency_id: string }>>(
      `select distinct coalesce(reporter_person_id::text, person_ids[1]) as person_id, agency_id from "incidents"."incident"
        where (reporter_person_id = any(?::uuid[]) or person_ids && ?::text[])${since ? ' and occurred_at >= ?' : ''}`,
      since ? [ids, ids, since] : [ids, ids],
    );
    await ctx.access.prefetch(
      pairs.map((p) => ({ personId: p.person_id, category: DataCategory.INCIDENT_DETAIL, controllerAgencyIds: [p.agency_id], field: 'Person.incidents' })),
      ctx.clientOperation,
      { listing: true },
    );
  } catch {
    // visibleIncidents decides (or withholds) on its own.
  }
}
