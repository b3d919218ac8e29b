import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../platform/auth';
import { Incident } from '../subgraphs/incidents/entities/Incident';
import { TriggerApplication } from '../subgraphs/triggers/entities/TriggerApplication';
import { ApplicantType, ApplicationChannel, AsbCategory, IncidentSource } from '../subgraphs/shared/enums';
import { postGraphQL, startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * The permission matrix, through the gateway with real tokens: role × own/other agency × panel
 * member or not × consent given/withdrawn/expired/not covering the category × data category.
 *
 * Each consent state has its own person, registered by Sevenoaks DC (their controller), who
 * consented to share IDENTITY, CONTACT and INCIDENT_DETAIL (not SPECIAL_CATEGORY) with Kent Police,
 * West Kent Housing, Kent Mental Health and the wardens, and reported one incident to the wardens
 * (its controller). The review panel is Sevenoaks DC, Kent Police and Kent Mental Health.
 */
type Cat = 'IDENTITY' | 'CONTACT' | 'SPECIAL_CATEGORY' | 'INCIDENT_DETAIL';
const CATS: Cat[] = ['IDENTITY', 'CONTACT', 'SPECIAL_CATEGORY', 'INCIDENT_DETAIL'];
type States = 'given' | 'withdrawn' | 'expired';
const STATES: States[] = ['given', 'withdrawn', 'expired'];

/** C = allowed as controller (in every consent state), G = allowed by the panel grant (only while consent is given), - = denied. */
const MATRIX: Array<{ who: string; agency: string; role: Role; expect: Record<Cat, 'C' | 'G' | '-'> }> = [
  // Sevenoaks DC controls the person's details, and is also on the panel and in the consent: the
  // wardens' incident narrative reaches it through the grant only.
  { who: 'registering council SPOC (own record)', agency: 'sevenoaks-dc', role: 'spoc', expect: { IDENTITY: 'C', CONTACT: 'C', SPECIAL_CATEGORY: 'C', INCIDENT_DETAIL: 'G' } },
  { who: 'registering council reviewer', agency: 'sevenoaks-dc', role: 'reviewer', expect: { IDENTITY: 'C', CONTACT: 'C', SPECIAL_CATEGORY: 'C', INCIDENT_DETAIL: 'G' } },
  { who: 'registering council analyst', agency: 'sevenoaks-dc', role: 'analyst', expect: { IDENTITY: '-', CONTACT: '-', SPECIAL_CATEGORY: '-', INCIDENT_DETAIL: '-' } },
  { who: 'panel member in the consent (reviewer)', agency: 'kent-police', role: 'reviewer', expect: { IDENTITY: 'G', CONTACT: 'G', SPECIAL_CATEGORY: '-', INCIDENT_DETAIL: 'G' } },
  { who: 'panel member in the consent (SPOC)', agency: 'kent-mental-health', role: 'spoc', expect: { IDENTITY: 'G', CONTACT: 'G', SPECIAL_CATEGORY: '-', INCIDENT_DETAIL: 'G' } },
  { who: 'panel member, contributor system', agency: 'kent-police', role: 'contributor', expect: { IDENTITY: '-', CONTACT: '-', SPECIAL_CATEGORY: '-', INCIDENT_DETAIL: '-' } },
  { who: 'panel member, analyst', agency: 'kent-police', role: 'analyst', expect: { IDENTITY: '-', CONTACT: '-', SPECIAL_CATEGORY: '-', INCIDENT_DETAIL: '-' } },
  { who: 'panel member, DPO', agency: 'kent-police', role: 'dpo', expect: { IDENTITY: '-', CONTACT: '-', SPECIAL_CATEGORY: '-', INCIDENT_DETAIL: '-' } },
  { who: 'in the consent, not on the panel', agency: 'west-kent-housing', role: 'reviewer', expect: { IDENTITY: '-', CONTACT: '-', SPECIAL_CATEGORY: '-', INCIDENT_DETAIL: '-' } },
  { who: 'incident controller, not on the panel', agency: 'kent-wardens', role: 'reviewer', expect: { IDENTITY: '-', CONTACT: '-', SPECIAL_CATEGORY: '-', INCIDENT_DETAIL: 'C' } },
  { who: 'other area, neither', agency: 'herts-police', role: 'reviewer', expect: { IDENTITY: '-', CONTACT: '-', SPECIAL_CATEGORY: '-', INCIDENT_DETAIL: '-' } },
];

const FIELD: Record<Cat, (p: any) => unknown> = {
  IDENTITY: (p) => p.givenName,
  CONTACT: (p) => p.email,
  SPECIAL_CATEGORY: (p) => p.vulnerabilities,
  INCIDENT_DETAIL: (p) => p.incidents[0].description,
};
const QUERY = `query Matrix($id: ID!) { person(id: $id) { id givenName email vulnerabilities incidents { id description } } }`;

let t: TestHub;
const people = {} as Record<States, { personId: string; consentId: string; reviewId: string }>;
let spoc: string;

async function gql(query: string, variables: Record<string, unknown>, token: string) {
  const res = await t.query<any>(query, variables, { token });
  if (res.errors?.length && !res.data) throw new Error(JSON.stringify(res.errors));
  if (res.errors?.some((e) => e.extensions?.code !== "FORBIDDEN")) throw new Error(JSON.stringify(res.errors));
  return res;
}

async function setUpPerson(state: States, n: number) {
  const reg = await gql(
    `mutation($input: PersonInput!) { registerPerson(input: $input) { id } }`,
    { input: { givenName: `Matrix${n}`, familyName: 'Person', dateOfBirth: '1970-01-0' + (n + 1), postcode: 'TN13 1AB', email: `m${n}@example.org`, vulnerabilities: ['Hearing impairment'] } },
    spoc,
  );
  const personId = reg.data.registerPerson.id;
  const consent = await gql(
    `mutation($input: ConsentInput!) { recordConsent(input: $input) { id status } }`,
    {
      input: {
        personId, purposes: ['CASE_REVIEW'], categories: ['IDENTITY', 'CONTACT', 'INCIDENT_DETAIL'], captureMethod: 'ONLINE', noticeVersion: 'test-1',
        recipientAgencyIds: ['sevenoaks-dc', 'kent-police', 'west-kent-housing', 'kent-mental-health', 'kent-wardens'],
      },
    },
    spoc,
  );
  const incidentsEm = t.hub.subgraphs.incidents.db.orm.em.fork();
  incidentsEm.create(Incident, {
    source: IncidentSource.WARDEN, agencyId: 'kent-wardens', sourceRef: `MATRIX-${n}`, category: AsbCategory.PERSONAL,
    occurredAt: new Date(Date.now() - 86_400_000), reportedAt: new Date(), description: 'Matrix narrative', reporterPersonId: personId,
  });
  await incidentsEm.flush();
  const triggersEm = t.hub.subgraphs.triggers.db.orm.em.fork();
  const app = triggersEm.create(TriggerApplication, {
    reference: `SDC-CT-TEST-${n}`, authorityAgencyId: 'sevenoaks-dc', applicantPersonId: personId, channel: ApplicationChannel.ONLINE,
    applicantType: ApplicantType.VICTIM, recordedByAgencyId: 'sevenoaks-dc',
  });
  await triggersEm.flush();
  const review = await gql(
    `mutation($a: ID!) { openCaseReview(applicationId: $a, panelAgencyIds: ["sevenoaks-dc", "kent-police", "kent-mental-health"], chairAgencyId: "sevenoaks-dc") { id } }`,
    { a: app.id },
    spoc,
  );
  people[state] = { personId, consentId: consent.data.recordConsent.id, reviewId: review.data.openCaseReview.id };
}

beforeAll(async () => {
  t = await startTestHub({ seed: true });
  spoc = await tokenFor('sevenoaks-dc', 'spoc');
  for (const [n, state] of STATES.entries()) await setUpPerson(state, n);
  await gql(`mutation($id: ID!) { withdrawConsent(id: $id, reason: "Applicant asked to stop sharing") { status } }`, { id: people.withdrawn.consentId }, spoc);
  // Time passes for the third person's consent: it expires (the hub never edits a consent; the test clock does).
  await t.hub.subgraphs.consent.db.orm.em.getConnection().execute(`update "consent"."consent" set expires_at = now() - interval '1 minute' where id = ?`, [people.expired.consentId]);
});
afterAll(async () => {
  await t?.stop();
});

describe('permission matrix through the gateway', () => {
  for (const state of STATES) {
    for (const row of MATRIX) {
      it(`consent ${state}: ${row.who} (${row.agency} ${row.role})`, async () => {
        const token = await tokenFor(row.agency, row.role);
        const res = await t.query<any>(QUERY, { id: people[state].personId }, { token });
        const person = res.data?.person;
        const forbiddenCategories = new Set((res.errors ?? []).map((e) => e.extensions?.category));
        for (const e of res.errors ?? []) {
          expect(e.extensions?.code, e.message).toBe('FORBIDDEN');
          expect(e.message).not.toMatch(/Matrix|example\.org|Hearing/);
        }
        const canReadPeople = row.role !== 'analyst';
        if (!canReadPeople) {
          expect(person ?? null).toBeNull();
          return;
        }
        for (const cat of CATS) {
          const rule = row.expect[cat];
          const allowed = rule === 'C' || (rule === 'G' && state === 'given');
          if (cat === 'INCIDENT_DETAIL' && !allowed) {
            // Access model v2: another agency's incident of the person is not even listed without a
            // grant (its existence, date and agency are the person's data too), so nothing of it arrives.
            expect(person.incidents, 'the wardens’ incident should not be listed').toEqual([]);
            expect(JSON.stringify(res)).not.toMatch(/Matrix narrative|MATRIX-/);
            continue;
          }
          const value = FIELD[cat](person);
          if (allowed) {
            expect(value, `${cat} should be visible`).not.toBeNull();
            expect(forbiddenCategories.has(cat), `${cat} should not be withheld`).toBe(false);
          } else {
            expect(value ?? null, `${cat} should be withheld`).toBeNull();
            expect(forbiddenCategories.has(cat), `${cat} withheld with a FORBIDDEN error naming it`).toBe(true);
          }
        }
      });
    }
  }
});

describe('withdrawal', () => {
  it('takes effect on the very next request', async () => {
    const reviewer = await tokenFor('kent-police', 'reviewer');
    const { personId, consentId } = people.given;
    const before = await t.query<any>(QUERY, { id: personId }, { token: reviewer });
    expect(before.data!.person.givenName).toBe('Matrix0');
    expect(before.data!.person.incidents[0].description).toBe('Matrix narrative');
    await gql(`mutation($id: ID!) { withdrawConsent(id: $id, reason: "Changed mind") { status } }`, { id: consentId }, spoc);
    const after = await t.query<any>(QUERY, { id: personId }, { token: reviewer });
    expect(after.data!.person.givenName).toBeNull();
    // Access model v2: the wardens' incident is no longer even listed.
    expect(after.data!.person.incidents).toEqual([]);
    expect(after.errors!.map((e) => e.extensions!.category).sort()).toEqual(['CONTACT', 'IDENTITY', 'SPECIAL_CATEGORY']);
    // The DPO can see why.
    const dpo = await tokenFor('sevenoaks-dc', 'dpo');
    const why = await t.query<any>(
      `{ explainAccess(agencyId: "kent-police", personId: "${personId}", category: IDENTITY) { allowed rule basis explanation } }`,
      {},
      { token: dpo },
    );
    expect(why.data!.explainAccess).toMatchObject({ allowed: false, rule: 'deny-by-default', basis: 'grant-revoked' });
  });
});

describe('straight to a subgraph, with a valid token', () => {
  it('gives no more than the gateway: _entities and root fields withhold the same categories', async () => {
    const outsider = await tokenFor('herts-police', 'reviewer');
    const { personId } = people.given;
    const consent = await postGraphQL<any>(
      t.hub.subgraphs.consent.url,
      `{ _entities(representations: [{ __typename: "Person", id: "${personId}" }]) { ... on Person { id givenName email vulnerabilities } } person(id: "${personId}") { givenName } }`,
      {},
      outsider,
    );
    expect(consent.data!._entities[0]).toEqual({ id: personId, givenName: null, email: null, vulnerabilities: null });
    expect(consent.data!.person.givenName).toBeNull();
    expect(new Set(consent.errors!.map((e) => e.extensions!.category))).toEqual(new Set(['IDENTITY', 'CONTACT', 'SPECIAL_CATEGORY']));

    const incidents = await postGraphQL<any>(
      t.hub.subgraphs.incidents.url,
      `{ _entities(representations: [{ __typename: "Person", id: "${personId}" }]) { ... on Person { incidents { id description location } } } }`,
      {},
      outsider,
    );
    // Access model v2: the wardens' incident is not even listed to an agency without a grant.
    expect(incidents.data!._entities[0].incidents).toEqual([]);
    expect((incidents.errors ?? []).every((e) => e.extensions!.code === 'FORBIDDEN' && e.extensions!.category === 'INCIDENT_DETAIL')).toBe(true);
    expect(JSON.stringify(incidents)).not.toMatch(/Matrix narrative|MATRIX-/);
  });

  it('refuses the service-only fields to a user token, even an admin', async () => {
    const admin = await tokenFor('sevenoaks-dc', 'admin');
    const res = await postGraphQL<any>(
      t.hub.subgraphs.consent.url,
      `mutation { _issueReviewGrants(reviewId: "${people.given.reviewId}", personIds: ["${people.given.personId}"], agencyIds: ["herts-police"], issuedBy: "x") }`,
      {},
      admin,
    );
    expect(res.data ?? null).toBeNull();
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('keeps service-only fields out of the public supergraph', async () => {
    const admin = await tokenFor('sevenoaks-dc', 'admin');
    const res = await t.query<any>(`mutation { _decideAccess(actor: { sub: "x", agencyId: "kent-police", roles: ["reviewer"], subgraph: "x" }, questions: []) { allowed } }`, {}, { token: admin });
    expect(res.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
