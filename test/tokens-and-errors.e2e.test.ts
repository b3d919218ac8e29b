import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { DEMO } from '../seeds/demo-data';
import { signClientOperation } from '../platform/auth';
import { config } from '../platform/config';
import { SUBGRAPH_NAMES, type SubgraphName } from '../platform/services';
import { serviceToken, startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * Tokens and errors, through the gateway and straight to every subgraph (`_entities`
 * included): tokens must carry `exp` within TOKEN_MAX_LIFETIME; a token naming an agency the hub
 * does not know gets FORBIDDEN (403) for everything but health; the operation name in the access
 * log is the gateway's, signed, never a caller's header; errors never carry values sent; FORBIDDEN
 * says why (`reason`) and which request (`requestId`).
 */
let t: TestHub;
const alice = DEMO.people.alice;
const enc = (s: string) => new TextEncoder().encode(s);
const ENTITIES = '{ _entities(representations: []) { __typename } }';

interface Answer {
  status: number;
  text: string;
  json: { data?: any; errors?: Array<{ message: string; extensions?: Record<string, any> }> };
}

async function post(url: string, query: string, variables: Record<string, unknown> = {}, opts: { token?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) };
}

const gateway = () => `http://127.0.0.1:${t.hub.gateway.port}/graphql`;
const subgraph = (name: SubgraphName) => t.hub.subgraphs[name].url;
const everywhere = () => [['gateway', gateway()], ...SUBGRAPH_NAMES.map((n) => [n, subgraph(n)])] as Array<[string, string]>;

