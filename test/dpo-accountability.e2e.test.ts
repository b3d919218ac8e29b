import { randomBytes, verify } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../seeds/demo-data';
import { config, PUBLISHED_DEV_SECRETS } from '../platform/config';
import { AccessOutcome } from '../subgraphs/consent/entities/AccessEvent';
import { keyedLinkHash, type AuditEntry } from '../subgraphs/consent/rules/audit-log';
import { checkpointDir, payloadOf } from '../subgraphs/consent/rules/checkpoints';
import { runRetention } from '../scripts/retention';
import { subjectAccessExport } from '../scripts/lib/subject-access';
import { Incident } from '../subgraphs/incidents/entities/Incident';
import { AsbCategory, IncidentSource } from '../subgraphs/shared/enums';
import { startTestHub, tokenFor, type TestHub } from './support/hub';

// The hub's own chain key, unknown to whoever has the database (not the published development default).
const HUB_KEY = randomBytes(32).toString('hex');
process.env.AUDIT_LOG_KEY = HUB_KEY;

/**
 * Accountability for DPOs, through the gateway with real tokens: who may grant (only the DPO of the
 * agency that supplied the data, to a party of a data sharing agreement in force covering the
 * purpose and category).
 */
const alice = DEMO.people.alice;
const VULNERABILITY = 'Lives alone';

let t: TestHub;
beforeAll(async () => {
  expect(config().AUDIT_LOG_KEY).toBe(HUB_KEY);
  t = await startTestHub({ seed: true });
  // Derbyshire Police holds a record of Alice of its own (a match to Sevenoaks DC's person).
  const spoc = await tokenFor('derbyshire-police', 'spoc');
  const reg = await t.query<any>(`mutation { registerPerson(input: { givenName: "Alice", familyName: "Turner", dateOfBirth: "1958-04-12", postcode: "TN13 1AA" }) { id } }`, {}, { token: spoc });
  expect(reg.data!.registerPerson.id).toBe(alice);
});
afterAll(async () => {
  await t?.stop();
});

const GRANT = `mutation($input: AccessGrantInput!) { recordAccessGrant(input: $input) { id agencyId supplierAgencyId category validUntil agreement { id reference parties } } }`;
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
const grantInput = (over: Record<string, unknown> = {}) => ({
  agencyId: 'derbyshire-police', personId: alice, categories: ['SPECIAL_CATEGORY'], purpose: 'CASE_REVIEW', basis: 'PUBLIC_TASK',
  reason: 'Cross-border safeguarding referral', agreementRef: 'DSA-KENT-2026', expiresAt: inDays(30), ...over,
});
const readVulnerabilities = async (agency: string) =>
  t.query<any>(`{ person(id: "${alice}") { vulnerabilities records { agency { id } vulnerabilities } } }`, {}, { token: await tokenFor(agency, 'reviewer') });

describe('finding 1: who may grant', () => {
  it('a Derbyshire Police DPO cannot grant itself Alice’s special category data supplied by Sevenoaks DC, and its reviewer still cannot read it', async () => {
    const res = await t.query<any>(GRANT, { input: grantInput() }, { token: await tokenFor('derbyshire-police', 'dpo') });
    expect(res.data?.recordAccessGrant ?? null).toBeNull();
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    const look = await readVulnerabilities('derbyshire-police');
    expect(JSON.stringify(look)).not.toContain(VULNERABILITY);
  });
});

