import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../seeds/demo-data';
import { postGraphQL, startTestHub, tokenFor, type TestHub } from './support/hub';

/** The hub end to end: gateway, four subgraphs, database, real tokens, demo data. */
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ seed: true });
});
afterAll(async () => {
  await t?.stop();
});

describe('through the gateway', () => {
  it('crosses all four subgraphs: CaseReview → TriggerApplication → applicant Person → incidents from all three sources', async () => {
    const token = await tokenFor('kent-police', 'reviewer');
    const res = await t.query<any>(
      `query($id: ID!) { caseReview(id: $id) {
          id status chair { id name }
          application { id reference status applicant { id incidents { id source sourceRef agency { id } } } }
      } }`,
      { id: DEMO.reviews.aliceReview },
      { token },
    );
    expect(res.errors).toBeUndefined();
    const review = res.data!.caseReview;
    expect(review.chair).toEqual({ id: 'sevenoaks-dc', name: 'Sevenoaks District Council' });
    expect(review.application.reference).toBe('SDC-CT-2026-0001');
    expect(review.application.applicant.id).toBe(DEMO.people.alice);
    const incidents = review.application.applicant.incidents;
    expect(incidents).toHaveLength(4);
    expect(new Set(incidents.map((i: any) => i.source))).toEqual(new Set(['POLICE', 'HOUSING', 'WARDEN']));
    expect(new Set(incidents.map((i: any) => i.agency.id))).toEqual(new Set(['kent-police', 'west-kent-housing', 'kent-wardens']));
  });

  it('lets a SPOC read a person their council registered', async () => {
    const token = await tokenFor('sevenoaks-dc', 'spoc');
    const res = await t.query<any>(`{ person(id: "${DEMO.people.alice}") { id givenName familyName postcode registeredBy { id } } }`, {}, { token });
    expect(res.errors).toBeUndefined();
    expect(res.data!.person).toEqual({ id: DEMO.people.alice, givenName: 'Alice', familyName: 'Turner', postcode: 'TN13 1AA', registeredBy: { id: 'sevenoaks-dc' } });
  });

  it('withholds personal fields it cannot show, naming the category, and still returns the rest', async () => {
    const token = await tokenFor('derbyshire-police', 'reviewer');
    const res = await t.query<any>(`{ person(id: "${DEMO.people.alice}") { id givenName } }`, {}, { token });
    expect(res.data!.person).toEqual({ id: DEMO.people.alice, givenName: null });
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', category: 'IDENTITY' });
    expect(res.errors![0].message).not.toContain('Alice');
  });

  it('refuses a request without a token, or with a bad one, as UNAUTHENTICATED', async () => {
    const none = await t.query(`{ person(id: "${DEMO.people.alice}") { id givenName } }`);
    expect(none.data ?? null).toBeNull();
    expect(none.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const forged = await t.query(`{ agencies { id } }`, {}, { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad' });
    expect(forged.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('refuses queries deeper than the limit before planning them', async () => {
    const token = await tokenFor('sevenoaks-dc', 'spoc');
    let q = 'id';
    for (let i = 0; i < 8; i++) q = `triggerApplications { caseReviews { application { applicant { ${q} } } } }`;
    const res = await t.query(`{ person(id: "${DEMO.people.alice}") { ${q} } }`, {}, { token });
    expect(res.data ?? null).toBeNull();
    expect(res.errors![0].message).toMatch(/exceeds maximum operation depth/);
  });

  it('serves /healthz and /readyz (every subgraph and its database)', async () => {
    const base = `http://127.0.0.1:${t.hub.gateway.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', subgraphs: { consent: 'ready', incidents: 'ready', triggers: 'ready', reviews: 'ready' } });
  });
});

describe('straight to a subgraph', () => {
  it('gives nothing without a token, _entities included', async () => {
    for (const [name, query] of [
      ['consent', `{ person(id: "${DEMO.people.alice}") { givenName } }`],
      ['consent', `{ _entities(representations: [{ __typename: "Person", id: "${DEMO.people.alice}" }]) { ... on Person { givenName } } }`],
      ['incidents', `{ _entities(representations: [{ __typename: "Person", id: "${DEMO.people.alice}" }]) { ... on Person { incidents { description } } } }`],
      ['reviews', `{ caseReview(id: "${DEMO.reviews.aliceReview}") { id } }`],
    ] as const) {
      const res = await postGraphQL<any>(t.hub.subgraphs[name].url, query);
      expect(res.data ?? null, `${name}: ${query}`).toBeNull();
      expect(res.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    }
  });

  it('resolves _entities under the permission layer (regression: shield must keep __resolveReference)', async () => {
    const token = await tokenFor('sevenoaks-dc', 'spoc');
    const res = await postGraphQL<any>(
      t.hub.subgraphs.consent.url,
      `{ _entities(representations: [{ __typename: "Person", id: "${DEMO.people.alice}" }]) { ... on Person { id familyName } } }`,
      {},
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual([{ id: DEMO.people.alice, familyName: 'Turner' }]);
  });
});

describe('query cost', () => {
  it('refuses a query whose cost exceeds the limit, naming the cost and the limit', async () => {
    const token = await tokenFor('sevenoaks-dc', 'dpo');
    // 500 × 3 per page of the log, and 20 assumed people × 20 assumed applications × (3 + 20 reviews × 20 panel agencies)...
    const res = await t.query<any>(
      `{ agencies { id } person(id: "${DEMO.people.alice}") { incidents { id } triggerApplications { id caseReviews { id panel { id } chair { id } application { id caseReviews { panel { id } } } } } } }`,
      {},
      { token: await tokenFor('sevenoaks-dc', 'spoc') },
    );
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query' });
    expect(res.errors![0].extensions!.cost).toBeGreaterThan(res.errors![0].extensions!.limit);
  });
});

describe('in-flight de-duplication of reads', () => {
  it('shares one subgraph fetch between identical simultaneous reads by the same caller, never between callers', async () => {
    const q = `query Same { person(id: "${DEMO.people.alice}") { id familyName incidents { id source } } }`;
    const spoc = await tokenFor('sevenoaks-dc', 'spoc');
    const before = t.fetchCount('incidents');
    const same = await Promise.all(Array.from({ length: 8 }, () => t.query<any>(q, {}, { token: spoc })));
    const shared = t.fetchCount('incidents') - before;
    for (const r of same) expect(r.data).toEqual(same[0].data);
    expect(shared).toBeLessThan(8);

    const callers = await Promise.all(['kent-police', 'west-kent-housing', 'kent-wardens', 'sevenoaks-dc'].map((a, i) => tokenFor(a, i === 3 ? 'dpo' : 'reviewer')));
    const beforeOthers = t.fetchCount('incidents');
    await Promise.all(callers.map((token) => t.query<any>(q, {}, { token })));
    expect(t.fetchCount('incidents') - beforeOthers).toBe(4);
  });
});