/** A user token as an identity provider might issue it: every claim chosen by the test. */
function userToken(claims: { agency?: string; exp?: number; iat?: number }) {
  const c = config();
  let jwt = new SignJWT({ agency: claims.agency ?? 'kent-police', roles: ['reviewer'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('probe').setIssuer(c.JWT_ISSUER).setAudience(c.JWT_AUDIENCE);
  if (claims.iat !== undefined) jwt = jwt.setIssuedAt(claims.iat);
  if (claims.exp !== undefined) jwt = jwt.setExpirationTime(claims.exp);
  return jwt.sign(enc(c.JWT_SECRET));
}
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  t = await startTestHub({ seed: true });
});
afterAll(async () => {
  await t?.stop();
});

describe('tokens carry exp, within TOKEN_MAX_LIFETIME (12h by default)', () => {
  it('refuses a token without exp, or living longer than the maximum, everywhere as UNAUTHENTICATED (401)', async () => {
    const refused = {
      'no exp': await userToken({ iat: now() }),
      'no exp, no iat': await userToken({}),
      'exp − iat of 13 h': await userToken({ iat: now(), exp: now() + 13 * 3600 }),
      'no iat, exp in 13 h': await userToken({ exp: now() + 13 * 3600 }),
      'iat in the future, exp 13 h from now': await userToken({ iat: now() + 12 * 3600, exp: now() + 13 * 3600 }),
    };
    for (const [where, url] of everywhere()) {
      for (const [label, token] of Object.entries(refused)) {
        for (const q of [ENTITIES, `{ person(id: "${alice}") { id } }`]) {
          if (where !== 'gateway' && where !== 'consent' && q !== ENTITIES) continue;
          if (where === 'gateway' && q === ENTITIES) continue;
          const r = await post(url, q, {}, { token });
          expect(r.status, `${where}, ${label}`).toBe(401);
          expect(r.json.errors?.[0].extensions?.code, `${where}, ${label}`).toBe('UNAUTHENTICATED');
          expect(r.json.data ?? null).toBeNull();
        }
      }
      // Within the maximum is fine: 12 h exactly, with or without iat.
      for (const token of [await userToken({ iat: now(), exp: now() + 12 * 3600 }), await userToken({ exp: now() + 3600 })]) {
        const r = await post(url, where === 'gateway' ? `{ person(id: "${alice}") { id } }` : ENTITIES, {}, { token });
        expect(r.status, where).toBe(200);
        expect(r.json.errors, where).toBeUndefined();
      }
    }
  });
});

describe('a token naming an agency the hub does not know', () => {
  const forbiddenEverywhere = async (token: string, requestId: string) => {
    for (const [where, url] of everywhere()) {
      const queries = where === 'gateway'
        ? ['mutation { registerPerson(input: { givenName: "Eve", familyName: "Probe" }) { id } }', '{ agencies { id } }']
        : [ENTITIES, '{ _service { sdl } }'];
      for (const q of queries) {
        const r = await post(url, q, {}, { token, headers: { 'x-request-id': requestId } });
        expect(r.status, `${where}: ${q}`).toBe(403);
        expect(r.json.data ?? null).toBeNull();
        expect(r.json.errors).toHaveLength(1);
        expect(r.json.errors![0].extensions, `${where}: ${q}`).toMatchObject({ code: 'FORBIDDEN', reason: 'denied', requestId });
        expect(r.text).not.toContain('no-such-agency');
      }
      const base = url.replace(/\/graphql$/, '');
      expect((await fetch(`${base}/healthz`)).status, where).toBe(200);
      expect((await fetch(`${base}/readyz`)).status, where).toBe(200);
    }
  };

  it('is FORBIDDEN (403) at the gateway and at every subgraph, health checks aside; nothing is written', async () => {
    const people = async () => (await t.hub.subgraphs.consent.db.orm.em.fork().getConnection().execute(`select count(*)::int as n from consent.person`))[0].n;
    const before = await people();
    await forbiddenEverywhere(await tokenFor('no-such-agency', 'spoc'), 'probe-unknown-1');
    expect(await people()).toBe(before);
  });

  it('becomes usable once the agency is registered (unknown answers are not cached)', async () => {
    const token = await tokenFor('late-registered-police', 'contributor');
    await forbiddenEverywhere(token, 'probe-unknown-2');
    const registered = await post(subgraph('consent'), 'mutation($i: AgencyRegistrationInput!) { serviceEnsureAgency(input: $i) }', { i: { id: 'late-registered-police', name: 'Late Police', kind: 'POLICE', area: 'kent' } }, { token: await serviceToken() });
    expect(registered.json).toEqual({ data: { serviceEnsureAgency: 'POLICE' } });
    for (const [where, url] of everywhere()) {
      const r = await post(url, where === 'gateway' ? '{ agencies { id } }' : ENTITIES, {}, { token });
      expect(r.status, where).toBe(200);
      expect(r.json.errors, where).toBeUndefined();
    }
  });

  it('service credentials are the hub’s own and not looked up', async () => {
    const lookups = SUBGRAPH_NAMES.map((n) => t.hub.subgraphs[n].agencies.lookups());
    for (const n of SUBGRAPH_NAMES) {
      const r = await post(subgraph(n), ENTITIES, {}, { token: await serviceToken() });
      expect(r.json, n).toEqual({ data: { _entities: [] } });
    }
    expect(SUBGRAPH_NAMES.map((n) => t.hub.subgraphs[n].agencies.lookups())).toEqual(lookups);
  });

  it('costs no lookup and no SQL per request after the first (known agencies are cached)', async () => {
    const token = await tokenFor('kent-wardens', 'contributor');
    const list = '{ incidents(first: 1) { edges { node { id } } } }';
    // First requests: the gateway and incidents each ask the consent subgraph once.
    await post(gateway(), list, {}, { token });
    await post(subgraph('incidents'), list, {}, { token });
    await post(subgraph('consent'), ENTITIES, {}, { token });
    const fetches = t.fetchCount('consent');
    const consentSql = t.sqlCount('consent');
    const lookups = [t.hub.gateway.agencies!.lookups(), ...SUBGRAPH_NAMES.map((n) => t.hub.subgraphs[n].agencies.lookups())];
    for (let i = 0; i < 5; i++) {
      expect((await post(gateway(), list, {}, { token })).json.errors).toBeUndefined();
      expect((await post(subgraph('incidents'), list, {}, { token })).json.errors).toBeUndefined();
      expect((await post(subgraph('consent'), ENTITIES, {}, { token })).json.errors).toBeUndefined();
    }
    // Only the five direct consent requests themselves reached consent; none was an agency lookup, and none cost SQL.
    expect(t.fetchCount('consent') - fetches).toBe(5);
    expect(t.sqlCount('consent') - consentSql).toBe(0);
    expect([t.hub.gateway.agencies!.lookups(), ...SUBGRAPH_NAMES.map((n) => t.hub.subgraphs[n].agencies.lookups())]).toEqual(lookups);
  });
});

describe('the operation name in the access log', () => {
  const logged = async (requestId: string) => {
    const dpo = await tokenFor('kent-mental-health', 'dpo');
    const res = await post(gateway(), '{ accessLog(filter: { agencyId: "kent-mental-health" }, first: 200) { edges { node { operation subgraph requestId } } } }', {}, { token: dpo });
    expect(res.json.errors).toBeUndefined();
    return res.json.data.accessLog.edges.map((e: any) => e.node).filter((n: any) => n.requestId === requestId);
  };

  it('is the client’s through the gateway, signed for the caller', async () => {
    const reviewer = await tokenFor('kent-mental-health', 'reviewer');
    const requestId = `op-gateway-${randomUUID()}`;
    const r = await post(gateway(), `query Look { person(id: "${alice}") { givenName incidents { description } } }`, {}, { token: reviewer, headers: { 'x-request-id': requestId, 'x-client-operation': 'query Forged' } });
    expect(r.json.data.person.givenName).toBe('Alice');
    const rows = await logged(requestId);
    expect(new Set(rows.map((n: any) => n.subgraph))).toEqual(new Set(['consent', 'incidents']));
    for (const n of rows) expect(n.operation).toMatch(/^query Look \/ /);
  });

  it('straight to a subgraph is the operation it executed, marked direct, whatever header the caller sends', async () => {
    const reviewer = await tokenFor('kent-mental-health', 'reviewer');
    const other = await tokenFor('kent-police', 'reviewer');
    const forgeries: Record<string, string> = {
      'no signature': '',
      'a garbage signature': 'AAAA',
      'a signature for another token': signClientOperation('query Innocent', `Bearer ${other}`),
      'a signature for another name': signClientOperation('query Other', `Bearer ${reviewer}`),
    };
    for (const [label, signature] of Object.entries(forgeries)) {
      const requestId = `op-direct-${randomUUID()}`;
      const headers: Record<string, string> = { 'x-request-id': requestId, 'x-client-operation': 'query Innocent', ...(signature ? { 'x-client-operation-signature': signature } : {}) };
      const consent = await post(subgraph('consent'), `query Peek { person(id: "${alice}") { givenName } }`, {}, { token: reviewer, headers });
      expect(consent.json.data.person.givenName).toBe('Alice');
      const incidents = await post(subgraph('incidents'), `query Dig { _entities(representations: [{ __typename: "Person", id: "${alice}" }]) { ... on Person { incidents { description } } } }`, {}, { token: reviewer, headers });
      expect(incidents.json.errors).toBeUndefined();
      const rows = await logged(requestId);
      expect(rows.length, label).toBeGreaterThan(1);
      for (const n of rows) {
        expect(n.operation, label).toMatch(n.subgraph === 'consent' ? /^direct: query Peek \/ / : /^direct: query Dig \/ /);
        expect(n.operation, label).not.toContain('Innocent');
      }
    }
    // The same header pair is honoured when the gateway's signature verifies for this caller.
    const requestId = `op-signed-${randomUUID()}`;
    await post(subgraph('consent'), `query Peek { person(id: "${alice}") { givenName } }`, {}, {
      token: reviewer,
      headers: { 'x-request-id': requestId, 'x-client-operation': 'query Signed', 'x-client-operation-signature': signClientOperation('query Signed', `Bearer ${reviewer}`) },
    });
    // One decision per supplying agency of Alice's name (Sevenoaks DC, Kent Police, West Kent Housing: access model v2).
    expect((await logged(requestId)).map((n: any) => n.operation)).toEqual(Array(3).fill('query Signed / Person.givenName'));
  });
});

describe('errors never carry values the caller sent', () => {
  const SECRET = 'alice-turner-1958';
  const noEcho = (r: Answer, label: string) => {
    expect(r.json.errors?.length, label).toBeGreaterThan(0);
    expect(r.text, label).not.toContain(SECRET);
  };

  it('a bad DateTimeISO or Int, as a variable or a literal, names the field, not the value', async () => {
    const token = await tokenFor('kent-police', 'contributor');
    const cases: Array<[string, string, Record<string, unknown>, string]> = [
      ['variable', 'query($f: DateTimeISO!) { incidents(first: 1, filter: { occurredFrom: $f }) { edges { node { id } } } }', { f: SECRET }, 'f'],
      ['nested variable', 'query($f: IncidentFilter) { incidents(first: 1, filter: $f) { edges { node { id } } } }', { f: { occurredFrom: SECRET } }, 'f.occurredFrom'],
      ['literal', `{ incidents(first: 1, filter: { occurredFrom: "${SECRET}" }) { edges { node { id } } } }`, {}, 'filter.occurredFrom'],
      ['Int literal', `{ incidents(first: "${SECRET}") { edges { node { id } } } }`, {}, 'first'],
      ['Int variable', 'query($n: Int) { incidents(first: $n) { edges { node { id } } } }', { n: SECRET }, 'n'],
    ];
    for (const [label, q, vars, field] of cases) {
      for (const [where, url] of [['gateway', gateway()], ['incidents', subgraph('incidents')]]) {
        const r = await post(url, q, vars, { token });
        noEcho(r, `${label} at ${where}`);
        expect(r.json.errors![0].extensions, `${label} at ${where}`).toMatchObject({ field });
        expect(r.json.errors![0].message, `${label} at ${where}`).toBe(`Invalid value for ${field}`);
      }
    }
  });

  it('recordConsent names the unknown recipient by its index; unknown ids are named by record type and field', async () => {
    const spoc = await tokenFor('sevenoaks-dc', 'spoc');
    const input = { personId: alice, purposes: ['CASE_REVIEW'], recipientAgencyIds: ['kent-police', SECRET], categories: ['IDENTITY'], captureMethod: 'ONLINE', noticeVersion: 'v1' };
    const mutation = 'mutation($i: ConsentInput!) { recordConsent(input: $i) { id } }';
    for (const url of [gateway(), subgraph('consent')]) {
      const r = await post(url, mutation, { i: input }, { token: spoc });
      noEcho(r, url);
      expect(r.json.errors![0]).toMatchObject({ message: 'input.recipientAgencyIds[1] is not a known agency', extensions: { code: 'BAD_USER_INPUT', field: 'input.recipientAgencyIds[1]' } });
    }
    const missing = randomUUID();
    for (const url of [gateway(), subgraph('consent')]) {
      const r = await post(url, mutation, { i: { ...input, recipientAgencyIds: ['kent-police'], personId: missing } }, { token: spoc });
      expect(r.text).not.toContain(missing);
      expect(r.json.errors![0]).toMatchObject({ extensions: { code: 'NOT_FOUND', typeName: 'Person', field: 'input.personId' } });
      const w = await post(url, 'mutation($id: ID!) { withdrawConsent(id: $id, reason: "probe") { id } }', { id: missing }, { token: spoc });
      expect(w.text).not.toContain(missing);
      expect(w.json.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', typeName: 'Consent', field: 'id' });
    }
  });
});

describe('FORBIDDEN says why and for which request', () => {
  it('a withheld field carries reason denied and the request id, through the gateway and straight to the subgraph', async () => {
    const police = await tokenFor('herts-police', 'reviewer');
    for (const [where, url] of [['gateway', gateway()], ['consent', subgraph('consent')]]) {
      const requestId = `forbidden-${where}-${randomUUID()}`;
      const r = await post(url, `{ person(id: "${alice}") { id givenName } }`, {}, { token: police, headers: { 'x-request-id': requestId } });
      expect(r.json.data.person).toEqual({ id: alice, givenName: null });
      expect(r.json.errors![0].extensions, where).toMatchObject({ code: 'FORBIDDEN', category: 'IDENTITY', reason: 'denied', requestId });
    }
  });

  it('a role refusal carries them too, and a request id that is not a plain id is replaced, not echoed', async () => {
    const reviewer = await tokenFor('kent-police', 'reviewer');
    const r = await post(gateway(), '{ accessLog { edges { cursor } } }', {}, { token: reviewer, headers: { 'x-request-id': 'Alice Turner <alice@example.org>' } });
    const ext = r.json.errors![0].extensions!;
    expect(ext).toMatchObject({ code: 'FORBIDDEN', reason: 'denied' });
    expect(ext.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.text).not.toContain('alice@example.org');
  });
});
