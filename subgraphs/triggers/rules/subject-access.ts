import type { EntityManager } from '@mikro-orm/postgresql';
import { Letter } from '../entities/Letter';
import { OutboxMessage } from '../entities/OutboxMessage';
import { TriggerApplication } from '../entities/TriggerApplication';
import { plain, without, type TriggersPart } from '../../shared/subject-access';

/**
 * The triggers subgraph's part of a subject access export: the applications the person made or is
 * the victim in, the letters to or about them (as text), and what the outbox sent them.
 */
export async function triggersSubjectAccess(em: EntityManager, personId: string): Promise<TriggersPart> {
  const applications = await em.find(TriggerApplication, { $or: [{ applicantPersonId: personId }, { victimPersonId: personId }] }, { orderBy: { receivedAt: 'asc' } });
  const letters = await em.find(
    Letter,
    { $or: [{ recipientPersonId: personId }, { subjectPersonId: personId }] },
    { orderBy: { sentAt: 'asc' }, fields: ['id', 'applicationId', 'kind', 'subject', 'text', 'addressee', 'sentAt', 'authorityAgencyId'] },
  );
  const outboxMessages = await em.find(OutboxMessage, { recipientPersonId: personId }, { orderBy: { createdAt: 'asc' } });
  return {
    triggerApplications: applications.map(plain),
    letters: letters.map(plain),
    // The worker's lease says nothing about the person.
    outboxMessages: outboxMessages.map((m) => without(m, 'lockedUntil')),
    applicationIds: applications.map((a) => a.id),
  };
}
