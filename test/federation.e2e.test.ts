import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway } from '../gateway';
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

describe('entity fetches to one subgraph sent together', () => {
  // The incidents' reporters (Person) and agencies (Agency) are two entity fetches to consent that the plan runs side by side.
  const q = `query Reporters { person(id: "${DEMO.people.alice}") { id incidents { id reporter { id familyName givenName } agency { id name } } } }`;
  const post = async (url: string, token: string, requestId: string) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': requestId }, body: JSON.stringify({ query: q }) });
    return (await res.json()) as { data?: any; errors?: Array<{ path?: unknown[]; extensions?: Record<string, unknown> }> };
  };
  const withoutRequestIds = (r: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => ({
    ...r,
    errors: r.errors?.map((e) => ({ ...e, extensions: { ...e.extensions, requestId: undefined } })),
  });

  it('as one request: the same answer and errors at the same entity positions as separately, one consent request fewer, logged under the client operation', async () => {
    const separate = await startGateway({ port: 0, host: '127.0.0.1', subgraphUrls: t.hub.peers, batchEntityFetches: false });
    try {
      const together = `http://127.0.0.1:${t.hub.gateway.port}/graphql`;
      // Kent Police's reviewer reads every reporter; the wardens' SPOC is refused the reporter's names.
      for (const token of [await tokenFor('kent-police', 'reviewer'), await tokenFor('kent-wardens', 'spoc'), await tokenFor('kent-mental-health', 'reviewer')]) {
        await post(separate.url.replace('localhost', '127.0.0.1'), token, randomUUID());
        await post(together, token, randomUUID()); // warm: plans, token caches, known agencies
        const before = t.fetchCount('consent');
        const alone = await post(separate.url.replace('localhost', '127.0.0.1'), token, randomUUID());
        const fetchesAlone = t.fetchCount('consent') - before;
        const requestId = `together-${randomUUID()}`;
        const merged = await post(together, token, requestId);
        const fetchesMerged = t.fetchCount('consent') - before - fetchesAlone;
        expect(withoutRequestIds(merged)).toEqual(withoutRequestIds(alone));
        expect(merged.data.person.incidents.length).toBeGreaterThan(0);
        expect(fetchesMerged).toBe(fetchesAlone - 1);
      }
      const wardens = await post(together, await tokenFor('kent-wardens', 'spoc'), randomUUID());
      expect(wardens.errors!.map((e) => [e.path, e.extensions!.code])).toEqual([
        [['person', 'incidents', 0, 'reporter', 'familyName'], 'FORBIDDEN'],
        [['person', 'incidents', 0, 'reporter', 'givenName'], 'FORBIDDEN'],
      ]);

      // The personal fields read in the merged request are logged under the client's operation name.
      const reviewer = await tokenFor('kent-mental-health', 'reviewer');
      const requestId = `together-${randomUUID()}`;
      const read = await post(together, reviewer, requestId);
      expect(read.errors).toBeUndefined();
      expect(read.data.person.incidents.every((i: any) => i.reporter.givenName === 'Alice' && i.agency.name)).toBe(true);
      const log = await t.query<any>('{ accessLog(filter: { agencyId: "kent-mental-health" }, first: 200) { edges { node { operation subgraph requestId } } } }', {}, { token: await tokenFor('kent-mental-health', 'dpo') });
      const rows = log.data!.accessLog.edges.map((e: any) => e.node).filter((n: any) => n.requestId === requestId && n.subgraph === 'consent');
      expect(rows.length).toBeGreaterThan(0);
      for (const n of rows) expect(n.operation).toMatch(/^query Reporters \/ /);
    } finally {
      await separate.stop();
    }
  });

  it('entity fetches after different root fetches go as one request: the plan in aligned levels', async () => {
    // The policies' authorities follow the triggers root fetch, the reviews' panels the reviews root
    // fetch: two consent entity fetches that start at different times unless the levels are aligned.
    const both = `query Both { thresholdPolicies { id authority { id name } } caseReviews(includeClosed: true) { id panel { id name } } }`;
    const separate = await startGateway({ port: 0, host: '127.0.0.1', subgraphUrls: t.hub.peers, batchEntityFetches: false });
    try {
      const token = await tokenFor('sevenoaks-dc', 'spoc');
      const ask = async (url: string) => {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: both }) });
        return (await res.json()) as { data?: any; errors?: unknown[] };
      };
      const alone = `http://127.0.0.1:${separate.port}/graphql`;
      const together = `http://127.0.0.1:${t.hub.gateway.port}/graphql`;
      await ask(alone);
      await ask(together);
      const before = t.fetchCount('consent');
      const a = await ask(alone);
      const fetchesAlone = t.fetchCount('consent') - before;
      const m = await ask(together);
      const fetchesMerged = t.fetchCount('consent') - before - fetchesAlone;
      expect(m).toEqual(a);
      expect(m.errors).toBeUndefined();
      expect(m.data.thresholdPolicies.some((p: any) => p.authority?.name)).toBe(true);
      expect(m.data.caseReviews.some((r: any) => r.panel.length > 0)).toBe(true);
      expect(fetchesAlone).toBe(2);
      expect(fetchesMerged).toBe(1);
    } finally {
      await separate.stop();
    }
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
