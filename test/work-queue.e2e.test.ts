import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../seeds/demo-data';
import { startTestHub, tokenFor, type TestHub } from './support/hub';

/** `triggerApplications`: the SPOC's work queue through the gateway, with the demo data. */
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ seed: true });
});
afterAll(async () => {
  await t?.stop();
});

const QUEUE = `query($authority: ID, $includeClosed: Boolean) { triggerApplications(authority: $authority, includeClosed: $includeClosed) {
  id reference status authority { id } deadlines { kind dueOn metAt overdue } } }`;

describe('the work queue', () => {
  it("lists the SPOC's own authority's open applications, each with its time limits", async () => {
    const res = await t.query(QUEUE, {}, { token: await tokenFor('sevenoaks-dc', 'spoc') });
    expect(res.errors).toBeUndefined();
    const apps = res.data!.triggerApplications as Array<{ id: string; authority: { id: string }; deadlines: unknown[] }>;
    expect(apps.map((a) => a.id).sort()).toEqual([DEMO.applications.aliceSevenoaks, DEMO.applications.bobSevenoaks].sort());
    expect(apps.every((a) => a.authority.id === 'sevenoaks-dc' && a.deadlines.length > 0)).toBe(true);
  });

  it('puts a new application with an unmet acknowledgement before applications whose time limits are met', async () => {
    const token = await tokenFor('sevenoaks-dc', 'spoc');
    // A person of the authority's own, with the consent record an application needs to proceed.
    const person = await t.query(`mutation { registerPerson(input: { givenName: "Queue", familyName: "Applicant" }) { id } }`, {}, { token });
    const personId = person.data!.registerPerson.id as string;
    const consent = await t.query(`mutation($input: ConsentInput!) { recordConsent(input: $input) { id } }`, {
      input: { personId, purposes: ['CASE_REVIEW'], categories: ['IDENTITY', 'CONTACT', 'INCIDENT_DETAIL'], captureMethod: 'PHONE', noticeVersion: 'test-1', recipientAgencyIds: ['sevenoaks-dc'] },
    }, { token });
    expect(consent.errors).toBeUndefined();
    const submitted = await t.query(
      `mutation($input: TriggerApplicationInput!) { submitTriggerApplication(input: $input) { id } }`,
      { input: { authorityId: 'sevenoaks-dc', channel: 'PHONE', applicantType: 'VICTIM', applicantPersonId: personId, consentToShare: true, summary: 'Noise at night' } },
      { token },
    );
    expect(submitted.errors).toBeUndefined();
    const res = await t.query(QUEUE, {}, { token });
    const apps = res.data!.triggerApplications as Array<{ id: string }>;
    expect(apps[0].id).toBe(submitted.data!.submitTriggerApplication.id);
  });

  it("refuses another authority's queue to a SPOC, and the queue to a reviewer", async () => {
    const other = await t.query(QUEUE, { authority: 'east-herts-dc' }, { token: await tokenFor('sevenoaks-dc', 'spoc') });
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const reviewer = await t.query(QUEUE, {}, { token: await tokenFor('kent-police', 'reviewer') });
    expect(reviewer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it("lets a DPO read an authority's queue, and East Herts' SPOC sees none of Sevenoaks'", async () => {
    const dpo = await t.query(QUEUE, { authority: 'sevenoaks-dc' }, { token: await tokenFor('sevenoaks-dc', 'dpo') });
    expect(dpo.errors).toBeUndefined();
    expect((dpo.data!.triggerApplications as unknown[]).length).toBeGreaterThanOrEqual(2);
    const eastHerts = await t.query(QUEUE, {}, { token: await tokenFor('east-herts-dc', 'spoc') });
    expect((eastHerts.data!.triggerApplications as Array<{ authority: { id: string } }>).every((a) => a.authority.id === 'east-herts-dc')).toBe(true);
  });
});