describe('who may grant: each refusal, and the grant an agreement allows', () => {
  const asDpo = async (agency: string, input: Record<string, unknown>) => t.query<any>(GRANT, { input: grantInput(input) }, { token: await tokenFor(agency, 'dpo') });

  it.each([
    ['an agency that supplied nothing about the person', 'kent-wardens', { agencyId: 'kent-police', categories: ['CONTACT'] }, 'FORBIDDEN', 'input.personId'],
    ['no recorded agreement', 'sevenoaks-dc', { agencyId: 'kent-police', categories: ['CONTACT'], agreementRef: 'DSA-NOWHERE' }, 'NOT_FOUND', 'input.agreementRef'],
    ['a grantee that is not a party (Derbyshire under the Kent agreement)', 'sevenoaks-dc', { categories: ['CONTACT'] }, 'FORBIDDEN', 'input.agencyId'],
    ['a category the agreement does not cover', 'sevenoaks-dc', { agencyId: 'kent-police', categories: ['CONTACT', 'SPECIAL_CATEGORY'] }, 'FORBIDDEN', 'input.categories'],
    ['a basis the agreement does not rest on', 'sevenoaks-dc', { agencyId: 'kent-police', categories: ['CONTACT'], basis: 'VITAL_INTERESTS' }, 'FORBIDDEN', 'input.basis'],
    ['an expiry after the agreement ends', 'sevenoaks-dc', { agencyId: 'kent-police', categories: ['CONTACT'], expiresAt: inDays(1000) }, 'BAD_USER_INPUT', 'input.expiresAt'],
    ['a supplier that is not a party (Sevenoaks under the Derbyshire agreement)', 'sevenoaks-dc', { categories: ['CONTACT'], agreementRef: 'DSA-DERBYSHIRE-2026' }, 'FORBIDDEN', 'input.agreementRef'],
  ])('refuses %s, naming the field and why', async (_what, agency, input, code, field) => {
    const res = await asDpo(agency, input);
    expect(res.data?.recordAccessGrant ?? null).toBeNull();
    expect(res.errors![0].extensions).toMatchObject({ code, field });
    expect(res.errors![0].message.length).toBeGreaterThan(20);
  });

  it('refuses an agreement that has ended, and one not yet in force', async () => {
    const dpo = await tokenFor('sevenoaks-dc', 'dpo');
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    for (const [reference, startsOn, endsOn] of [['DSA-ENDED', day(-100), day(-1)], ['DSA-LATER', day(5), day(100)]]) {
      const rec = await t.query<any>(
        `mutation($input: DataSharingAgreementInput!) { recordDataSharingAgreement(input: $input) { id reference } }`,
        { input: { reference, title: 'Test', parties: ['sevenoaks-dc', 'kent-police'], partyDpos: ['a', 'b'], purposes: ['CASE_REVIEW'], categories: ['CONTACT'], lawfulBasis: 'PUBLIC_TASK',
          legalGateway: 'Crime and Disorder Act 1998 s.115', retention: 'One year', startsOn, reviewOn: startsOn, endsOn } },
        { token: dpo },
      );
      expect(rec.errors).toBeUndefined();
      const res = await asDpo('sevenoaks-dc', { agencyId: 'kent-police', categories: ['CONTACT'], agreementRef: reference, expiresAt: inDays(1) });
      expect(res.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'input.agreementRef' });
    }
  });

  it('Sevenoaks DC’s DPO grants Kent Wardens Alice’s contact details under the Kent agreement: the wardens see Sevenoaks’s values, not Kent Police’s', async () => {
    const res = await asDpo('sevenoaks-dc', { agencyId: 'kent-wardens', categories: ['CONTACT'] });
    expect(res.errors).toBeUndefined();
    expect(res.data!.recordAccessGrant).toEqual([
      expect.objectContaining({ agencyId: 'kent-wardens', supplierAgencyId: 'sevenoaks-dc', category: 'CONTACT', agreement: expect.objectContaining({ reference: 'DSA-KENT-2026' }) }),
    ]);
    const look = await t.query<any>(`{ person(id: "${alice}") { records { agency { id } phone } } }`, {}, { token: await tokenFor('kent-wardens', 'reviewer') });
    const byAgency = Object.fromEntries(look.data!.person.records.map((r: any) => [r.agency.id, r.phone]));
    expect(byAgency['sevenoaks-dc']).toBe('01732 000111');
    expect(byAgency['kent-police'] ?? null).toBeNull();
    // A DPO lists the grants in force over Alice: what each lets whom see, of whose data, on what.
    const grants = await t.query<any>(`{ accessGrants(personId: "${alice}") { agencyId supplierAgencyId category basis agreement { reference } reviewId } }`, {}, { token: await tokenFor('kent-police', 'dpo') });
    expect(grants.data!.accessGrants).toEqual(expect.arrayContaining([
      { agencyId: 'kent-wardens', supplierAgencyId: 'sevenoaks-dc', category: 'CONTACT', basis: 'PUBLIC_TASK', agreement: { reference: 'DSA-KENT-2026' }, reviewId: null },
      { agencyId: 'kent-police', supplierAgencyId: null, category: 'IDENTITY', basis: 'CONSENT', agreement: null, reviewId: DEMO.reviews.aliceReview },
    ]));
    // The DPO lists the agreements, and a reviewer may not.
    const list = await t.query<any>(`{ dataSharingAgreements { reference parties purposes categories lawfulBasis legalGateway retention startsOn reviewOn endsOn partyDpos } }`, {}, { token: await tokenFor('kent-police', 'dpo') });
    expect(list.data!.dataSharingAgreements.map((a: any) => a.reference)).toEqual(expect.arrayContaining(['DSA-KENT-2026', 'DSA-HERTS-2026', 'DSA-DERBYSHIRE-2026', 'DSA-KENT-HERTS-2026']));
    const refused = await t.query<any>(`{ dataSharingAgreements { reference } }`, {}, { token: await tokenFor('kent-police', 'reviewer') });
    expect(refused.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('only a party’s DPO records an agreement; bad input names every field', async () => {
    const input = { reference: 'DSA-X', title: 'X', parties: ['sevenoaks-dc', 'kent-police'], partyDpos: ['a', 'b'], purposes: ['CASE_REVIEW'], categories: ['CONTACT'], lawfulBasis: 'PUBLIC_TASK',
      legalGateway: 'Crime and Disorder Act 1998 s.115', retention: 'One year', startsOn: '2026-01-01', reviewOn: '2026-06-01', endsOn: '2026-12-31' };
    const M = `mutation($input: DataSharingAgreementInput!) { recordDataSharingAgreement(input: $input) { id } }`;
    const outsider = await t.query<any>(M, { input }, { token: await tokenFor('derbyshire-police', 'dpo') });
    expect(outsider.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'input.parties' });
    const bad = await t.query<any>(M, { input: { ...input, partyDpos: ['a'], lawfulBasis: 'CONSENT', endsOn: '2025-01-01' } }, { token: await tokenFor('sevenoaks-dc', 'dpo') });
    expect(bad.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].extensions!.errors.map((e: any) => e.field)).toEqual(expect.arrayContaining(['input.partyDpos', 'input.lawfulBasis', 'input.endsOn']));
  });
});

