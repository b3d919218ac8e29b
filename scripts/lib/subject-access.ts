import { AccessEvent, AccessOutcome, ProcessingAction } from '../../subgraphs/consent/entities/AccessEvent';
import { AccessGrant } from '../../subgraphs/consent/entities/AccessGrant';
import { Agency } from '../../subgraphs/consent/entities/Agency';
import { Consent } from '../../subgraphs/consent/entities/Consent';
import { Person } from '../../subgraphs/consent/entities/Person';
import { PersonRecord } from '../../subgraphs/consent/entities/PersonRecord';
import { appendAccessEvents } from '../../subgraphs/consent/rules/audit-log';
import { Incident } from '../../subgraphs/incidents/entities/Incident';
import { CaseReview } from '../../subgraphs/reviews/entities/CaseReview';
import { DataCategory } from '../../subgraphs/shared/enums';
import { Letter } from '../../subgraphs/triggers/entities/Letter';
import { OutboxMessage } from '../../subgraphs/triggers/entities/OutboxMessage';
import { TriggerApplication } from '../../subgraphs/triggers/entities/TriggerApplication';
import type { Databases } from './databases';

/**
 * A subject access request (UK GDPR Art. 15): everything the hub holds on one person, across every
 * subgraph, plus who accessed it (the access log). The export is itself logged, as one allowed
 * access per data category, by the DPO who ran it.
 */
export interface SubjectAccessExport {
  generatedAt: string;
  generatedBy: { sub: string; agencyId: string };
  person: Record<string, unknown>;
  consents: Record<string, unknown>[];
  accessGrants: Record<string, unknown>[];
  incidents: Record<string, unknown>[];
  triggerApplications: Record<string, unknown>[];
  /** The letters addressed to the person or about them (as text; the HTML and PDF say the same). */
  letters: Record<string, unknown>[];
  /** The letters and messages the outbox sent (or tried to) to the person, with the address used. */
  outboxMessages: Record<string, unknown>[];
  caseReviews: Record<string, unknown>[];
  accessLog: Record<string, unknown>[];
  agencies: Record<string, string>;
}

const plain = (o: object) => JSON.parse(JSON.stringify(o)) as Record<string, unknown>;
/** The details of one record, without its keys (the export's top-level summary of the person). */
function detailsOf(r: PersonRecord | undefined): Record<string, unknown> {
  if (!r) return {};
  const { id: _id, personId: _p, agencyId: _a, suppliedAt: _s, updatedAt: _u, ...details } = plain(r);
  return details;
}

export async function subjectAccessExport(dbs: Databases, personId: string, actor: { sub: string; agencyId: string }): Promise<SubjectAccessExport | null> {
  const consentEm = dbs.consent.db.orm.em.fork();
  const person = await consentEm.findOne(Person, { id: personId });
  if (!person) return null;
  const records = await consentEm.find(PersonRecord, { personId }, { orderBy: { suppliedAt: 'asc' } });
  const consents = await consentEm.find(Consent, { person: personId }, { orderBy: { grantedAt: 'asc' } });
  const grants = await consentEm.find(AccessGrant, { personId }, { orderBy: { createdAt: 'asc' } });
  const log = await consentEm.find(AccessEvent, { personId }, { orderBy: { seq: 'asc' } });
  const incidents = await dbs.incidents.db.orm.em.fork().find(
    Incident,
    { $or: [{ reporterPersonId: personId }, { personIds: { $overlap: [personId] } }] },
    { orderBy: { occurredAt: 'asc' } },
  );
  const applications = await dbs.triggers.db.orm.em.fork().find(
    TriggerApplication,
    { $or: [{ applicantPersonId: personId }, { victimPersonId: personId }] },
    { orderBy: { receivedAt: 'asc' } },
  );
  const triggersEm = dbs.triggers.db.orm.em.fork();
  const letters = await triggersEm.find(
    Letter,
    { $or: [{ recipientPersonId: personId }, { subjectPersonId: personId }] },
    { orderBy: { sentAt: 'asc' }, fields: ['id', 'applicationId', 'kind', 'subject', 'text', 'addressee', 'sentAt', 'authorityAgencyId'] },
  );
  const outboxMessages = await triggersEm.find(OutboxMessage, { recipientPersonId: personId }, { orderBy: { createdAt: 'asc' } });
  const reviews = applications.length
    ? await dbs.reviews.db.orm.em.fork().find(CaseReview, { applicationId: { $in: applications.map((a) => a.id) } }, { orderBy: { openedAt: 'asc' } })
    : [];
  const agencyIds = new Set<string>([...records.map((r) => r.agencyId), ...incidents.map((i) => i.agencyId), ...log.map((e) => e.actorAgencyId), ...grants.map((g) => g.agencyId)]);
  const agencies = await consentEm.find(Agency, { id: { $in: [...agencyIds] } });

  const { matchKey: _matchKey, ...personFields } = plain(person);
  const result: SubjectAccessExport = {
    generatedAt: new Date().toISOString(),
    generatedBy: actor,
    // Every agency's details of the person, each saying who supplied them.
    person: { ...personFields, ...detailsOf(records.find((r) => r.agencyId === person.registeredByAgencyId) ?? records[0]), records: records.map(plain) },
    consents: consents.map((c) => ({ ...plain(c), person: personId, status: c.statusAt() })),
    accessGrants: grants.map(plain),
    incidents: incidents.map(plain),
    triggerApplications: applications.map(plain),
    letters: letters.map(plain),
    outboxMessages: outboxMessages.map((m) => {
      const { lockedUntil: _l, ...rest } = plain(m);
      return rest;
    }),
    caseReviews: reviews.map(plain),
    accessLog: log.map((e) => {
      const { prevHash: _p, hash: _h, ...rest } = plain(e);
      return rest;
    }),
    agencies: Object.fromEntries(agencies.map((a) => [a.id, a.name])),
  };
  await appendAccessEvents(
    consentEm,
    Object.values(DataCategory).map((category) => ({
      occurredAt: new Date(), actorSub: actor.sub, actorAgencyId: actor.agencyId, actorRoles: ['dpo'], purpose: 'SUBJECT_ACCESS_REQUEST',
      personId, category, decision: AccessOutcome.ALLOW, basis: 'subject-access-request', operation: 'npm run sar / subject access export', subgraph: 'cli',
      action: ProcessingAction.DISCLOSE, justification: 'UK GDPR Art. 15: the data subject’s right of access (disclosed to the data subject)',
    })),
  );
  return result;
}
