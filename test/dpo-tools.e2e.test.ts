import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../seeds/demo-data';
import { AccessEvent } from '../subgraphs/consent/entities/AccessEvent';
import { Incident } from '../subgraphs/incidents/entities/Incident';
import { previewRetention } from '../subgraphs/incidents/rules/retention';
import { AsbCategory, IncidentSource } from '../subgraphs/shared/enums';
import { sarSections } from '../subgraphs/shared/subject-access';
import { subjectAccessExport } from '../scripts/lib/subject-access';
import { startFaultProxy } from '../scripts/lib/fault-proxy';
import { postGraphQL, startTestHub, tokenFor, type TestHub } from './support/hub';

/** The DPO's tools and the grant lifecycle, through the gateway with real tokens. */
let t: TestHub;
let dpo: string;
let spoc: string;
const alice = DEMO.people.alice;

beforeAll(async () => {
  t = await startTestHub({ seed: true });
  dpo = await tokenFor('sevenoaks-dc', 'dpo');
  spoc = await tokenFor('sevenoaks-dc', 'spoc');
  // Some traffic to log: a panel reviewer (allowed through the grant) and an outsider (denied).
  for (const [agency, role] of [['kent-mental-health', 'reviewer'], ['herts-police', 'reviewer'], ['kent-mental-health', 'reviewer']] as const) {
    await t.query(`query Look { person(id: "${alice}") { givenName email } }`, {}, { token: await tokenFor(agency, role) });
  }
});
afterAll(async () => {
  await t?.stop();
});