describe('finding 3: every processing step on record, with its justification', () => {
  const LOG = `query($f: AccessLogFilter) { accessLog(filter: $f, first: 100) { edges { node { seq action justification basis category actorAgencyId operation personId decision } } } }`;
  const log = async (f: Record<string, unknown>) =>
    (await t.query<any>(LOG, { f }, { token: await tokenFor('sevenoaks-dc', 'dpo') })).data!.accessLog.edges.map((e: any) => e.node);

  it('logs collection, alteration and combination (identity matching) of a record, and consultation with its purpose and grant', async () => {
    // beforeAll: Derbyshire Police's record of Alice was collected and matched to Sevenoaks DC's person.
    const derbyshire = await log({ personId: alice, agencyId: 'derbyshire-police' });
    expect(derbyshire).toEqual(expect.arrayContaining([
      expect.objectContaining({ action: 'COLLECT', category: 'IDENTITY', basis: 'controller', justification: expect.stringContaining('supplied its record') }),
      expect.objectContaining({ action: 'COLLECT', category: 'CONTACT' }),
      expect.objectContaining({ action: 'COMBINE', category: 'IDENTITY', basis: 'identity-match', justification: expect.stringContaining('linked to the person other agencies hold') }),
    ]));
    const spoc = await tokenFor('derbyshire-police', 'spoc');
    const again = `mutation($p: String) { registerPerson(input: { givenName: "Alice", familyName: "Turner", dateOfBirth: "1958-04-12", postcode: "TN13 1AA", phone: $p }) { id } }`;
    await t.query(again, { p: '01332 000999' }, { token: spoc });
    await t.query(again, { p: '01332 000999' }, { token: spoc }); // unchanged: alters nothing
    const altered = (await log({ personId: alice, agencyId: 'derbyshire-police' })).filter((e: any) => e.action === 'ALTER');
    expect(altered.map((e: any) => e.category).sort()).toEqual(['CONTACT', 'IDENTITY']);
    expect(altered[0].justification).toContain('updated its record');
    // A consultation names its purpose, review, grant and consent.
    await t.query(`{ person(id: "${alice}") { email } }`, {}, { token: await tokenFor('kent-mental-health', 'reviewer') });
    const consult = (await log({ personId: alice, agencyId: 'kent-mental-health' })).find((e: any) => e.action === 'CONSULT' && e.decision === 'ALLOW');
    expect(consult.justification).toMatch(new RegExp(`^purpose CASE_REVIEW; review ${DEMO.reviews.aliceReview}; grant .+ on CONSENT; consent `));
  });

  it('logs an incident report’s collection, and its change as an alteration, for each person it names', async () => {
    const police = await tokenFor('kent-police', 'contributor');
    const now = Date.now();
    const at = (h: number) => new Date(now - h * 3_600_000).toISOString();
    const record = (subType: string) => ({
      sourceRef: 'KP-DPO-0001', category: 'NUISANCE', subType, occurredAt: at(30), reportedAt: at(29), description: 'Loud music until 2am.',
      location: { address: '14 Oak Lane, Sevenoaks', lsoaCode: 'E01024503' }, reporter: { givenName: 'Alice', familyName: 'Turner', dateOfBirth: '1958-04-12', postcode: 'TN13 1AA' },
      actions: [], police: { attendingOfficer: 'PC 1', district: 'Sevenoaks' },
    });
    const SUBMIT = `mutation($records: [IncidentInput!]!) { submitIncidents(source: POLICE, records: $records) { accepted updated unchanged } }`;
    expect((await t.query<any>(SUBMIT, { records: [record('Noise')] }, { token: police })).data!.submitIncidents).toMatchObject({ accepted: 1 });
    expect((await t.query<any>(SUBMIT, { records: [record('Noise')] }, { token: police })).data!.submitIncidents).toMatchObject({ unchanged: 1 });
    expect((await t.query<any>(SUBMIT, { records: [record('Music')] }, { token: police })).data!.submitIncidents).toMatchObject({ updated: 1 });
    const steps = (await log({ personId: alice, agencyId: 'kent-police' })).filter((e: any) => e.category === 'INCIDENT_DETAIL' && e.operation.includes('submitIncidents'));
    expect(steps.map((e: any) => e.action).sort()).toEqual(['ALTER', 'COLLECT']);
    expect(steps.find((e: any) => e.action === 'COLLECT').justification).toBe('kent-police supplied 1 incident report(s) naming the person');
  });

  it('logs a letter as a disclosure to its recipient, a subject access export as a disclosure, and retention as erasure', async () => {
    const eastHerts = await tokenFor('east-herts-dc', 'spoc');
    const sub = await t.query<any>(
      `mutation($input: TriggerApplicationInput!) { submitTriggerApplication(input: $input) { id reference } }`,
      { input: { authorityId: 'east-herts-dc', channel: 'PHONE', applicantType: 'VICTIM', applicantPersonId: DEMO.people.carol, consentToShare: true, consentId: 'c0115e00-0000-4000-8000-000000000003' } },
      { token: eastHerts },
    );
    expect(sub.errors).toBeUndefined();
    const ack = await t.query<any>(`mutation($id: ID!) { acknowledgeApplication(applicationId: $id) { status } }`, { id: sub.data!.submitTriggerApplication.id }, { token: eastHerts });
    expect(ack.errors).toBeUndefined();
    const letters = (await log({ personId: DEMO.people.carol, agencyId: 'east-herts-dc' })).filter((e: any) => e.action === 'DISCLOSE');
    expect(letters.map((e: any) => [e.basis, e.category]).sort()).toEqual([['letter:CT1', 'CONTACT'], ['letter:CT1', 'INCIDENT_DETAIL']]);
    expect(letters[0].justification).toContain(sub.data!.submitTriggerApplication.reference);

    await subjectAccessExport(t.hub.subgraphs, alice, { sub: 'dpo.sevenoaks-dc', agencyId: 'sevenoaks-dc' });
    const sar = (await log({ personId: alice, agencyId: 'sevenoaks-dc' })).filter((e: any) => e.basis === 'subject-access-request');
    expect(sar.length).toBe(4);
    for (const e of sar) expect(e).toMatchObject({ action: 'DISCLOSE', justification: expect.stringContaining('Art. 15') });

    const em = t.hub.subgraphs.incidents.db.orm.em.fork();
    em.create(Incident, {
      source: IncidentSource.POLICE, agencyId: 'kent-police', sourceRef: 'KP-ASB-2018-09999', category: AsbCategory.NUISANCE, subType: 'Noise',
      occurredAt: new Date('2018-03-01T22:00:00Z'), reportedAt: new Date('2018-03-01T23:00:00Z'), description: 'Old', lsoaCode: 'E01024503', reporterPersonId: alice, actions: [],
    });
    await em.flush();
    await runRetention(t.hub.subgraphs, 72, 'retention-job');
    const erased = (await log({ personId: alice, agencyId: 'hub' })).filter((e: any) => e.action === 'ERASE');
    expect(erased).toHaveLength(1);
    expect(erased[0]).toMatchObject({ category: 'INCIDENT_DETAIL', basis: 'retention-policy:72-months', justification: expect.stringContaining('72 months') });
  });
});

