import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../seeds/demo-data';
import { serviceToken, startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * Logged before disclosed: the policy decision point's plain endpoint (consent/resolvers/
 * PolicyDecisionEndpoint.ts) answers first and confirms the access log afterwards; a query's
 * decisions are used at once and its response is held until the log holds them
 * (shared/server.ts `accessLogPlugin`). If the log cannot be written, nothing of the answer leaves.
 */
const alice = DEMO.people.alice;
let t: TestHub;
let pdpUrl: string;
beforeAll(async () => {
  t = await startTestHub({ seed: true });
  pdpUrl = new URL('/_pdp', t.hub.subgraphs.consent.url).toString();
});
afterAll(async () => {
  await t?.stop();
});

const actor = { sub: 'probe', agencyId: 'kent-police', roles: ['reviewer'], subgraph: 'incidents', requestId: 'pdp-endpoint-test' };
const question = { personId: alice, category: 'INCIDENT_DETAIL', controllerAgencyIds: ['sevenoaks-dc'], field: 'Person.incidents' };
const post = (body: unknown, token?: string) =>
  fetch(pdpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
const consentSql = (sql: string) => t.hub.subgraphs.consent.db.orm.em.fork().getConnection().execute(sql);

describe('the policy decision point over plain HTTP', () => {
  it('answers only the service credential', async () => {
    expect((await post({ actor, questions: [question] })).status).toBe(401);
    expect((await post({ actor, questions: [question] }, await tokenFor('kent-police', 'reviewer'))).status).toBe(403);
    expect((await post({ actor, questions: [question] }, await tokenFor('kent-police', 'dpo'))).status).toBe(403);
  });

  it('refuses a malformed question naming the field, never the value', async () => {
    const res = await post({ actor, questions: [{ ...question, category: 'SECRET_SAUCE' }] }, await serviceToken());
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('questions.0.category');
    expect(text).not.toContain('SECRET_SAUCE');
  });

  it('answers on the first line, and says so on the second once the access log holds the decision', async () => {
    const res = await post({ actor, questions: [question, { ...question, category: 'SPECIAL_CATEGORY' }] }, await serviceToken());
    expect(res.status).toBe(200);
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0].answers).toHaveLength(2);
    expect(lines[0].answers[1]).toMatchObject({ allowed: false });
    expect(lines[1]).toEqual({ logged: true });
    const rows = await consentSql(`select category, decision from consent.access_event where request_id = 'pdp-endpoint-test' order by seq`);
    expect(rows.map((r: any) => [r.category, r.decision])).toEqual([
      ['INCIDENT_DETAIL', expect.any(String)],
      ['SPECIAL_CATEGORY', 'DENY'],
    ]);
  });
});

describe('when the access log cannot be written', () => {
  const QUERY = `{ person(id: "${alice}") { id givenName familyName phone incidents { id description location } } }`;

  it('a query answers one SERVICE_UNAVAILABLE and none of its data; once the log is back, the same query answers', async () => {
    const spoc = await tokenFor('sevenoaks-dc', 'spoc');
    const before = await t.query<any>(QUERY, {}, { token: spoc });
    expect(before.data?.person?.givenName).toBe('Alice');
    expect(before.data.person.incidents.length).toBeGreaterThan(0);

    await consentSql(`alter function consent.append_access_events_keyed(bigint, text, jsonb) rename to append_access_events_keyed_off`);
    try {
      for (const token of [spoc, await tokenFor('kent-police', 'reviewer')]) {
        const res = await t.query<any>(QUERY, {}, { token });
        const text = JSON.stringify(res);
        for (const value of ['Alice', 'Turner', before.data.person.phone, before.data.person.incidents[0].description].filter(Boolean))
          expect(text).not.toContain(value);
        expect(
          res.errors?.some(
            (e: any) =>
              e.extensions?.code === 'SERVICE_UNAVAILABLE' ||
              e.extensions?.reason === 'access-log-unavailable' ||
              e.extensions?.reason === 'decision-unavailable',
          ),
        ).toBe(true);
      }
      // Straight to the subgraphs too (each holds its own answer).
      const direct = await fetch(t.hub.subgraphs.consent.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${spoc}` },
        body: JSON.stringify({ query: `{ person(id: "${alice}") { givenName phone } }` }),
      }).then((r) => r.json() as Promise<any>);
      expect(direct.data ?? null).toBeNull();
      expect(direct.errors).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', reason: 'access-log-unavailable' }) }),
      ]);
    } finally {
      await consentSql(`alter function consent.append_access_events_keyed_off(bigint, text, jsonb) rename to append_access_events_keyed`);
    }
    const after = await t.query<any>(QUERY, {}, { token: spoc });
    expect(after.errors).toBeUndefined();
    expect(after.data.person).toEqual(before.data.person);
  });
});
