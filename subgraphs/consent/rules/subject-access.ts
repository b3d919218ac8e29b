import type { EntityManager } from '@mikro-orm/postgresql';
import { AccessEvent, ProcessingAction } from '../entities/AccessEvent';
import { AccessGrant } from '../entities/AccessGrant';
import { Agency } from '../entities/Agency';
import { Consent } from '../entities/Consent';
import { Person } from '../entities/Person';
import { PersonRecord } from '../entities/PersonRecord';
import { DataCategory } from '../../shared/enums';
import { plain, without, type IncidentsPart, type ReviewsPart, type SubjectAccessExport, type TriggersPart } from '../../shared/subject-access';
import { logProcessing, type ProcessingActor } from './processing-log';

/**
 * The subject access export, assembled here from every subgraph's part (each reads only its own
 * schema: incidents/, triggers/ and reviews/ rules/subject-access.ts). `Query.subjectAccessExport`
 * fetches the parts over the service API; `npm run sar` (scripts/lib/subject-access.ts) calls the
 * same functions on each subgraph's database. Either way the export is logged here, before it is
 * returned: one disclosure per data category, by the DPO who made it.
 */
export interface OtherParts {
  incidents: (personId: string) => Promise<IncidentsPart>;
  triggers: (personId: string) => Promise<TriggersPart>;
  reviews: (applicationIds: string[]) => Promise<ReviewsPart>;
}

/** The details of one record, without its keys (the export's top-level summary of the person). */
function detailsOf(r: PersonRecord | undefined): Record<string, unknown> {
  if (!r) return {};
  return without(r, 'id', 'personId', 'agencyId', 'suppliedAt', 'updatedAt');
}

/** The export, or null when there is no such person. `actor` is the DPO (logged as the discloser). */
export async function subjectAccessExport(em: EntityManager, personId: string, others: OtherParts, actor: ProcessingActor, operation: string): Promise<SubjectAccessExport | null> {
  const person = await em.findOne(Person, { id: personId });
  if (!person) return null;
  const records = await em.find(PersonRecord, { personId }, { orderBy: { suppliedAt: 'asc' } });
  const consents = await em.find(Consent, { person: personId }, { orderBy: { grantedAt: 'asc' } });
  const grants = await em.find(AccessGrant, { personId }, { orderBy: { createdAt: 'asc' } });
  const log = await em.find(AccessEvent, { personId }, { orderBy: { seq: 'asc' } });
  const [incidents, triggers] = await Promise.all([others.incidents(personId), others.triggers(personId)]);
  const reviews = await others.reviews(triggers.applicationIds);
  const agencyIds = new Set<string>([...records.map((r) => r.agencyId), ...incidents.agencyIds, ...log.map((e) => e.actorAgencyId), ...grants.map((g) => g.agencyId)]);
  const agencies = await em.find(Agency, { id: { $in: [...agencyIds] } });

  const result: SubjectAccessExport = {
    generatedAt: new Date().toISOString(),
    generatedBy: { sub: actor.sub, agencyId: actor.agencyId },
    // Every agency's details of the person, each saying who supplied them.
    person: { ...without(person, 'matchKey'), ...detailsOf(records.find((r) => r.agencyId === person.registeredByAgencyId) ?? records[0]), records: records.map(plain) },
    consents: consents.map((c) => ({ ...plain(c), person: personId, status: c.statusAt() })),
    accessGrants: grants.map(plain),
    incidents: incidents.incidents,
    triggerApplications: triggers.triggerApplications,
    letters: triggers.letters,
    outboxMessages: triggers.outboxMessages,
    caseReviews: reviews.caseReviews,
    // The chain's links prove the log; they say nothing about the person.
    accessLog: log.map((e) => without(e, 'prevHash', 'hash')),
    agencies: Object.fromEntries(agencies.map((a) => [a.id, a.name])),
  };
  await logProcessing(
    em,
    actor,
    Object.values(DataCategory).map((category) => ({
      personId, category, action: ProcessingAction.DISCLOSE, basis: 'subject-access-request', operation,
      justification: 'UK GDPR Art. 15: the data subject’s right of access (disclosed to the data subject)',
    })),
  );
  return result;
}
