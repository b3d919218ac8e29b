import type { EntityManager } from '@mikro-orm/postgresql';
import { Incident } from '../entities/Incident';
import { plain, type IncidentsPart } from '../../shared/subject-access';

/** The incidents subgraph's part of a subject access export: every incident the person reported or is concerned in. */
export async function incidentsSubjectAccess(em: EntityManager, personId: string): Promise<IncidentsPart> {
  const incidents = await em.find(Incident, { $or: [{ reporterPersonId: personId }, { personIds: { $overlap: [personId] } }] }, { orderBy: { occurredAt: 'asc' } });
  return { incidents: incidents.map(plain), agencyIds: [...new Set(incidents.map((i) => i.agencyId))] };
}