describe('accessLog', () => {
  it('lists every decision, allowed and denied, newest first, filtered and cursor-paged', async () => {
    const page = async (after?: string) =>
      (
        await t.query<any>(
          `query($after: String) { accessLog(filter: { personId: "${alice}", agencyId: "kent-mental-health" }, first: 3, after: $after) {
             edges { cursor node { seq actorAgencyId actorRoles personId category decision basis grantId reviewId operation subgraph } }
             pageInfo { hasNextPage endCursor } } }`,
          { after },
          { token: dpo },
        )
      ).data!.accessLog;
    // Access model v2: one decision per supplying agency. Alice's name is held by Sevenoaks DC, Kent
    // Police and West Kent Housing (3 IDENTITY decisions), her email by Sevenoaks only (1 CONTACT):
    // two requests log 8 decisions, in pages of 3, 3 and 2.
    const first = await page();
    expect(first.edges).toHaveLength(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const middle = await page(first.pageInfo.endCursor);
    expect(middle.edges).toHaveLength(3);
    expect(middle.pageInfo.hasNextPage).toBe(true);
    const second = await page(middle.pageInfo.endCursor);
    expect(second.edges).toHaveLength(2);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const nodes = [...first.edges, ...middle.edges, ...second.edges].map((e: any) => e.node);
    expect(nodes.map((n: any) => Number(n.seq))).toEqual([...nodes.map((n: any) => Number(n.seq))].sort((a, b) => b - a));
    for (const n of nodes) {
      expect(n).toMatchObject({ actorAgencyId: 'kent-mental-health', actorRoles: ['reviewer'], personId: alice, decision: 'ALLOW', reviewId: DEMO.reviews.aliceReview, subgraph: 'consent' });
      expect(n.basis).toMatch(/^grant:/);
      expect(n.operation).toMatch(/^query Look \/ Person\.(givenName|email)$/);
    }
    const denied = await t.query<any>(`{ accessLog(filter: { agencyId: "herts-police", decision: DENY }) { edges { node { basis category } } } }`, {}, { token: dpo });
    expect(denied.data!.accessLog.edges.map((e: any) => e.node)).toEqual(
      expect.arrayContaining([{ basis: 'no-grant', category: 'IDENTITY' }, { basis: 'no-grant', category: 'CONTACT' }]),
    );
  });

  it('is the DPO’s: a reviewer is refused, and a bad cursor or page size is BAD_USER_INPUT', async () => {
    const reviewer = await t.query<any>(`{ accessLog { edges { cursor } } }`, {}, { token: await tokenFor('kent-police', 'reviewer') });
    expect(reviewer.errors![0].extensions!.code).toBe('FORBIDDEN');
    const bad = await t.query<any>(`{ accessLog(first: 0) { edges { cursor } } }`, {}, { token: dpo });
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const cursor = await t.query<any>(`{ accessLog(after: "nonsense") { edges { cursor } } }`, {}, { token: dpo });
    expect(cursor.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

describe('verifyAccessLog', () => {
  it('passes on an intact log and names the row tampered with in the database', async () => {
    const ok = await t.query<any>(`{ verifyAccessLog { valid checked firstBrokenSeq reason } }`, {}, { token: dpo });
    expect(ok.data!.verifyAccessLog.valid).toBe(true);
    expect(ok.data!.verifyAccessLog.checked).toBeGreaterThan(4);
    const conn = t.hub.subgraphs.consent.db.orm.em.getConnection();
    const [row] = await conn.execute(`select seq::text as s from "consent"."access_event" where decision = 'DENY' order by seq limit 1`);
    await conn.execute(`alter table "consent"."access_event" disable trigger user`);
    await conn.execute(`update "consent"."access_event" set decision = 'ALLOW', basis = 'controller' where seq = ?`, [row.s]);
    await conn.execute(`alter table "consent"."access_event" enable trigger user`);
    const broken = await t.query<any>(`{ verifyAccessLog { valid firstBrokenSeq reason } }`, {}, { token: dpo });
    expect(broken.data!.verifyAccessLog).toEqual({ valid: false, firstBrokenSeq: row.s, reason: `row ${row.s} was altered after it was written` });
  });
});

describe('accessRules and explainAccess', () => {
  it('lists the rules in force in words and data', async () => {
    const res = await t.query<any>(`{ accessRules { id order effect description roles categories condition } }`, {}, { token: dpo });
    const rules = res.data!.accessRules;
    expect(rules.map((r: any) => r.id)).toContain('consent-grant-for-review');
    expect(rules.at(-1)).toMatchObject({ id: 'deny-by-default', effect: 'DENY' });
    for (const r of rules) expect(() => JSON.parse(r.condition)).not.toThrow();
  });

  it('explains an allowance by naming the grant and the consent, and a denial by what is missing', async () => {
    const yes = await t.query<any>(
      `{ explainAccess(agencyId: "kent-mental-health", personId: "${alice}", category: CONTACT) { allowed rule basis explanation grant { id reviewId } consent { id } } }`,
      {},
      { token: dpo },
    );
    expect(yes.data!.explainAccess).toMatchObject({ allowed: true, rule: 'consent-grant-for-review', grant: { reviewId: DEMO.reviews.aliceReview }, consent: { id: 'c0115e00-0000-4000-8000-000000000001' } });
    const special = await t.query<any>(`{ explainAccess(agencyId: "kent-mental-health", personId: "${alice}", category: SPECIAL_CATEGORY) { allowed basis explanation } }`, {}, { token: dpo });
    expect(special.data!.explainAccess).toMatchObject({ allowed: false, basis: 'no-grant' });
    expect(special.data!.explainAccess.explanation).toMatch(/No consent of this person names kent-mental-health for SPECIAL_CATEGORY/);
    const wardens = await t.query<any>(`{ explainAccess(agencyId: "kent-wardens", personId: "${alice}", category: IDENTITY) { allowed explanation } }`, {}, { token: dpo });
    expect(wardens.data!.explainAccess.allowed).toBe(false);
    expect(wardens.data!.explainAccess.explanation).toMatch(/would cover it once a review panel including kent-wardens is formed/);
  });
});

describe('grants on other lawful bases and review closure', () => {
  it('a DPO grant on public task lets an outside agency see one category until revoked', async () => {
    const outsider = await tokenFor('herts-police', 'reviewer');
    const look = () => t.query<any>(`{ person(id: "${alice}") { givenName email } }`, {}, { token: outsider });
    expect((await look()).data!.person.email).toBeNull();
    const rec = await t.query<any>(
      `mutation($input: AccessGrantInput!) { recordAccessGrant(input: $input) { id basis category reason agreementRef validUntil } }`,
      { input: { agencyId: 'herts-police', personId: alice, categories: ['CONTACT'], purpose: 'CASE_REVIEW', basis: 'PUBLIC_TASK', reason: 'Cross-border safeguarding referral', agreementRef: 'DSA-KENT-HERTS-2026', expiresAt: new Date(Date.now() + 86_400_000).toISOString() } },
      { token: dpo },
    );
    expect(rec.errors).toBeUndefined();
    const grant = rec.data!.recordAccessGrant[0];
    const allowed = await look();
    expect(allowed.data!.person).toEqual({ givenName: null, email: 'alice.turner@example.org' });
    await t.query(`mutation { revokeAccessGrant(id: "${grant.id}", reason: "Referral closed") { revokedAt } }`, {}, { token: dpo });
    expect((await look()).data!.person.email).toBeNull();
  });

  it('refuses a DPO grant without a reason or on the consent basis, naming the field', async () => {
    const res = await t.query<any>(
      `mutation($input: AccessGrantInput!) { recordAccessGrant(input: $input) { id } }`,
      { input: { agencyId: 'herts-police', personId: alice, categories: ['CONTACT'], purpose: 'CASE_REVIEW', basis: 'CONSENT', reason: 'short', agreementRef: 'x', expiresAt: new Date(Date.now() + 1e6).toISOString() } },
      { token: dpo },
    );
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.basis' });
    expect(res.errors![0].extensions!.errors.map((e: any) => e.field)).toEqual(['input.basis', 'input.reason']);
  });

  it('closing the review ends its grants on the next request', async () => {
    const panel = await tokenFor('kent-mental-health', 'reviewer');
    expect((await t.query<any>(`{ person(id: "${alice}") { familyName } }`, {}, { token: panel })).data!.person.familyName).toBe('Turner');
    const close = await t.query<any>(`mutation { closeCaseReview(id: "${DEMO.reviews.aliceReview}", reason: "Action plan complete") { status closedAt } }`, {}, { token: spoc });
    expect(close.data!.closeCaseReview.status).toBe('CLOSED');
    const after = await t.query<any>(`{ person(id: "${alice}") { familyName } }`, {}, { token: panel });
    expect(after.data!.person.familyName).toBeNull();
    expect(after.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', category: 'IDENTITY' });
  });

  it('refuses a panel of two with the field named, and a second open review as CONFLICT', async () => {
    const two = await t.query<any>(
      `mutation { openCaseReview(applicationId: "${DEMO.applications.bobSevenoaks}", panelAgencyIds: ["sevenoaks-dc", "kent-police"], chairAgencyId: "sevenoaks-dc") { id } }`,
      {},
      { token: spoc },
    );
    expect(two.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'panelAgencyIds' });
    const open = `mutation { openCaseReview(applicationId: "${DEMO.applications.bobSevenoaks}", panelAgencyIds: ["sevenoaks-dc", "kent-police", "west-kent-housing"], chairAgencyId: "sevenoaks-dc") { id status } }`;
    expect((await t.query<any>(open, {}, { token: spoc })).data!.openCaseReview.status).toBe('OPEN');
    const again = await t.query<any>(open, {}, { token: spoc });
    expect(again.errors![0].extensions!.code).toBe('CONFLICT');
    const otherCouncil = await t.query<any>(open, {}, { token: await tokenFor('east-herts-dc', 'spoc') });
    expect(otherCouncil.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});

describe('consent records', () => {
  it('are never edited: a change supersedes, the grants move to the new consent, and the history shows each step', async () => {
    const consentId = 'c0115e00-0000-4000-8000-000000000003'; // Carol, East Herts
    const eastHerts = await tokenFor('east-herts-dc', 'spoc');
    const replaced = await t.query<any>(
      `mutation($input: ConsentInput!) { recordConsent(input: $input) { id status history { status note } } }`,
      { input: { personId: DEMO.people.carol, purposes: ['CASE_REVIEW'], recipientAgencyIds: ['east-herts-dc', 'herts-police'], categories: ['IDENTITY'], captureMethod: 'PHONE', noticeVersion: 'CT-privacy-2026-01', supersedesId: consentId } },
      { token: eastHerts },
    );
    expect(replaced.errors).toBeUndefined();
    expect(replaced.data!.recordConsent.history).toEqual([{ status: 'ACTIVE', note: `replaces consent ${consentId}` }]);
    const old = await t.query<any>(`{ person(id: "${DEMO.people.carol}") { consents { id status history { status note } } } }`, {}, { token: eastHerts });
    const before = old.data!.person.consents.find((c: any) => c.id === consentId);
    expect(before.status).toBe('SUPERSEDED');
    expect(before.history.map((h: any) => h.status)).toEqual(['ACTIVE', 'SUPERSEDED']);
    // Superseding a superseded consent, or recording one for a person the agency does not hold, is refused.
    const again = await t.query<any>(
      `mutation($input: ConsentInput!) { recordConsent(input: $input) { id } }`,
      { input: { personId: DEMO.people.carol, purposes: ['CASE_REVIEW'], recipientAgencyIds: ['east-herts-dc'], categories: ['IDENTITY'], captureMethod: 'PHONE', noticeVersion: 'v', supersedesId: consentId } },
      { token: eastHerts },
    );
    expect(again.errors![0].extensions!.code).toBe('CONFLICT');
    const notHeld = await t.query<any>(
      `mutation($input: ConsentInput!) { recordConsent(input: $input) { id } }`,
      { input: { personId: DEMO.people.carol, purposes: ['CASE_REVIEW'], recipientAgencyIds: ['kent-police'], categories: ['IDENTITY'], captureMethod: 'PHONE', noticeVersion: 'v' } },
      { token: spoc },
    );
    expect(notHeld.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('refuses bad input with every bad field named and writes nothing', async () => {
    const res = await t.query<any>(
      `mutation($input: ConsentInput!) { recordConsent(input: $input) { id } }`,
      { input: { personId: 'not-a-uuid', purposes: [], recipientAgencyIds: [], categories: ['IDENTITY'], captureMethod: 'ONLINE', noticeVersion: ' ' } },
      { token: spoc },
    );
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.errors.map((e: any) => e.field)).toEqual(['input.personId', 'input.purposes', 'input.recipientAgencyIds', 'input.noticeVersion']);
  });
});

describe('subjectAccessExport', () => {
  const SAR = `query($p: ID!) { subjectAccessExport(personId: $p) { personId generatedAt generatedBy sections { title records rows } json } }`;

  it('is what npm run sar exports, each subgraph giving its part, and is logged as a disclosure per category', async () => {
    const res = await t.query<any>(SAR, { p: alice }, { token: dpo });
    expect(res.errors).toBeUndefined();
    const r = res.data!.subjectAccessExport;
    expect(r).toMatchObject({ personId: alice, generatedBy: 'dpo.sevenoaks-dc' });
    const api = JSON.parse(r.json);
    expect(api.incidents.map((i: any) => i.sourceRef).sort()).toEqual(['KCW-PATROL-3391', 'KP-ASB-2026-10421', 'KP-ASB-2026-11877', 'WKH-CASE-5520']);
    expect(api.triggerApplications.map((a: any) => a.reference)).toEqual(['SDC-CT-2026-0001']);
    expect(api.caseReviews.map((c: any) => c.id)).toEqual([DEMO.reviews.aliceReview]);
    expect(api.person).not.toHaveProperty('matchKey');
    // The readable sections are the export's, row for row.
    expect(r.sections.map((x: any) => [x.title, x.records, JSON.parse(x.rows)])).toEqual(sarSections(api).map((x) => [x.title, x.rows.length, x.rows]));
    const logged = await t.hub.subgraphs.consent.db.orm.em.fork().find(AccessEvent, { personId: alice, operation: 'subjectAccessExport' });
    expect(logged.map((e) => [e.actorSub, e.actorAgencyId, e.basis, e.action, e.subgraph]).sort()).toEqual(
      Array(4).fill(['dpo.sevenoaks-dc', 'sevenoaks-dc', 'subject-access-request', 'DISCLOSE', 'consent']),
    );
    expect(new Set(logged.map((e) => e.category))).toEqual(new Set(['IDENTITY', 'CONTACT', 'SPECIAL_CATEGORY', 'INCIDENT_DETAIL']));

    // The command line's export holds the same, but for the access log, which has grown by the API's own entries.
    const cli = (await subjectAccessExport(t.hub.subgraphs, alice, { sub: 'dpo.sevenoaks-dc', agencyId: 'sevenoaks-dc' }))!;
    const strip = ({ generatedAt: _g, accessLog: _l, ...rest }: Record<string, unknown>) => rest;
    expect(strip(JSON.parse(JSON.stringify(cli)))).toEqual(strip(api));
    expect(cli.accessLog.length).toBe(api.accessLog.length + 4);
  });

  it('is the DPO’s only; an unknown person is NOT_FOUND and a malformed id BAD_USER_INPUT, the value not echoed', async () => {
    const refused = await t.query<any>(SAR, { p: alice }, { token: spoc });
    expect(refused.errors![0].extensions!.code).toBe('FORBIDDEN');
    const unknown = await t.query<any>(SAR, { p: '00000000-0000-4000-8000-000000000000' }, { token: dpo });
    expect(unknown.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'personId' });
    const bad = await t.query<any>(SAR, { p: 'Robert; drop table' }, { token: dpo });
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'personId' });
    expect(bad.errors![0].message).not.toContain('Robert');
    // Each subgraph's part is for the consent subgraph only: refused to the DPO's own token, and absent from the public API.
    for (const [url, query] of [
      [t.hub.subgraphs.incidents.url, `{ _incidentsSubjectAccess(personId: "${alice}") }`],
      [t.hub.subgraphs.triggers.url, `{ _triggersSubjectAccess(personId: "${alice}") }`],
      [t.hub.subgraphs.reviews.url, `{ _reviewsSubjectAccess(applicationIds: []) }`],
    ]) {
      const direct = await postGraphQL<any>(url, query, {}, dpo);
      expect(direct.data ?? null, query).toBeNull();
      expect(direct.errors![0].extensions!.code, query).toBe('FORBIDDEN');
      expect((await t.query<any>(query, {}, { token: dpo })).errors![0].extensions!.code, query).toBe('GRAPHQL_VALIDATION_FAILED');
    }
  });
});

describe('retentionDryRun', () => {
  const DRY = `query($m: Int) { retentionDryRun(months: $m) { months cutoff incidents people byAgencyYear { agencyId year incidents } } }`;

  it('counts the incidents past the period per agency and year, as npm run retention does, and changes nothing', async () => {
    const em = t.hub.subgraphs.incidents.db.orm.em.fork();
    const old = em.create(Incident, {
      source: IncidentSource.POLICE, agencyId: 'kent-police', sourceRef: 'KP-ASB-2017-00009', category: AsbCategory.NUISANCE, subType: 'Noise',
      occurredAt: new Date('2017-06-01T22:00:00Z'), reportedAt: new Date('2017-06-01T23:00:00Z'), description: 'Old narrative', reporterPersonId: alice,
    });
    await em.flush();
    const res = await t.query<any>(DRY, { m: 72 }, { token: dpo });
    expect(res.errors).toBeUndefined();
    const r = res.data!.retentionDryRun;
    const cli = await previewRetention(t.hub.subgraphs.incidents.db.orm.em.fork(), 72);
    expect(r).toMatchObject({ months: 72, incidents: cli.incidents, people: cli.people, byAgencyYear: cli.byAgencyYear });
    expect(r.byAgencyYear).toEqual(expect.arrayContaining([{ agencyId: 'kent-police', year: 2017, incidents: 1 }]));
    expect(r.people).toBeGreaterThanOrEqual(1);
    expect(Math.abs(new Date(r.cutoff).getTime() - cli.cutoff.getTime())).toBeLessThan(60_000);
    // Without months, the hub's period (72 by default).
    expect((await t.query<any>(DRY, {}, { token: dpo })).data!.retentionDryRun.months).toBe(72);
    const after = await t.hub.subgraphs.incidents.db.orm.em.fork().findOneOrFail(Incident, { id: old.id });
    expect(after).toMatchObject({ description: 'Old narrative', reporterPersonId: alice, anonymisedAt: null });
  });

  it('is the DPO’s only, and a period under a month is BAD_USER_INPUT naming months', async () => {
    expect((await t.query<any>(DRY, { m: 72 }, { token: spoc })).errors![0].extensions!.code).toBe('FORBIDDEN');
    const bad = await t.query<any>(DRY, { m: 0 }, { token: dpo });
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'months' });
  });

  const RUN = `mutation($m: Int, $n: Int!) { anonymiseRetainedIncidents(months: $m, confirmIncidents: $n) { months cutoff anonymised people } }`;

  it('anonymises what the dry run showed once its count is confirmed, logging an erasure per person; a changed count is a CONFLICT and changes nothing', async () => {
    const before = (await t.query<any>(DRY, { m: 72 }, { token: dpo })).data!.retentionDryRun;
    expect(before.incidents).toBeGreaterThan(0);
    expect((await t.query<any>(RUN, { m: 72, n: before.incidents }, { token: spoc })).errors![0].extensions!.code).toBe('FORBIDDEN');
    const stale = await t.query<any>(RUN, { m: 72, n: before.incidents + 1 }, { token: dpo });
    expect(stale.errors![0].extensions).toMatchObject({ code: 'CONFLICT', field: 'confirmIncidents' });
    expect((await t.query<any>(DRY, { m: 72 }, { token: dpo })).data!.retentionDryRun.incidents).toBe(before.incidents);

    // The access log refusing the erasures: SERVICE_UNAVAILABLE naming consent, and nothing anonymised.
    const proxy = await startFaultProxy(t.hub.subgraphs.consent.url);
    const direct = t.hub.peers.consent;
    t.hub.peers.consent = proxy.url;
    try {
      proxy.set({ kind: 'refuse' }, (body) => body.includes('_recordProcessing'));
      const refused = await t.query<any>(RUN, { m: 72, n: before.incidents }, { token: dpo });
      expect(refused.errors![0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'consent' });
    } finally {
      t.hub.peers.consent = direct;
      await proxy.stop();
    }
    expect((await t.query<any>(DRY, { m: 72 }, { token: dpo })).data!.retentionDryRun).toMatchObject({ incidents: before.incidents, people: before.people });
    expect(await t.hub.subgraphs.consent.db.orm.em.fork().count(AccessEvent, { action: 'ERASE', actorSub: 'dpo.sevenoaks-dc' })).toBe(0);

    const run = await t.query<any>(RUN, { m: 72, n: before.incidents }, { token: dpo });
    expect(run.errors).toBeUndefined();
    expect(run.data!.anonymiseRetainedIncidents).toMatchObject({ months: 72, anonymised: before.incidents, people: before.people });
    const old = await t.hub.subgraphs.incidents.db.orm.em.fork().findOneOrFail(Incident, { sourceRef: 'KP-ASB-2017-00009' });
    expect(old).toMatchObject({ description: null, reporterPersonId: null, personIds: [], category: 'NUISANCE', agencyId: 'kent-police' });
    expect(old.anonymisedAt).toBeInstanceOf(Date);
    const erased = await t.hub.subgraphs.consent.db.orm.em.fork().find(AccessEvent, { action: 'ERASE', actorSub: 'dpo.sevenoaks-dc' });
    expect(erased.map((e) => [e.personId, e.basis, e.subgraph, e.purpose])).toEqual(expect.arrayContaining([[alice, 'retention-policy:72-months', 'incidents', 'RETENTION']]));
    expect(erased).toHaveLength(before.people);
    const after = (await t.query<any>(DRY, { m: 72 }, { token: dpo })).data!.retentionDryRun;
    expect(after).toMatchObject({ incidents: 0, people: 0, byAgencyYear: [] });
    expect((await t.query<any>(RUN, { m: 72, n: 0 }, { token: dpo })).data!.anonymiseRetainedIncidents.anonymised).toBe(0);
  });

  it('checks again after the access log is written: an incident past the period arriving meanwhile is a CONFLICT and nothing is anonymised', async () => {
    const em = t.hub.subgraphs.incidents.db.orm.em.fork();
    const old = (sourceRef: string, reporterPersonId: string) =>
      em.create(Incident, {
        source: IncidentSource.POLICE, agencyId: 'kent-police', sourceRef, category: AsbCategory.NUISANCE, subType: 'Noise',
        occurredAt: new Date('2018-03-01T22:00:00Z'), reportedAt: new Date('2018-03-01T23:00:00Z'), description: 'Old narrative', reporterPersonId,
      });
    const first = old('KP-ASB-2018-00001', alice);
    await em.flush();
    expect((await t.query<any>(DRY, { m: 72 }, { token: dpo })).data!.retentionDryRun.incidents).toBe(1);

    const proxy = await startFaultProxy(t.hub.subgraphs.consent.url);
    const direct = t.hub.peers.consent;
    t.hub.peers.consent = proxy.url;
    try {
      // The log call held at the proxy: the run has planned and counted, and waits on the consent subgraph.
      proxy.set({ kind: 'delay', ms: 1_500 }, (body) => body.includes('_recordProcessing'));
      const running = t.query<any>(RUN, { m: 72, n: 1 }, { token: dpo });
      while (proxy.stats().faulted === 0) await new Promise((r) => setTimeout(r, 20));
      old('KP-ASB-2018-00002', DEMO.people.bob);
      await em.flush();
      const raced = await running;
      expect(raced.errors![0].extensions).toMatchObject({ code: 'CONFLICT', field: 'confirmIncidents' });
    } finally {
      t.hub.peers.consent = direct;
      await proxy.stop();
    }
    const kept = await t.hub.subgraphs.incidents.db.orm.em.fork().findOneOrFail(Incident, { id: first.id });
    expect(kept).toMatchObject({ description: 'Old narrative', reporterPersonId: alice, anonymisedAt: null });
    expect((await t.query<any>(DRY, { m: 72 }, { token: dpo })).data!.retentionDryRun.incidents).toBe(2);
    const run = await t.query<any>(RUN, { m: 72, n: 2 }, { token: dpo });
    expect(run.errors).toBeUndefined();
    expect(run.data!.anonymiseRetainedIncidents).toMatchObject({ anonymised: 2, people: 2 });
  });
});