describe('consent receipts and the record of processing', () => {
  const aliceConsent = 'c0115e00-0000-4000-8000-000000000001';
  it('a consent receipt carries the ISO/IEC TS 27560 fields and DPV terms, for the recording agency and the DPOs concerned only', async () => {
    const Q = `query($id: ID!) { consentReceipt(consentId: $id) { schemaVersion receiptId consentId issuedAt jurisdiction language piiPrincipalId
      piiControllers { agencyId name role contact } consentGivenAt collectionMethod collectedBy privacyNoticeVersion consentType legalBasis dpvLegalBasis
      purposes { purpose description dpvPurpose } piiCategories { category dpvCategory sensitive } sensitivePii recipients { agencyId name } expiresAt status withdrawnAt withdrawalMethod } }`;
    const res = await t.query<any>(Q, { id: aliceConsent }, { token: await tokenFor('sevenoaks-dc', 'spoc') });
    expect(res.errors).toBeUndefined();
    const r = res.data!.consentReceipt;
    expect(r).toMatchObject({
      schemaVersion: 'ISO/IEC TS 27560:2023', consentId: aliceConsent, jurisdiction: 'GB', piiPrincipalId: alice, legalBasis: 'CONSENT', status: 'ACTIVE',
      piiControllers: [{ agencyId: 'sevenoaks-dc', name: 'Sevenoaks District Council', role: 'controller' }], sensitivePii: false, consentType: 'EXPRESSED',
    });
    expect(r.dpvLegalBasis).toEqual(['dpv-gdpr:A6-1-a']);
    expect(r.purposes).toEqual([expect.objectContaining({ purpose: 'CASE_REVIEW', dpvPurpose: 'dpv:PublicBenefit' })]);
    expect(r.piiCategories.map((c: any) => c.dpvCategory)).toEqual(expect.arrayContaining(['dpv-pd:Identifying', 'dpv-pd:Contact']));
    expect(r.recipients.map((a: any) => a.agencyId)).toEqual(expect.arrayContaining(['kent-police', 'kent-mental-health']));
    for (const k of ['receiptId', 'issuedAt', 'consentGivenAt', 'collectionMethod', 'collectedBy', 'privacyNoticeVersion', 'withdrawalMethod']) expect(r[k], k).toBeTruthy();
    const outsider = await t.query<any>(Q, { id: aliceConsent }, { token: await tokenFor('herts-police', 'dpo') });
    expect(outsider.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'consentId' });
    const missing = await t.query<any>(Q, { id: '00000000-0000-4000-8000-000000000000' }, { token: await tokenFor('sevenoaks-dc', 'spoc') });
    expect(missing.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'consentId' });
  });

  it('the Art. 30 record lists an activity per agreement, with every field, and is the DPO’s only', async () => {
    const Q = `{ recordOfProcessing { id name controllers dpoContacts purposes lawfulBasis legalGateway dataSubjects categories recipients transfersOutsideUk retention securityMeasures source } }`;
    const res = await t.query<any>(Q, {}, { token: await tokenFor('kent-police', 'dpo') });
    expect(res.errors).toBeUndefined();
    const acts = res.data!.recordOfProcessing;
    expect(acts.map((a: any) => a.id)).toEqual(expect.arrayContaining(['agreement:DSA-KENT-2026', 'agreement:DSA-HERTS-2026', 'agreement:DSA-DERBYSHIRE-2026', 'consent:case-review', 'hub:incidents']));
    const kent = acts.find((a: any) => a.id === 'agreement:DSA-KENT-2026');
    expect(kent.controllers).toEqual(expect.arrayContaining(['Kent Police', 'Sevenoaks District Council']));
    expect(kent.legalGateway).toMatch(/Crime and Disorder Act 1998 s\.115/);
    expect(kent.lawfulBasis).toMatch(/^PUBLIC_TASK/);
    for (const a of acts) for (const [k, v] of Object.entries(a)) expect(Array.isArray(v) ? v.length : String(v).length, `${a.id}.${k}`).toBeGreaterThan(0);
    expect(acts.find((a: any) => a.id === 'hub:incidents').retention).toContain('72 months');
    const spoc = await t.query<any>(Q, {}, { token: await tokenFor('kent-police', 'spoc') });
    expect(spoc.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});

describe('finding 2: a log no one can rewrite or cut short', () => {
  const CHECKPOINT = `{ accessLogCheckpoint { logId sequence headHash signedAt algorithm keyId signature publicKey } }`;
  const VERIFY = `query($cp: AccessLogCheckpointInput) { verifyAccessLog(checkpoint: $cp) {
    valid checked firstBrokenSeq reason firstAlteredSeq missingFromSeq missingToSeq headSeq consistentWithCheckpoint problems checkpoint { sequence } } }`;
  const traffic = async (n: number) => {
    for (let i = 0; i < n; i++) await t.query(`{ person(id: "${alice}") { givenName email } }`, {}, { token: await tokenFor(i % 2 ? 'herts-police' : 'kent-mental-health', 'reviewer') });
  };

  it('signs checkpoints kept outside the database (owner-only files), and a superuser who deletes the newest rows and rewrites one, recomputing the links, is caught: both named', async () => {
    const dpo = await tokenFor('sevenoaks-dc', 'dpo');
    await traffic(4);
    const taken = await t.query<any>(CHECKPOINT, {}, { token: dpo });
    expect(taken.errors).toBeUndefined();
    const cp = taken.data!.accessLogCheckpoint;
    expect(Number(cp.sequence)).toBeGreaterThan(8);
    expect(cp.algorithm).toBe('Ed25519');
    // The signature checks with the published public key, over the documented lines.
    expect(verify(null, Buffer.from(payloadOf(cp)), cp.publicKey, Buffer.from(cp.signature, 'base64'))).toBe(true);
    // Written outside the database, owner-only, the same checkpoint.
    const dir = path.join(checkpointDir(), cp.logId);
    const files = (await readdir(dir)).filter((f) => f.startsWith(`access-log-${cp.sequence.padStart(12, '0')}-`));
    expect(files).toHaveLength(1);
    expect((await stat(path.join(dir, files[0]))).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(path.join(dir, files[0]), 'utf8'))).toMatchObject({ sequence: cp.sequence, headHash: cp.headHash, signature: cp.signature });
    const kept = { logId: cp.logId, sequence: cp.sequence, headHash: cp.headHash, signedAt: cp.signedAt, keyId: cp.keyId, signature: cp.signature };

    await traffic(2);
    const intact = (await t.query<any>(VERIFY, { cp: kept }, { token: dpo })).data!.verifyAccessLog;
    expect(intact).toMatchObject({ valid: true, firstBrokenSeq: null, consistentWithCheckpoint: true, problems: [] });
    // A checkpoint changed after signing is refused as input.
    const forged = await t.query<any>(VERIFY, { cp: { ...kept, sequence: String(Number(kept.sequence) - 4) } }, { token: dpo });
    expect(forged.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'checkpoint.signature' });

    // The attack: triggers off (session_replication_role = replica), the newest rows deleted (from
    // three below the checkpoint), row 3 rewritten, and every link from it recomputed with the only
    // key the database could give away (the published development default).
    const cut = Number(cp.sequence) - 2;
    const knex = (t.hub.subgraphs.consent.db.orm.em.getConnection() as any).getKnex();
    await knex.transaction(async (trx: any) => {
      await trx.raw(`set local session_replication_role = replica`);
      await trx.raw(`delete from "consent"."access_event" where seq >= ?`, [cut]);
      await trx.raw(`update "consent"."access_event" set decision = 'ALLOW', basis = 'controller' where seq = 3`);
      const rows = (await trx.raw(`select seq::text as seq, occurred_at, request_id, actor_sub, actor_agency_id, actor_roles, purpose, review_id, person_id, category, decision, basis, grant_id, consent_id, operation, subgraph, action, justification, prev_hash from "consent"."access_event" e where e.seq >= 2 order by e.seq`)).rows;
      const [two] = (await trx.raw(`select hash from "consent"."access_event" where seq = 2`)).rows;
      let prev: string = two.hash;
      for (const r of rows.slice(1)) {
        const e: AuditEntry = { occurredAt: new Date(r.occurred_at), requestId: r.request_id, actorSub: r.actor_sub, actorAgencyId: r.actor_agency_id, actorRoles: r.actor_roles, purpose: r.purpose, reviewId: r.review_id,
          personId: r.person_id, category: r.category, decision: r.decision as AccessOutcome, basis: r.basis, grantId: r.grant_id, consentId: r.consent_id, operation: r.operation, subgraph: r.subgraph, action: r.action, justification: r.justification };
        const hash = keyedLinkHash({ id: 'k1', secret: PUBLISHED_DEV_SECRETS[2] }, r.seq, e, prev);
        await trx.raw(`update "consent"."access_event" set prev_hash = ?, hash = ? where seq = ?`, [prev, hash, r.seq]);
        prev = hash;
      }
    });

    for (const cpArg of [kept, undefined]) {
      // Against the checkpoint the DPO kept, and (without one) the newest the hub stored.
      const res = (await t.query<any>(VERIFY, { cp: cpArg }, { token: dpo })).data!.verifyAccessLog;
      expect(res).toMatchObject({
        valid: false, firstBrokenSeq: '3', firstAlteredSeq: '3', missingFromSeq: String(cut), missingToSeq: cp.sequence, headSeq: String(cut - 1),
        consistentWithCheckpoint: false, checkpoint: { sequence: cp.sequence },
      });
      expect(res.reason).toBe('row 3 was altered after it was written');
      expect(res.problems).toEqual(expect.arrayContaining(['row 3 was altered after it was written', expect.stringMatching(new RegExp(`^rows ${cut} to ${cp.sequence} are missing`))]));
    }
    // And no checkpoint is signed over a log that does not verify.
    const refused = await t.query<any>(CHECKPOINT, {}, { token: dpo });
    expect(refused.errors![0].extensions!.code).toBe('CONFLICT');
  });
});
