import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../platform/auth';
import { TriggerApplication } from '../subgraphs/triggers/entities/TriggerApplication';
import { DEMO } from '../seeds/demo-data';
import { postGraphQL, startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * Access model v2, tried as an attacker holding one agency's valid token (each finding of the
 * issue that introduced it), and the access matrix's supplying-agency dimension: A's values, B's
 * values, C matched to A's person, with and without a grant, per category and role — through the
 * gateway and straight to the subgraphs.
 *
 * Demo data: Sevenoaks DC (A) registered Alice with every detail; Kent Police (B) and West Kent
 * Housing hold records of her with what they were told; Alice consented to share IDENTITY, CONTACT
 * and INCIDENT_DETAIL (not SPECIAL_CATEGORY) with the panel, on which Kent Police sits.
 */
const alice = DEMO.people.alice;
const SEVENOAKS = { address: '14 Oak Lane, Sevenoaks', phone: '01732 000111', email: 'alice.turner@example.org', vulnerability: 'Lives alone' };
const POLICE_PHONE = '07700 900111';
const HOUSING_ADDRESS = 'Flat 2, 14 Oak Lane, Sevenoaks';
const noSevenoaksValue = (json: unknown) => {
  const text = JSON.stringify(json);
  for (const v of Object.values(SEVENOAKS)) expect(text).not.toContain(v);
};

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ seed: true });
});
afterAll(async () => {
  await t?.stop();
});

const DETAILS = 'id givenName familyName address phone email vulnerabilities records { agency { id } givenName phone address vulnerabilities }';

describe('finding 1: identity matching never widens what the caller sees', () => {
  it('registerPerson on a match answers with the caller’s own values and the id, nothing another agency supplied', async () => {
    const spoc = await tokenFor('derbyshire-police', 'spoc');
    const res = await t.query<any>(
      `mutation { registerPerson(input: { givenName: "alice", familyName: "TURNER", dateOfBirth: "1958-04-12", postcode: "tn131aa" }) { ${DETAILS} } }`,
      {},
      { token: spoc },
    );
    const p = res.data!.registerPerson;
    expect(p.id).toBe(alice);
    expect(p).toMatchObject({ givenName: 'alice', familyName: 'TURNER' });
    expect([p.address, p.phone, p.email]).toEqual([null, null, null]);
    expect(p.vulnerabilities ?? []).toEqual([]);
    expect(p.records.map((r: any) => r.agency.id)).toEqual(['derbyshire-police']);
    noSevenoaksValue(res);
    for (const e of res.errors ?? []) expect(e.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'denied' });

    // Later reads, every role of that agency, through the gateway and straight to consent (`_entities` too).
    for (const role of ['spoc', 'reviewer', 'dpo', 'contributor', 'admin'] as Role[]) {
      const token = await tokenFor('derbyshire-police', role);
      const viaGateway = await t.query<any>(`{ person(id: "${alice}") { ${DETAILS} } }`, {}, { token });
      noSevenoaksValue(viaGateway);
      expect(viaGateway.data!.person.givenName).toBe('alice');
      const direct = await postGraphQL<any>(t.hub.subgraphs.consent.url, `{ _entities(representations: [{ __typename: "Person", id: "${alice}" }]) { ... on Person { ${DETAILS} } } }`, {}, token);
      noSevenoaksValue(direct);
      expect(JSON.stringify(direct)).not.toContain(POLICE_PHONE);
    }
  });

  it('a matched agency cannot withdraw, or even list, the consent another agency recorded', async () => {
    const spoc = await tokenFor('derbyshire-police', 'spoc');
    const consents = await t.query<any>(`{ person(id: "${alice}") { consents { id status withdrawalReason } } }`, {}, { token: spoc });
    expect(consents.data!.person.consents).toEqual([]);
    const consentId = 'c0115e00-0000-4000-8000-000000000001';
    const withdraw = await t.query<any>(`mutation { withdrawConsent(id: "${consentId}", reason: "attacker") { status } }`, {}, { token: spoc });
    expect(withdraw.errors![0].extensions!.code).toBe('FORBIDDEN');
    const owner = await t.query<any>(`{ person(id: "${alice}") { consents { id status } } }`, {}, { token: await tokenFor('sevenoaks-dc', 'spoc') });
    expect(owner.data!.person.consents).toEqual(expect.arrayContaining([{ id: consentId, status: 'ACTIVE' }]));
  });

  it('naming a known person in submitIncidents gives the contributor nothing of her', async () => {
    const herts = await tokenFor('herts-police', 'contributor');
    const submitted = await t.query<any>(
      `mutation($records: [IncidentInput!]!) { submitIncidents(source: POLICE, records: $records) { accepted rejected { index errors { field message } } } }`,
      {
        records: [{
          sourceRef: 'HP-ATTACK-1', category: 'PERSONAL', occurredAt: new Date(Date.now() - 3_600_000).toISOString(), location: { address: 'Hertford' },
          reporter: { givenName: 'Alice', familyName: 'Turner', dateOfBirth: '1958-04-12', postcode: 'TN13 1AA' },
        }],
      },
      { token: herts },
    );
    expect(submitted.data!.submitIncidents, JSON.stringify(submitted.data)).toMatchObject({ accepted: 1, rejected: [] });
    const read = await t.query<any>(`{ incidents(filter: { sourceRef: "HP-ATTACK-1" }) { edges { node { reporter { ${DETAILS} } } } } }`, {}, { token: herts });
    const reporter = read.data!.incidents.edges[0].node.reporter;
    expect(reporter.id).toBe(alice);
    expect(reporter.givenName).toBe('Alice');
    expect(reporter.records.map((r: any) => r.agency.id)).toEqual(['herts-police']);
    noSevenoaksValue(read);
    expect(JSON.stringify(read)).not.toContain(POLICE_PHONE);
  });
});

