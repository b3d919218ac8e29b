import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicantType, ApplicationChannel } from '../subgraphs/shared/enums';
import { Letter } from '../subgraphs/triggers/entities/Letter';
import { ThresholdEvaluation } from '../subgraphs/triggers/entities/ThresholdEvaluation';
import { ThresholdPolicy } from '../subgraphs/triggers/entities/ThresholdPolicy';
import { TriggerApplication } from '../subgraphs/triggers/entities/TriggerApplication';
import { LetterKind } from '../subgraphs/triggers/letters/render';
import { postGraphQL, startTestHub, tokenFor, type TestHub } from './support/hub';

/** The triggers subgraph's list fields and references cost the same SQL for 1 and for 50 applications. */
let t: TestHub;
const appIds: string[] = [];
const victims: string[] = [];
beforeAll(async () => {
  t = await startTestHub({ seed: true });
  const em = t.hub.subgraphs.triggers.db.orm.em.fork();
  const policy = await em.findOneOrFail(ThresholdPolicy, { authorityAgencyId: 'sevenoaks-dc' });
  for (let i = 0; i < 50; i++) {
    const victim = randomUUID();
    victims.push(victim);
    const app = em.create(TriggerApplication, {
      reference: `BATCH-CT-2026-${String(i).padStart(4, '0')}`, authorityAgencyId: 'sevenoaks-dc', applicantPersonId: randomUUID(), victimPersonId: victim,
      channel: ApplicationChannel.WRITING, applicantType: ApplicantType.REPRESENTATIVE, consentToShare: true, recordedByAgencyId: 'sevenoaks-dc',
      acknowledgedAt: new Date(),
    });
    appIds.push(app.id);
    em.create(Letter, { applicationId: app.id, kind: LetterKind.CT1, subject: 's', html: '<p>h</p>', text: 't', authorityAgencyId: 'sevenoaks-dc', sentBy: 'test', recipientPersonId: victim });
    em.create(ThresholdEvaluation, {
      applicationId: app.id, policyId: policy.id, policyVersion: 1, policyName: policy.name, parameters: policy.parameters, met: false, counted: 1,
      windowStart: new Date(), windowEnd: new Date(), items: [], evaluatedBy: 'test',
    });
  }
  await em.flush();
});
afterAll(async () => {
  await t?.stop();
});

async function statements(query: string) {
  const token = await tokenFor('sevenoaks-dc', 'spoc');
  const before = t.sqlCount('triggers');
  const res = await postGraphQL<any>(t.hub.subgraphs.triggers.url, query, {}, token);
  expect(res.errors).toBeUndefined();
  return { n: t.sqlCount('triggers') - before, data: res.data };
}

const refs = (typename: string, ids: string[], selection: string) =>
  `{ _entities(representations: [${ids.map((id) => `{ __typename: "${typename}", id: "${id}" }`).join(', ')}]) { ... on ${typename} { ${selection} } } }`;

describe('triggers: SQL statements per request', () => {
  it('TriggerApplication references with letters, evaluations (and their policy) and deadlines: the same for 1 and 50', async () => {
    const selection = 'id reference letters { kind text } evaluations { met policy { version } } latestEvaluation { counted } deadlines { kind dueOn } overdue';
    const one = await statements(refs('TriggerApplication', appIds.slice(0, 1), selection));
    const fifty = await statements(refs('TriggerApplication', appIds, selection));
    expect(fifty.data._entities).toHaveLength(50);
    expect(fifty.data._entities.every((a: any) => a.letters.length === 1 && a.letters[0].text === 't' && a.evaluations[0].policy.version === 1)).toBe(true);
    expect(fifty.n).toBe(one.n);
  });

  it('Person.triggerApplications (as victim): the same for 1 and 50', async () => {
    const one = await statements(refs('Person', victims.slice(0, 1), 'triggerApplications { id letters { kind } }'));
    const fifty = await statements(refs('Person', victims, 'triggerApplications { id letters { kind } }'));
    expect(fifty.data._entities.every((p: any) => p.triggerApplications.length === 1)).toBe(true);
    expect(fifty.n).toBe(one.n);
  });
});
