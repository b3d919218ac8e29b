import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Person } from '../subgraphs/consent/entities/Person';
import { PersonRecord } from '../subgraphs/consent/entities/PersonRecord';
import { Incident } from '../subgraphs/incidents/entities/Incident';
import { AsbCategory, IncidentSource } from '../subgraphs/shared/enums';
import { postGraphQL, startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * Reference resolvers and list fields are batched: the SQL statements a request costs do not grow
 * with the number of entities it resolves.
 */
let t: TestHub;
const personIds: string[] = [];
/** People concerned in 1 and in 50 incidents, each incident reported by a different person. */
const concerned = { one: randomUUID(), fifty: randomUUID() };
beforeAll(async () => {
  t = await startTestHub({ seed: true });
  const consentEm = t.hub.subgraphs.consent.db.orm.em.fork();
  const incidentsEm = t.hub.subgraphs.incidents.db.orm.em.fork();
  const records: Array<{ personId: string; agencyId: string; givenName: string; familyName: string }> = [];
  for (let i = 0; i < 50; i++) {
    const p = consentEm.create(Person, { registeredByAgencyId: 'sevenoaks-dc' });
    records.push({ personId: p.id, agencyId: 'sevenoaks-dc', givenName: `Given${i}`, familyName: `Family${i}` });
    records.push({ personId: p.id, agencyId: 'kent-wardens', givenName: `Given${i}`, familyName: `Family${i}` });
    personIds.push(p.id);
    for (let k = 0; k < 2; k++) {
      incidentsEm.create(Incident, {
        id: randomUUID(), source: IncidentSource.POLICE, agencyId: 'kent-police', sourceRef: `BATCH-${i}-${k}`, category: AsbCategory.NUISANCE,
        occurredAt: new Date(Date.UTC(2026, 5, 1 + k)), reportedAt: new Date(Date.UTC(2026, 5, 1 + k)), reporterPersonId: p.id,
      });
    }
  }
  for (const [key, n] of [['one', 1], ['fifty', 50]] as const) {
    consentEm.create(Person, { id: concerned[key], registeredByAgencyId: 'sevenoaks-dc' });
    records.push({ personId: concerned[key], agencyId: 'sevenoaks-dc', givenName: 'Concerned', familyName: key });
    for (let i = 0; i < n; i++) {
      incidentsEm.create(Incident, {
        source: IncidentSource.WARDEN, agencyId: 'kent-wardens', sourceRef: `CONCERN-${key}-${i}`, category: AsbCategory.PERSONAL,
        occurredAt: new Date(Date.UTC(2026, 6, 1, i)), reportedAt: new Date(Date.UTC(2026, 6, 1, i)), reporterPersonId: personIds[i], personIds: [concerned[key]],
      });
    }
  }
  await consentEm.flush();
  // Each agency's record of the person (access model v2), once the people exist.
  for (const r of records) consentEm.create(PersonRecord, r);
  await consentEm.flush();
  await incidentsEm.flush();
});
afterAll(async () => {
  await t?.stop();
});

/** The first request of an agency costs a one-off lookup (is the agency known?, cached): make it outside the count. */
async function warm(url: string, token: string) {
  expect((await postGraphQL<any>(url, '{ _entities(representations: []) { __typename } }', {}, token)).errors).toBeUndefined();
}

async function statementsFor(name: 'consent' | 'incidents', query: string, agency = 'sevenoaks-dc'): Promise<{ statements: number; data: any }> {
  const token = await tokenFor(agency, 'spoc');
  await warm(t.hub.subgraphs[name].url, token);
  const before = t.sqlCount(name);
  const res = await postGraphQL<any>(t.hub.subgraphs[name].url, query, {}, token);
  expect(res.errors).toBeUndefined();
  return { statements: t.sqlCount(name) - before, data: res.data };
}

const entitiesQuery = (ids: string[], selection: string) =>
  `{ _entities(representations: [${ids.map((id) => `{ __typename: "Person", id: "${id}" }`).join(', ')}]) { ... on Person { ${selection} } } }`;

describe('SQL statements per request', () => {
  it('Person by reference (consent): the same for 1 and for 50', async () => {
    const one = await statementsFor('consent', entitiesQuery(personIds.slice(0, 1), 'id familyName'));
    const fifty = await statementsFor('consent', entitiesQuery(personIds, 'id familyName'));
    expect(fifty.data._entities).toHaveLength(50);
    expect(fifty.data._entities[49].familyName).toBe('Family49');
    expect(one.statements).toBeGreaterThan(0);
    expect(fifty.statements).toBe(one.statements);
  });

  it('Person by reference (consent): deciding on another agency\'s record costs no statement more than on the caller\'s own', async () => {
    // personIds[0] has a record of Sevenoaks and one of the wardens (decided by the policy: grants read);
    // concerned.one only Sevenoaks' own (the controller rule, nothing read). The grants come with the
    // records, in the same statement (consent/repositories/decision-facts.ts `recordsWithFacts`).
    const own = await statementsFor('consent', entitiesQuery([concerned.one], 'id familyName'));
    const shared = await statementsFor('consent', entitiesQuery([personIds[0]], 'id givenName familyName'));
    expect(own.data._entities[0].familyName).toBe('one');
    expect(shared.data._entities[0].familyName).toBe('Family0');
    expect(shared.statements).toBe(own.statements);
    // The person, its records and the grants in one statement; the access log's append the other.
    expect(own.statements).toBe(2);
  });

  it('Person.incidents by reference (incidents): the same for 1 and for 50', async () => {
    // Kent Police reads the incidents it supplied (access model v2: another agency's only under a grant).
    const one = await statementsFor('incidents', entitiesQuery(personIds.slice(0, 1), 'incidents { id sourceRef }'), 'kent-police');
    const fifty = await statementsFor('incidents', entitiesQuery(personIds, 'incidents { id sourceRef }'), 'kent-police');
    expect(fifty.data._entities.every((p: any) => p.incidents.filter((i: any) => i.sourceRef.startsWith('BATCH-')).length === 2)).toBe(true);
    expect(fifty.statements).toBe(one.statements);
  });

  it('through the gateway: a list of 1 or 50 incidents, each resolving its reporter in the consent subgraph, costs the same', async () => {
    // The wardens read the incidents they supplied, and the reporters' details they hold themselves.
    const token = await tokenFor('kent-wardens', 'spoc');
    expect((await t.query<any>('{ agencies { id } }', {}, { token })).errors).toBeUndefined();
    for (const name of ['consent', 'incidents'] as const) await warm(t.hub.subgraphs[name].url, token);
    const count = async (personId: string, expected: number) => {
      const before = { consent: t.sqlCount('consent'), incidents: t.sqlCount('incidents') };
      const res = await t.query<any>(`{ person(id: "${personId}") { id incidents { id reporter { id familyName } } } }`, {}, { token });
      expect(res.errors).toBeUndefined();
      expect(res.data.person.incidents).toHaveLength(expected);
      expect(res.data.person.incidents.every((i: any) => i.reporter.familyName.startsWith('Family'))).toBe(true);
      return { consent: t.sqlCount('consent') - before.consent, incidents: t.sqlCount('incidents') - before.incidents };
    };
    const one = await count(concerned.one, 1);
    const fifty = await count(concerned.fifty, 50);
    expect(fifty).toEqual(one);
  });
});

describe('the decisions of one request read their facts once', () => {
  it("through the gateway: a person and their incidents, read by an agency that supplied neither, read that agency's grants about the person once", async () => {
    // The consent subgraph reads them with the person's records; the incidents subgraph's questions
    // about the same person, in the same request, use that read (consent/rules/policy-decision-point.ts `shareFacts`).
    const token = await tokenFor('kent-mental-health', 'reviewer');
    const query = `query($id: ID!) { person(id: $id) { id givenName incidents { id description } } }`;
    const seen: string[] = [];
    const knex = t.hub.subgraphs.consent.db.orm.em.getConnection().getKnex();
    const note = (q: { sql: string }) => seen.push(q.sql);
    expect((await t.query<any>(query, { id: personIds[0] }, { token })).data?.person?.id).toBe(personIds[0]);
    knex.on('query', note);
    try {
      for (const id of personIds.slice(1, 6)) {
        seen.length = 0;
        const res = await t.query<any>(query, { id }, { token });
        expect(res.data?.person?.id).toBe(id);
        // Two agencies' incidents were asked about (the answers are denials: no grant): one read of the grants.
        expect(seen.filter((sql) => sql.includes('"consent"."access_grant"'))).toHaveLength(1);
      }
    } finally {
      knex.removeListener('query', note);
    }
  });
});