describe('finding 2: the agreed actions and lead officer are incident detail', () => {
  it('are withheld from a reviewer of an agency not on the panel, like the CT4 letter', async () => {
    const em = t.hub.subgraphs.triggers.db.orm.em.fork();
    await em.nativeUpdate(TriggerApplication, { id: DEMO.applications.aliceSevenoaks }, { agreedActions: ['Mediation between neighbours'], leadOfficer: 'ASB lead officer, Sevenoaks DC' });
    const Q = `{ triggerApplication(id: "${DEMO.applications.aliceSevenoaks}") { reference agreedActions leadOfficer } }`;
    const outsider = await tokenFor('herts-police', 'reviewer');
    for (const res of [await t.query<any>(Q, {}, { token: outsider }), await postGraphQL<any>(t.hub.subgraphs.triggers.url, Q, {}, outsider)]) {
      expect(res.data!.triggerApplication).toMatchObject({ agreedActions: null, leadOfficer: null });
      expect(JSON.stringify(res)).not.toMatch(/Mediation|lead officer, Sevenoaks/);
      expect(res.errors!.map((e) => e.extensions!.category)).toEqual(['INCIDENT_DETAIL', 'INCIDENT_DETAIL']);
    }
    const panel = await t.query<any>(Q, {}, { token: await tokenFor('kent-police', 'reviewer') });
    expect(panel.data!.triggerApplication).toMatchObject({ agreedActions: ['Mediation between neighbours'], leadOfficer: 'ASB lead officer, Sevenoaks DC' });
  });
});

describe('finding 6: another agency’s incidents of a person are not listed without a grant', () => {
  it('through incidents(filter: { personId }), Person.incidents and _entities, via the gateway and straight to incidents', async () => {
    const herts = await tokenFor('herts-police', 'contributor');
    const list = `{ incidents(filter: { personId: "${alice}" }) { edges { node { id sourceRef agency { id } occurredAt category } } } }`;
    for (const res of [await t.query<any>(list, {}, { token: herts }), await postGraphQL<any>(t.hub.subgraphs.incidents.url, list, {}, herts)]) {
      expect(res.data!.incidents.edges.map((e: any) => e.node.sourceRef)).toEqual(['HP-ATTACK-1']);
    }
    const entities = `{ _entities(representations: [{ __typename: "Person", id: "${alice}" }]) { ... on Person { incidents { sourceRef agency { id } } } } }`;
    const direct = await postGraphQL<any>(t.hub.subgraphs.incidents.url, entities, {}, herts);
    expect(direct.data!._entities[0].incidents).toEqual([{ sourceRef: 'HP-ATTACK-1', agency: { id: 'herts-police' } }]);
    // The supplier sees its own, and the authority handling her application (consent, grant) sees them all.
    const police = await t.query<any>(`{ person(id: "${alice}") { incidents { agency { id } } } }`, {}, { token: await tokenFor('kent-police', 'contributor') });
    expect(new Set(police.data!.person.incidents.map((i: any) => i.agency.id))).toEqual(new Set(['kent-police']));
    const authority = await t.query<any>(`{ person(id: "${alice}") { incidents { agency { id } } } }`, {}, { token: await tokenFor('sevenoaks-dc', 'spoc') });
    const seen = new Set(authority.data!.person.incidents.map((i: any) => i.agency.id));
    for (const agency of ['kent-police', 'west-kent-housing', 'kent-wardens', 'herts-police']) expect(seen.has(agency), agency).toBe(true);
  });
});

/**
 * The supplying-agency dimension. `own`: the values the caller's agency supplied; `others`: which
 * other agencies' records it may see and what of them.
 */
