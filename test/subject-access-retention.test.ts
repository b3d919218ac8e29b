import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessEvent } from '../subgraphs/consent/entities/AccessEvent';
import { verifyAccessChain } from '../subgraphs/consent/rules/audit-log';
import { Incident } from '../subgraphs/incidents/entities/Incident';
import { AsbCategory, IncidentSource } from '../subgraphs/shared/enums';
import { DEMO } from '../seeds/demo-data';
import { runRetention } from '../scripts/retention';
import { subjectAccessExport } from '../scripts/lib/subject-access';
import { Letter } from '../subgraphs/triggers/entities/Letter';
import { OutboxMessage } from '../subgraphs/triggers/entities/OutboxMessage';
import { LetterKind } from '../subgraphs/triggers/letters/render';
import { OutboxChannel } from '../subgraphs/triggers/rules/outbox';
import { startTestHub, tokenFor, type TestHub } from './support/hub';

/** The DPO's subject access export and the retention job, against the seeded hub. */
let t: TestHub;
const alice = DEMO.people.alice;

beforeAll(async () => {
  t = await startTestHub({ seed: true });
  await t.query(`{ person(id: "${alice}") { givenName } }`, {}, { token: await tokenFor('kent-mental-health', 'reviewer') });
});
afterAll(async () => {
  await t?.stop();
});

describe('subject access export', () => {
  it('gathers everything held on the person across subgraphs, and who accessed it, and logs itself', async () => {
    const result = await subjectAccessExport(t.hub.subgraphs, alice, { sub: 'dpo.sevenoaks', agencyId: 'sevenoaks-dc' });
    expect(result!.person).toMatchObject({ id: alice, givenName: 'Alice', familyName: 'Turner', postcode: 'TN13 1AA' });
    expect(result!.person).not.toHaveProperty('matchKey');
    expect(result!.consents).toHaveLength(1);
    expect(result!.accessGrants.length).toBeGreaterThan(0);
    expect(result!.incidents.map((i) => i.sourceRef).sort()).toEqual(['KCW-PATROL-3391', 'KP-ASB-2026-10421', 'KP-ASB-2026-11877', 'WKH-CASE-5520']);
    expect(result!.triggerApplications.map((a) => a.reference)).toEqual(['SDC-CT-2026-0001']);
    expect(result!.caseReviews.map((r) => r.id)).toEqual([DEMO.reviews.aliceReview]);
    expect(result!.accessLog.some((e) => e.actorAgencyId === 'kent-mental-health' && e.decision === 'ALLOW')).toBe(true);
    expect(result!.agencies['kent-mental-health']).toBe('Kent and Medway Mental Health Partnership');
    const logged = await t.hub.subgraphs.consent.db.orm.em.fork().count(AccessEvent, { personId: alice, basis: 'subject-access-request' });
    expect(logged).toBe(4);
  });

  it('includes the letters to or about the person and what the outbox sent them, with the address used; no one else’s', async () => {
    const em = t.hub.subgraphs.triggers.db.orm.em.fork();
    const letter = (personId: string, text: string) =>
      em.create(Letter, { applicationId: DEMO.applications.aliceSevenoaks, kind: LetterKind.CT1, subject: 'Received', html: '<p>x</p>', text, recipientPersonId: personId, subjectPersonId: personId, authorityAgencyId: 'sevenoaks-dc', sentBy: 'test' });
    const hers = letter(alice, 'Dear Alice Turner');
    const other = letter(DEMO.people.bob, 'Dear Bob');
    for (const [l, to] of [[hers, 'alice@example.org'], [other, 'bob@example.org']] as const) {
      em.create(OutboxMessage, { authorityAgencyId: 'sevenoaks-dc', applicationId: l.applicationId, reference: 'SDC-CT-2026-0001', letterId: l.id, kind: LetterKind.CT1, subject: l.subject, channel: OutboxChannel.EMAIL, recipientPersonId: l.recipientPersonId, recipient: to });
    }
    await em.flush();
    const result = await subjectAccessExport(t.hub.subgraphs, alice, { sub: 'dpo.sevenoaks', agencyId: 'sevenoaks-dc' });
    expect(result!.letters.map((l) => l.text)).toEqual(['Dear Alice Turner']);
    // (The hub's own outbox worker may already have delivered it: the status is not the point here.)
    expect(result!.outboxMessages.map((m) => [m.letterId, m.recipient])).toEqual([[hers.id, 'alice@example.org']]);
    expect(result!.outboxMessages[0]).toHaveProperty('status');
  });

  it('answers null for an unknown person', async () => {
    expect(await subjectAccessExport(t.hub.subgraphs, '00000000-0000-4000-8000-000000000000', { sub: 'dpo', agencyId: 'hub' })).toBeNull();
  });
});

describe('retention', () => {
  it('anonymises incidents past the period, keeps what statistics need, logs it, and is idempotent', async () => {
    const em = t.hub.subgraphs.incidents.db.orm.em.fork();
    const old = em.create(Incident, {
      source: IncidentSource.POLICE, agencyId: 'kent-police', sourceRef: 'KP-ASB-2018-00001', category: AsbCategory.NUISANCE, subType: 'Noise',
      occurredAt: new Date('2018-03-01T22:00:00Z'), reportedAt: new Date('2018-03-01T23:00:00Z'), description: 'Old narrative naming a neighbour',
      location: '14 Oak Lane', uprn: '100062000001', latitude: 51.27, longitude: 0.19, lsoaCode: 'E01024503', reporterPersonId: alice,
      actions: [{ at: '2018-03-02T10:00:00Z', action: 'Warning given to the neighbour at number 12', by: 'PC 1' }],
    });
    await em.flush();

    const first = await runRetention(t.hub.subgraphs, 72, 'test-retention');
    expect(first.anonymised).toBe(1);
    expect([...first.people]).toEqual([[alice, 1]]);
    const after = await t.hub.subgraphs.incidents.db.orm.em.fork().findOneOrFail(Incident, { id: old.id });
    expect(after).toMatchObject({ description: null, location: null, uprn: null, latitude: null, longitude: null, reporterPersonId: null, personIds: [] });
    expect(after).toMatchObject({ category: 'NUISANCE', lsoaCode: 'E01024503', agencyId: 'kent-police', source: 'POLICE' });
    expect(after.anonymisedAt).toBeInstanceOf(Date);
    expect(after.actions).toEqual([{ at: '2018-03-02T10:00:00Z', action: 'Action (detail removed under retention policy)' }]);
    // Recent incidents are untouched.
    expect(await t.hub.subgraphs.incidents.db.orm.em.fork().count(Incident, { anonymisedAt: { $ne: null } })).toBe(1);

    const logged = await t.hub.subgraphs.consent.db.orm.em.fork().find(AccessEvent, { actorSub: 'test-retention' });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ personId: alice, basis: 'retention-policy:72-months', subgraph: 'incidents' });
    expect((await runRetention(t.hub.subgraphs, 72, 'test-retention')).anonymised).toBe(0);
    expect((await verifyAccessChain(t.hub.subgraphs.consent.db.orm.em.fork())).valid).toBe(true);
  });
});
