import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../seeds/demo-data';
import { serviceToken, startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * One read of an agency's grants about a person per request: the gateway asks the consent subgraph
 * for the person and another subgraph for their incidents at once, under one request id; the
 * incidents subgraph's questions to the policy decision point (`POST /_pdp`, as when each subgraph
 * runs apart) use the facts the consent subgraph read for the same request a moment before
 * (consent/rules/policy-decision-point.ts `shareFacts`), and only those.
 */
const alice = DEMO.people.alice;
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ seed: true });
});
afterAll(async () => {
  await t?.stop();
});

const question = { personId: alice, category: 'INCIDENT_DETAIL', controllerAgencyIds: ['sevenoaks-dc'], field: 'Person.incidents' };

/** The consent subgraph's own read of the person for a request (as the gateway's fetch makes it). */
async function readPerson(requestId: string, token: string) {
  const res = await fetch(t.hub.subgraphs.consent.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': requestId },
    body: JSON.stringify({ query: `{ person(id: "${alice}") { id givenName } }` }),
  });
  expect(res.status).toBe(200);
}

/** Asks the decision point over HTTP for a request, and counts the statements reading grants meanwhile. */
async function ask(requestId: string, agencyId: string) {
  const seen: string[] = [];
  const knex = t.hub.subgraphs.consent.db.orm.em.getConnection().getKnex();
  const note = (q: { sql: string }) => seen.push(q.sql);
  knex.on('query', note);
  try {
    const res = await fetch(new URL('/_pdp', t.hub.subgraphs.consent.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await serviceToken()}` },
      body: JSON.stringify({ actor: { sub: 'r', agencyId, roles: ['reviewer'], subgraph: 'incidents', requestId }, questions: [question] }),
    });
    const [answers, logged] = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(logged).toEqual({ logged: true });
    return { answer: answers.answers[0], grantReads: seen.filter((sql) => sql.includes('"consent"."access_grant"')).length };
  } finally {
    knex.removeListener('query', note);
  }
}

describe("the decision point uses the same request's read of the grants", () => {
  it('after the consent subgraph read the person for that request: no read of its own, the same answer', async () => {
    const token = await tokenFor('kent-police', 'reviewer');
    const fresh = await ask(randomUUID(), 'kent-police');
    expect(fresh.grantReads).toBe(1);
    const requestId = randomUUID();
    await readPerson(requestId, token);
    const shared = await ask(requestId, 'kent-police');
    expect(shared.grantReads).toBe(0);
    expect(shared.answer).toEqual(fresh.answer);
  });

  it("never another request's, nor another agency's, nor one older than a moment", async () => {
    const requestId = randomUUID();
    await readPerson(requestId, await tokenFor('kent-police', 'reviewer'));
    expect((await ask(randomUUID(), 'kent-police')).grantReads).toBe(1);
    expect((await ask(requestId, 'herts-police')).grantReads).toBe(1);
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await ask(requestId, 'kent-police')).grantReads).toBe(1);
  });
});
