import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../seeds/demo-data';
import { AccessGrant } from '../subgraphs/consent/entities/AccessGrant';
import { Consent } from '../subgraphs/consent/entities/Consent';
import { Incident } from '../subgraphs/incidents/entities/Incident';
import { TriggerApplication } from '../subgraphs/triggers/entities/TriggerApplication';
import { answers, startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * An application rests on the consent record of the person it is about:
 * checked in the consent subgraph at intake, its id kept; a later withdrawal is noted on the
 * application; and the authority's SPOC sees the other agencies' incident detail of the person
 * while the application is open on that consent, and not after the consent is withdrawn.
 */
let t: TestHub;
let sevenoaks: string;

beforeAll(async () => {
  t = await startTestHub({ seed: true });
  sevenoaks = await tokenFor('sevenoaks-dc', 'spoc');
});
afterAll(async () => {
  await t?.stop();
});

const ok = answers(() => t);

const APP = 'id status notPursuedReason consentToShare consentId consentStatus consentWithdrawnAt';
const SUBMIT = `mutation($input: TriggerApplicationInput!) { submitTriggerApplication(input: $input) { ${APP} } }`;
const READ = `query($id: ID!) { triggerApplication(id: $id) { ${APP} } }`;

async function register(token: string): Promise<string> {
  return (await ok(`mutation($input: PersonInput!) { registerPerson(input: $input) { id } }`, { input: { givenName: 'Applicant', familyName: `C-${randomUUID()}` } }, token)).registerPerson.id;
}

async function recordConsent(token: string, personId: string, recipientAgencyIds: string[], over: Record<string, unknown> = {}): Promise<string> {
  return (
    await ok(
      `mutation($input: ConsentInput!) { recordConsent(input: $input) { id } }`,
      { input: { personId, purposes: ['CASE_REVIEW'], recipientAgencyIds, categories: ['IDENTITY', 'CONTACT', 'INCIDENT_DETAIL'], captureMethod: 'PHONE', noticeVersion: 'CT-privacy-2026-01', ...over } },
      token,
    )
  ).recordConsent.id;
}

const withdraw = (token: string, id: string) => ok(`mutation($id: ID!) { withdrawConsent(id: $id, reason: "No longer wishes to share") { id status } }`, { id }, token);

const submit = (token: string, authorityId: string, personId: string, over: Record<string, unknown> = {}) =>
  t.query<any>(SUBMIT, { input: { authorityId, channel: 'PHONE', applicantType: 'VICTIM', applicantPersonId: personId, consentToShare: true, ...over } }, { token });

async function submitted(token: string, authorityId: string, personId: string, over: Record<string, unknown> = {}) {
  const res = await submit(token, authorityId, personId, over);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.submitTriggerApplication;
}

const grantsOf = (applicationId: string) => t.hub.subgraphs.consent.db.orm.em.fork().find(AccessGrant, { applicationId }, { orderBy: { category: 'asc' } });

describe('consent at intake', () => {
  it('proceeds on the person’s consent in force naming the authority, found by the hub, and keeps its id', async () => {
    const person = await register(sevenoaks);
    const consentId = await recordConsent(sevenoaks, person, ['sevenoaks-dc', 'kent-police']);
    const app = await submitted(sevenoaks, 'sevenoaks-dc', person);
    expect(app).toMatchObject({ status: 'RECEIVED', notPursuedReason: null, consentId, consentStatus: 'ACTIVE', consentWithdrawnAt: null });
  });

  it('takes the consent named when it is that person’s, in force, naming the authority', async () => {
    const person = await register(sevenoaks);
    const consentId = await recordConsent(sevenoaks, person, ['sevenoaks-dc']);
    const app = await submitted(sevenoaks, 'sevenoaks-dc', person, { consentId });
    expect(app).toMatchObject({ status: 'RECEIVED', consentId });
  });

  it('records an application with no consent record as NOT_PURSUED, although the SPOC recorded consent to share', async () => {
    const person = await register(sevenoaks);
    const app = await submitted(sevenoaks, 'sevenoaks-dc', person);
    expect(app).toMatchObject({ status: 'NOT_PURSUED', notPursuedReason: 'NO_CONSENT_RECORD', consentToShare: true, consentId: null, consentStatus: null });
    expect(await grantsOf(app.id)).toEqual([]);
  });

  it('is not pursued on a consent that names other agencies but not the authority', async () => {
    const person = await register(sevenoaks);
    await recordConsent(sevenoaks, person, ['kent-police', 'west-kent-housing']);
    const app = await submitted(sevenoaks, 'sevenoaks-dc', person);
    expect(app).toMatchObject({ status: 'NOT_PURSUED', notPursuedReason: 'NO_CONSENT_RECORD', consentId: null });
  });

  it('is not pursued on a consent for another purpose only', async () => {
    const person = await register(sevenoaks);
    await recordConsent(sevenoaks, person, ['sevenoaks-dc'], { purposes: ['CASE_MANAGEMENT'] });
    expect(await submitted(sevenoaks, 'sevenoaks-dc', person)).toMatchObject({ status: 'NOT_PURSUED', notPursuedReason: 'NO_CONSENT_RECORD' });
  });

  it('is not pursued on a withdrawn consent', async () => {
    const person = await register(sevenoaks);
    await withdraw(sevenoaks, await recordConsent(sevenoaks, person, ['sevenoaks-dc']));
    expect(await submitted(sevenoaks, 'sevenoaks-dc', person)).toMatchObject({ status: 'NOT_PURSUED', notPursuedReason: 'NO_CONSENT_RECORD', consentId: null });
  });

  it('is not pursued on an expired consent', async () => {
    const person = await register(sevenoaks);
    const consentId = await recordConsent(sevenoaks, person, ['sevenoaks-dc'], { expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    // It has since expired (recordConsent refuses a past expiry, so the record is aged in its own table).
    await t.hub.subgraphs.consent.db.orm.em.fork().nativeUpdate(Consent, { id: consentId }, { expiresAt: new Date(Date.now() - 60_000) });
    expect(await submitted(sevenoaks, 'sevenoaks-dc', person)).toMatchObject({ status: 'NOT_PURSUED', notPursuedReason: 'NO_CONSENT_RECORD', consentId: null });
  });

  it('refuses a named consent of another person as BAD_USER_INPUT on consentId, without echoing it, and records nothing', async () => {
    const person = await register(sevenoaks);
    await recordConsent(sevenoaks, person, ['sevenoaks-dc']);
    const other = await register(sevenoaks);
    const othersConsent = await recordConsent(sevenoaks, other, ['sevenoaks-dc']);
    const res = await submit(sevenoaks, 'sevenoaks-dc', person, { consentId: othersConsent });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.consentId' });
    expect(JSON.stringify(res.errors)).not.toContain(othersConsent);
    expect(await t.hub.subgraphs.triggers.db.orm.em.fork().count(TriggerApplication, { applicantPersonId: person })).toBe(0);
  });

  it('refuses a named consent that does not name the authority, or is withdrawn, or is unknown', async () => {
    const person = await register(sevenoaks);
    const elsewhere = await recordConsent(sevenoaks, person, ['kent-police']);
    const withdrawn = await recordConsent(sevenoaks, person, ['sevenoaks-dc']);
    await withdraw(sevenoaks, withdrawn);
    for (const consentId of [elsewhere, withdrawn, randomUUID()]) {
      const res = await submit(sevenoaks, 'sevenoaks-dc', person, { consentId });
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.consentId' });
      expect(res.errors![0].message).not.toContain(consentId);
    }
  });

  it('without consent to share, is not pursued whatever the consent records say, and issues no grants', async () => {
    const person = await register(sevenoaks);
    await recordConsent(sevenoaks, person, ['sevenoaks-dc']);
    const app = await submitted(sevenoaks, 'sevenoaks-dc', person, { consentToShare: false });
    expect(app).toMatchObject({ status: 'NOT_PURSUED', notPursuedReason: 'NO_CONSENT' });
    expect(await grantsOf(app.id)).toEqual([]);
  });
});

describe('the authority’s access while the application is open, and a withdrawal (David, Amber Valley)', () => {
  let amberValley: string;
  let incidentId: string;
  let consentId: string;
  let applicationId: string;
  const narrative = () => t.query<any>(`query($id: ID!) { incident(id: $id) { sourceRef description } }`, { id: incidentId }, { token: amberValley });

  beforeAll(async () => {
    amberValley = await tokenFor('amber-valley-bc', 'spoc');
    const incident = await t.hub.subgraphs.incidents.db.orm.em.fork().findOneOrFail(Incident, { agencyId: 'derbyshire-police', sourceRef: 'DC-ASB-55012' });
    incidentId = incident.id;
  });

  it('withholds Derbyshire Police’s narrative of David from the council before any application', async () => {
    const res = await narrative();
    expect(res.data?.incident?.description ?? null).toBeNull();
    expect(res.errors?.some((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
  });

  it('an application accepted on David’s consent issues the council grants for what the consent covers, tied to the application', async () => {
    consentId = await recordConsent(amberValley, DEMO.people.david, ['amber-valley-bc', 'derbyshire-police'], { categories: ['IDENTITY', 'INCIDENT_DETAIL', 'SPECIAL_CATEGORY'] });
    const app = await submitted(amberValley, 'amber-valley-bc', DEMO.people.david);
    applicationId = app.id;
    expect(app).toMatchObject({ status: 'RECEIVED', consentId, consentStatus: 'ACTIVE' });
    const grants = await grantsOf(applicationId);
    expect(grants.map((g) => ({ agencyId: g.agencyId, personId: g.personId, category: g.category, purpose: g.purpose, basis: g.basis, consentId: g.consentId, revokedAt: g.revokedAt ?? null }))).toEqual(
      ['IDENTITY', 'INCIDENT_DETAIL'].map((category) => ({
        agencyId: 'amber-valley-bc', personId: DEMO.people.david, category, purpose: 'CASE_REVIEW', basis: 'CONSENT', consentId, revokedAt: null,
      })),
    );
  });

  it('the council’s SPOC then sees the narrative (incident detail) of another agency’s incident of David', async () => {
    const res = await narrative();
    expect(res.errors).toBeUndefined();
    expect(res.data!.incident).toEqual({ sourceRef: 'DC-ASB-55012', description: 'Rubbish dumped blocking the ramp to the front door.' });
  });

  it('a withdrawal after submission is noted on the application, and the narrative is withheld on the next request', async () => {
    await withdraw(amberValley, consentId);
    const app = (await ok(READ, { id: applicationId }, amberValley)).triggerApplication;
    expect(app.status).toBe('RECEIVED');
    expect(app.consentStatus).toBe('WITHDRAWN');
    expect(app.consentWithdrawnAt).not.toBeNull();
    // Recorded on the application itself (the consent subgraph told the triggers subgraph), not only read through.
    const stored = await t.hub.subgraphs.triggers.db.orm.em.fork().findOneOrFail(TriggerApplication, { id: applicationId });
    expect(stored.consentWithdrawnAt?.toISOString()).toBe(app.consentWithdrawnAt);
    expect((await grantsOf(applicationId)).every((g) => g.revokedAt && g.revokedReason === 'consent withdrawn')).toBe(true);
    const res = await narrative();
    expect(res.data?.incident?.description ?? null).toBeNull();
    expect(res.errors?.some((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
  });
});

describe('after intake', () => {
  it('shows a withdrawal whose notice never reached the application, when the application is read', async () => {
    const person = await register(sevenoaks);
    const consentId = await recordConsent(sevenoaks, person, ['sevenoaks-dc']);
    const app = await submitted(sevenoaks, 'sevenoaks-dc', person);
    // Withdrawn in the consent subgraph's own table, as if the notice to the triggers subgraph had failed.
    const withdrawnAt = new Date(Date.now() - 1_000);
    await t.hub.subgraphs.consent.db.orm.em.fork().nativeUpdate(Consent, { id: consentId }, { withdrawnAt, withdrawalReason: 'test' });
    const read = (await ok(READ, { id: app.id }, sevenoaks)).triggerApplication;
    expect(read).toMatchObject({ consentStatus: 'WITHDRAWN', consentWithdrawnAt: withdrawnAt.toISOString() });
  });

  it('shows a consent that expired after intake', async () => {
    const person = await register(sevenoaks);
    const consentId = await recordConsent(sevenoaks, person, ['sevenoaks-dc'], { expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    const app = await submitted(sevenoaks, 'sevenoaks-dc', person);
    await t.hub.subgraphs.consent.db.orm.em.fork().nativeUpdate(Consent, { id: consentId }, { expiresAt: new Date(Date.now() - 1_000) });
    expect((await ok(READ, { id: app.id }, sevenoaks)).triggerApplication).toMatchObject({ consentStatus: 'EXPIRED', consentWithdrawnAt: null });
  });

  it('ends the application’s grants when it is not pursued', async () => {
    const person = await register(sevenoaks);
    await recordConsent(sevenoaks, person, ['sevenoaks-dc']);
    const app = await submitted(sevenoaks, 'sevenoaks-dc', person);
    expect((await grantsOf(app.id)).map((g) => g.revokedAt ?? null)).toEqual([null, null, null]);
    await ok(`mutation($id: ID!) { markNotPursued(applicationId: $id, reason: WITHDRAWN_BY_APPLICANT) { status } }`, { id: app.id }, sevenoaks);
    const grants = await grantsOf(app.id);
    expect(grants).toHaveLength(3);
    expect(grants.every((g) => g.revokedAt && g.revokedReason === 'application not pursued')).toBe(true);
  });

  it('ends the application’s grants when it closes', async () => {
    const person = await register(sevenoaks);
    await recordConsent(sevenoaks, person, ['sevenoaks-dc']);
    const app = await submitted(sevenoaks, 'sevenoaks-dc', person);
    await ok(`mutation($id: ID!) { acknowledgeApplication(applicationId: $id) { status } }`, { id: app.id }, sevenoaks);
    expect((await ok(`mutation($id: ID!) { evaluateThreshold(applicationId: $id) { met } }`, { id: app.id }, sevenoaks)).evaluateThreshold.met).toBe(false);
    await ok(`mutation($id: ID!) { decideApplication(applicationId: $id, decision: THRESHOLD_NOT_MET) { status } }`, { id: app.id }, sevenoaks);
    expect((await grantsOf(app.id)).every((g) => !g.revokedAt)).toBe(true);
    expect((await ok(`mutation($id: ID!) { closeApplication(applicationId: $id) { status } }`, { id: app.id }, sevenoaks)).closeApplication.status).toBe('CLOSED');
    const grants = await grantsOf(app.id);
    expect(grants).toHaveLength(3);
    expect(grants.every((g) => g.revokedAt && g.revokedReason === 'application closed')).toBe(true);
  });

  it('keeps the withdrawal and service-only fields out of reach of users', async () => {
    const viaGateway = await t.query<any>(`mutation { _consentWithdrawn(consentId: "${randomUUID()}", withdrawnAt: "2026-01-01T00:00:00Z") }`, {}, { token: sevenoaks });
    expect(viaGateway.errors![0].message).toMatch(/Cannot query field "_consentWithdrawn"/);
    const direct = await t.query<any>(`mutation { _consentWithdrawn(consentId: "${randomUUID()}", withdrawnAt: "2026-01-01T00:00:00Z") }`, {}, { token: sevenoaks, url: t.hub.subgraphs.triggers.url });
    expect(direct.errors![0].extensions!.code).toBe('FORBIDDEN');
    const q = `query($p: ID!) { _activeConsent(personId: $p, authorityAgencyId: "sevenoaks-dc", purpose: CASE_REVIEW) { id } }`;
    const directConsent = await t.query<any>(q, { p: DEMO.people.alice }, { token: sevenoaks, url: t.hub.subgraphs.consent.url });
    expect(directConsent.errors![0].extensions!.code).toBe('FORBIDDEN');
    const grants = await t.query<any>(`mutation { _issueApplicationGrants(applicationId: "${randomUUID()}", consentId: "${randomUUID()}", authorityAgencyId: "sevenoaks-dc", issuedBy: "x") }`, {}, { token: sevenoaks, url: t.hub.subgraphs.consent.url });
    expect(grants.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});