describe('access matrix: supplying agency × grant × category × role', () => {
  const Q = `{ person(id: "${alice}") { phone address vulnerabilities records { agency { id } givenName phone address vulnerabilities } } }`;
  const rows = async (agency: string, role: Role) => {
    const res = await t.query<any>(Q, {}, { token: await tokenFor(agency, role) });
    const byAgency = Object.fromEntries(((res.data?.person?.records ?? []) as any[]).map((r) => [r.agency.id, r]));
    return { res, person: res.data?.person, byAgency };
  };

  it('A (the registering council) sees its own values first, and the others’ under its application grant, each saying who supplied it', async () => {
    const { person, byAgency } = await rows('sevenoaks-dc', 'spoc');
    expect(person.phone).toBe(SEVENOAKS.phone);
    expect(person.vulnerabilities).toEqual([expect.stringContaining(SEVENOAKS.vulnerability)]);
    expect(byAgency['kent-police'].phone).toBe(POLICE_PHONE);
    expect(byAgency['west-kent-housing'].address).toBe(HOUSING_ADDRESS);
  });

  it('B (a panel agency, consent grant) sees its own value first; A’s identity and contact, never A’s special category data', async () => {
    const { res, person, byAgency } = await rows('kent-police', 'reviewer');
    expect(person.phone).toBe(POLICE_PHONE);
    expect(byAgency['sevenoaks-dc']).toMatchObject({ givenName: 'Alice', phone: SEVENOAKS.phone, address: SEVENOAKS.address, vulnerabilities: null });
    expect(JSON.stringify(res)).not.toContain(SEVENOAKS.vulnerability);
    expect(res.errors!.filter((e) => e.extensions!.category === 'SPECIAL_CATEGORY').length).toBeGreaterThan(0);
  });

  it('B’s contributor system, DPO and analyst see B’s own values only (grants are for SPOCs and reviewers)', async () => {
    for (const role of ['contributor', 'dpo'] as Role[]) {
      const { res, person, byAgency } = await rows('kent-police', role);
      expect(person.phone, role).toBe(POLICE_PHONE);
      expect(Object.keys(byAgency), role).toEqual(['kent-police']);
      noSevenoaksValue(res);
    }
    const analyst = await rows('kent-police', 'analyst');
    expect(analyst.person ?? null).toBeNull();
  });

  it('C (matched to A’s person, no grant) sees its own only; under each supplier’s DPO grant of CONTACT it sees every supplier’s contact details, named, and still no identity or special category of others', async () => {
    const before = await rows('derbyshire-police', 'reviewer');
    expect(Object.keys(before.byAgency)).toEqual(['derbyshire-police']);
    noSevenoaksValue(before.res);
    // A DPO grants only its own agency's data, under an agreement naming both agencies.
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const dsa = await t.query<any>(
      `mutation($input: DataSharingAgreementInput!) { recordDataSharingAgreement(input: $input) { id } }`,
      { input: { reference: 'DSA-TEST-CROSS-BORDER', title: 'Cross-border case', parties: ['sevenoaks-dc', 'kent-police', 'derbyshire-police'], partyDpos: ['DPO SDC', 'DPO KP', 'DPO DC'],
        purposes: ['CASE_REVIEW'], categories: ['CONTACT'], lawfulBasis: 'PUBLIC_TASK', legalGateway: 'Crime and Disorder Act 1998 s.115', retention: 'Until the case closes',
        startsOn: day(-1), reviewOn: day(10), endsOn: day(30) } },
      { token: await tokenFor('sevenoaks-dc', 'dpo') },
    );
    expect(dsa.errors).toBeUndefined();
    for (const supplier of ['sevenoaks-dc', 'kent-police']) {
      const grant = await t.query<any>(
        `mutation($input: AccessGrantInput!) { recordAccessGrant(input: $input) { id } }`,
        { input: { agencyId: 'derbyshire-police', personId: alice, categories: ['CONTACT'], purpose: 'CASE_REVIEW', basis: 'PUBLIC_TASK', reason: 'Cross-border case', agreementRef: 'DSA-TEST-CROSS-BORDER', expiresAt: new Date(Date.now() + 3_600_000).toISOString() } },
        { token: await tokenFor(supplier, 'dpo') },
      );
      expect(grant.errors).toBeUndefined();
    }
    const after = await rows('derbyshire-police', 'reviewer');
    // It has no phone of its own: it gets one it may now see, never a withheld one.
    expect([SEVENOAKS.phone, POLICE_PHONE]).toContain(after.person.phone);
    expect(after.byAgency['sevenoaks-dc']).toMatchObject({ phone: SEVENOAKS.phone, givenName: null, vulnerabilities: null });
    expect(after.byAgency['kent-police']).toMatchObject({ phone: POLICE_PHONE, givenName: null });
    expect(after.byAgency['derbyshire-police'].givenName).toBe('alice');
    expect(JSON.stringify(after.res)).not.toContain(SEVENOAKS.vulnerability);
    // Its contributor system is no wiser.
    const system = await rows('derbyshire-police', 'contributor');
    expect(Object.keys(system.byAgency)).toEqual(['derbyshire-police']);
    noSevenoaksValue(system.res);
  });
});
