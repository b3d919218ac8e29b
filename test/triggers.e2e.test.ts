import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../seeds/demo-data';
import { disclosurePolicy, protectCount } from '../subgraphs/shared/disclosure';
import { IntelligenceRecord } from '../subgraphs/triggers/entities/Intelligence';
import { answers, postGraphQL, serviceToken, startTestHub, tokenFor, type TestHub } from './support/hub';

/** The Community Trigger through the gateway, with real tokens and the demo data. */
let t: TestHub;
let sevenoaks: string;
let eastHerts: string;
/** Bob's second application (it gets a CT2 letter below). */
let bobSecond: string;
const year = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric' }).format(new Date());

beforeAll(async () => {
  t = await startTestHub({ seed: true });
  sevenoaks = await tokenFor('sevenoaks-dc', 'spoc');
  eastHerts = await tokenFor('east-herts-dc', 'spoc');
});
afterAll(async () => {
  await t?.stop();
});

const APP = `id reference status channel applicantType decision decisionReason discretionGrounds repeatCount meetingOn secondStage
  deadlines { kind dueOn overdue } overdue
  letters { kind subject sentAt text html }`;

const ok = answers(() => t);

const SUBMIT = `mutation($input: TriggerApplicationInput!) { submitTriggerApplication(input: $input) { ${APP} } }`;

/**
 * A person the authority's SPOC registered, with a consent in force for CASE_REVIEW naming the
 * authority: an application about them proceeds (without one it is not pursued).
 */
async function consentedPerson(token: string, authorityId: string): Promise<string> {
  const person = (await ok(`mutation($input: PersonInput!) { registerPerson(input: $input) { id } }`, { input: { givenName: 'Applicant', familyName: `T-${randomUUID()}` } }, token)).registerPerson;
  await ok(
    `mutation($input: ConsentInput!) { recordConsent(input: $input) { id } }`,
    { input: { personId: person.id, purposes: ['CASE_REVIEW'], recipientAgencyIds: [authorityId], categories: ['IDENTITY', 'CONTACT', 'INCIDENT_DETAIL'], captureMethod: 'PHONE', noticeVersion: 'CT-privacy-2026-01' } },
    token,
  );
  return person.id;
}
const EVALUATE = `mutation($id: ID!) { evaluateThreshold(applicationId: $id) {
  id met counted reporters metBy policyVersion policyName windowStart
  policy { id version name authority { id } parameters { minIncidents windowMonths maxReportDelayDays multipleReporterRoute { minReporters } } }
  incidents { incident { id } route verdict duplicateOf { id } reason agency { id } sourceRef ownIncident }
} }`;
const DECIDE = `mutation($id: ID!, $decision: TriggerDecision!, $reason: String, $discretion: [DiscretionGround!]) {
  decideApplication(applicationId: $id, decision: $decision, reason: $reason, discretion: $discretion) { ${APP} } }`;

describe('submit → acknowledge → evaluate → decide → letters (East Herts, threshold met)', () => {
  let id: string;

  it('records a phone application with a sequential reference and a 2-working-day acknowledgement deadline', async () => {
    const data = await ok(SUBMIT, {
      input: { authorityId: 'east-herts-dc', channel: 'PHONE', applicantType: 'VICTIM', applicantPersonId: DEMO.people.carol, consentToShare: true, consentId: 'c0115e00-0000-4000-8000-000000000003' },
    }, eastHerts);
    const app = data.submitTriggerApplication;
    id = app.id;
    expect(app.reference).toBe(`EHDC-CT-${year}-0001`);
    expect(app.status).toBe('RECEIVED');
    expect(app.deadlines).toHaveLength(1);
    expect(app.deadlines[0]).toMatchObject({ kind: 'ACKNOWLEDGEMENT', overdue: false });
    expect(app.letters).toEqual([]);
  });

  it('acknowledges with CT1 naming the meeting date', async () => {
    const data = await ok(`mutation($id: ID!) { acknowledgeApplication(applicationId: $id, meetingOn: "2030-01-15") { ${APP} } }`, { id }, eastHerts);
    const app = data.acknowledgeApplication;
    expect(app.status).toBe('ACKNOWLEDGED');
    expect(app.meetingOn).toBe('2030-01-15');
    expect(app.letters.map((l: any) => l.kind)).toEqual(['CT1']);
    expect(app.letters[0].text).toContain('2030-01-15');
    expect(app.letters[0].text).toContain('East Hertfordshire District Council'); // the agency's name, from the consent subgraph
    expect(app.deadlines.map((d: any) => d.kind)).toEqual(['ACKNOWLEDGEMENT', 'PROCESS', 'OUTCOME']);
  });

  it('refuses a second acknowledgement as CONFLICT', async () => {
    const res = await t.query<any>(`mutation($id: ID!) { acknowledgeApplication(applicationId: $id) { id } }`, { id }, { token: eastHerts });
    expect(res.errors![0].extensions).toMatchObject({ code: 'CONFLICT', status: 'ACKNOWLEDGED' });
  });

  it('evaluates with the East Herts policy (version 1), explaining each incident', async () => {
    const e = (await ok(EVALUATE, { id }, eastHerts)).evaluateThreshold;
    expect(e).toMatchObject({ met: true, counted: 3, metBy: 'PERSON', policyVersion: 1 });
    expect(e.policy.authority).toEqual({ id: 'east-herts-dc' });
    expect(e.policy.parameters.multipleReporterRoute).toEqual({ minReporters: 3 });
    const own = e.incidents.filter((i: any) => i.route === 'PERSON');
    expect(own.map((i: any) => i.sourceRef).sort()).toEqual(['HC-2026-88120', 'HC-2026-90233', 'HHP-7711']);
    expect(own.every((i: any) => i.verdict === 'COUNTED' && i.ownIncident)).toBe(true);
  });

  it('decides the threshold met, runs the review and closes with CT4 and CT5', async () => {
    expect((await ok(DECIDE, { id, decision: 'THRESHOLD_MET' }, eastHerts)).decideApplication.status).toBe('DECIDED');
    const began = (await ok(`mutation($id: ID!) { beginReview(applicationId: $id) { status secondStage } }`, { id }, eastHerts)).beginReview;
    expect(began).toEqual({ status: 'IN_REVIEW', secondStage: false });
    const outcome = (
      await ok(
        `mutation($id: ID!) { recordOutcome(applicationId: $id, actions: ["Noise monitoring for four weeks", "Joint visit by police and housing"], leadOfficer: "ASB Officer, East Herts DC") { ${APP} } }`,
        { id },
        eastHerts,
      )
    ).recordOutcome;
    expect(outcome.status).toBe('OUTCOME_SENT');
    const ct4 = outcome.letters.find((l: any) => l.kind === 'CT4');
    expect(ct4.text).toContain('1. Noise monitoring for four weeks');
    expect(ct4.text).toContain('ASB Officer, East Herts DC');
    await ok(`mutation($id: ID!) { startActionPlan(applicationId: $id) { status } }`, { id }, eastHerts);
    const plan = (await ok(`query($id: ID!) { triggerApplication(id: $id) { deadlines { kind } } }`, { id }, eastHerts)).triggerApplication;
    expect(plan.deadlines.map((d: any) => d.kind)).toContain('FINAL_REVIEW');
    await ok(`mutation($id: ID!) { startFinalReview(applicationId: $id) { status } }`, { id }, eastHerts);
    const closed = (await ok(`mutation($id: ID!) { closeApplication(applicationId: $id) { ${APP} } }`, { id }, eastHerts)).closeApplication;
    expect(closed.status).toBe('CLOSED');
    expect(closed.letters.map((l: any) => l.kind)).toEqual(['CT1', 'CT4', 'CT5']);
    expect(closed.overdue).toEqual([]);
  });
});

describe('threshold not met, discretion, a policy change between evaluations (Sevenoaks, Kent policy)', () => {
  let id: string;

  it('continues the authority’s references after the seeded ones once the earlier application is closed', async () => {
    await ok(`mutation($id: ID!) { closeApplication(applicationId: $id) { status } }`, { id: DEMO.applications.bobSevenoaks }, sevenoaks);
    const app = (await ok(SUBMIT, { input: { authorityId: 'sevenoaks-dc', channel: 'WRITING', applicantType: 'VICTIM', applicantPersonId: DEMO.people.bob, consentToShare: true } }, sevenoaks))
      .submitTriggerApplication;
    id = bobSecond = app.id;
    expect(app.reference).toMatch(new RegExp(`^SDC-CT-${year}-\\d{4}$`));
    if (year === '2026') expect(app.reference).toBe('SDC-CT-2026-0003');
    await ok(`mutation($id: ID!) { acknowledgeApplication(applicationId: $id) { status } }`, { id }, sevenoaks);
  });

  it('evaluates not met (2 incidents) and will not decide met without the SPOC’s reasons', async () => {
    const e = (await ok(EVALUATE, { id }, sevenoaks)).evaluateThreshold;
    expect(e).toMatchObject({ met: false, counted: 2, policyVersion: 1 });
    const refused = await t.query<any>(DECIDE, { id, decision: 'THRESHOLD_MET' }, { token: sevenoaks });
    expect(refused.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
  });

  it('a new policy version changes the next evaluation and leaves the first as it was', async () => {
    const published = await ok(
      `mutation($input: ThresholdPolicyInput!) { publishThresholdPolicy(input: $input) { version authority { id } } }`,
      {
        input: {
          authorityId: 'sevenoaks-dc', name: 'Kent (trial): 2 incidents', minIncidents: 2, windowMonths: 6, maxReportDelayDays: 31,
          // no deduplicateWithinHours: the threshold counts the incidents subgraph's same-incident clusters, not a fold of its own
          similarity: { category: true, place: false }, discretionNote: 'As before',
        },
      },
      sevenoaks,
    );
    expect(published.publishThresholdPolicy).toEqual({ version: 2, authority: { id: 'sevenoaks-dc' } });
    const second = (await ok(EVALUATE, { id }, sevenoaks)).evaluateThreshold;
    expect(second).toMatchObject({ met: true, counted: 2, policyVersion: 2 });
    const all = (await ok(`query($id: ID!) { triggerApplication(id: $id) { evaluations { met policyVersion } latestEvaluation { policyVersion } } }`, { id }, sevenoaks)).triggerApplication;
    expect(all.evaluations).toEqual([{ met: true, policyVersion: 2 }, { met: false, policyVersion: 1 }]);
    expect(all.latestEvaluation).toEqual({ policyVersion: 2 });
  });

  it('deciding not met against a met evaluation needs a reason; CT2 lists every incident and the actions taken', async () => {
    const refused = await t.query<any>(DECIDE, { id, decision: 'THRESHOLD_NOT_MET' }, { token: sevenoaks });
    expect(refused.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const app = (await ok(DECIDE, { id, decision: 'THRESHOLD_NOT_MET', reason: 'The trial policy is not yet adopted by the partnership; decided on the adopted Kent threshold.' }, sevenoaks))
      .decideApplication;
    expect(app.decision).toBe('THRESHOLD_NOT_MET');
    const ct2 = app.letters.find((l: any) => l.kind === 'CT2');
    for (const body of [ct2.text, ct2.html]) {
      expect(body).toContain('KP-ASB-2026-12002');
      expect(body).toContain('KP-ASB-2026-12650');
      expect(body).toContain('Patrol visited; no vehicles found');
      expect(body).toContain('second-stage review');
    }
    expect(ct2.text).toContain('reported to Kent Police (KP-ASB-2026-12002)'); // agency names from the consent subgraph
    expect(ct2.html).toContain('<td>Kent Police</td>');
    expect(app.deadlines.find((d: any) => d.kind === 'PROCESS').overdue).toBe(false);
  });

  it('appeals to a second-stage review', async () => {
    const appealed = (await ok(`mutation($id: ID!) { appealApplication(applicationId: $id, reason: "Incidents continue nightly") { status } }`, { id }, sevenoaks)).appealApplication;
    expect(appealed.status).toBe('APPEALED');
    const review = (await ok(`mutation($id: ID!) { beginReview(applicationId: $id, meetingOn: "2030-02-01") { status secondStage } }`, { id }, sevenoaks)).beginReview;
    expect(review).toEqual({ status: 'IN_REVIEW', secondStage: true });
  });
});

describe('intake rules', () => {
  it('refuses an anonymous application, naming the field, and keeps its details as intelligence', async () => {
    const before = await t.hub.subgraphs.triggers.db.orm.em.fork().count(IntelligenceRecord, {});
    const res = await t.query<any>(SUBMIT, { input: { authorityId: 'sevenoaks-dc', channel: 'PHONE', applicantType: 'VICTIM', consentToShare: false, summary: 'Drug dealing from a car park' } }, { token: sevenoaks });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.applicantPersonId', reason: 'ANONYMOUS' });
    expect(res.errors![0].message).not.toContain('car park');
    expect(await t.hub.subgraphs.triggers.db.orm.em.fork().count(IntelligenceRecord, {})).toBe(before + 1);
  });

  it('records an application without consent to share as NOT_PURSUED', async () => {
    const app = (await ok(SUBMIT, { input: { authorityId: 'sevenoaks-dc', channel: 'PHONE', applicantType: 'VICTIM', applicantPersonId: randomUUID(), consentToShare: false } }, sevenoaks))
      .submitTriggerApplication;
    expect(app.status).toBe('NOT_PURSUED');
    expect(app.reference).toMatch(/^SDC-CT-/);
  });

  it('acknowledges an online application at once with CT1', async () => {
    const app = (
      await ok(SUBMIT, { input: { authorityId: 'sevenoaks-dc', channel: 'ONLINE', applicantType: 'VICTIM', applicantPersonId: await consentedPerson(sevenoaks, 'sevenoaks-dc'), consentToShare: true, meetingOn: '2030-03-03' } }, sevenoaks)
    ).submitTriggerApplication;
    expect(app.status).toBe('ACKNOWLEDGED');
    expect(app.letters.map((l: any) => l.kind)).toEqual(['CT1']);
    expect(app.letters[0].html).toContain('2030-03-03');
  });

  it('flags a repeat by the same person while their application is open, instead of duplicating it', async () => {
    const app = (await ok(SUBMIT, { input: { authorityId: 'sevenoaks-dc', channel: 'PHONE', applicantType: 'VICTIM', applicantPersonId: DEMO.people.alice, consentToShare: true } }, sevenoaks))
      .submitTriggerApplication;
    expect(app.id).toBe(DEMO.applications.aliceSevenoaks);
    expect(app.repeatCount).toBe(1);
  });

  it('flags concurrent applications by the same person as repeats of one application', async () => {
    const person = await consentedPerson(sevenoaks, 'sevenoaks-dc');
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        ok(SUBMIT, { input: { authorityId: 'sevenoaks-dc', channel: 'PHONE', applicantType: 'VICTIM', applicantPersonId: person, consentToShare: true } }, sevenoaks),
      ),
    );
    const ids = new Set(results.map((r) => r.submitTriggerApplication.id));
    expect(ids.size).toBe(1);
    const app = (await ok(`query($id: ID!) { triggerApplication(id: $id) { repeatCount } }`, { id: [...ids][0] }, sevenoaks)).triggerApplication;
    expect(app.repeatCount).toBe(4);
  });

  it('takes a representative or an agency applying for the victim; the victim must be named', async () => {
    const rep = (
      await ok(SUBMIT, { input: { authorityId: 'sevenoaks-dc', channel: 'WRITING', applicantType: 'REPRESENTATIVE', applicantPersonId: randomUUID(), victimPersonId: await consentedPerson(sevenoaks, 'sevenoaks-dc'), consentToShare: true } }, sevenoaks)
    ).submitTriggerApplication;
    expect(rep.applicantType).toBe('REPRESENTATIVE');
    const agency = await t.query<any>(SUBMIT, { input: { authorityId: 'sevenoaks-dc', channel: 'WRITING', applicantType: 'AGENCY', applicantAgencyId: 'west-kent-housing', consentToShare: true } }, { token: sevenoaks });
    expect(agency.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.victimPersonId' });
  });

  it('issues distinct, sequential references to concurrent submissions', async () => {
    const people = await Promise.all(Array.from({ length: 6 }, () => consentedPerson(sevenoaks, 'sevenoaks-dc')));
    const results = await Promise.all(
      people.map((person) =>
        ok(SUBMIT, { input: { authorityId: 'sevenoaks-dc', channel: 'PHONE', applicantType: 'VICTIM', applicantPersonId: person, consentToShare: true } }, sevenoaks),
      ),
    );
    const numbers = results.map((r) => Number(r.submitTriggerApplication.reference.split('-').pop())).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(6);
    expect(numbers[5] - numbers[0]).toBe(5);
  });

  it('lets a SPOC act only for its own authority', async () => {
    const res = await t.query<any>(`mutation($id: ID!) { evaluateThreshold(applicationId: $id) { id } }`, { id: DEMO.applications.aliceSevenoaks }, { token: eastHerts });
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    const submit = await t.query<any>(SUBMIT, { input: { authorityId: 'sevenoaks-dc', channel: 'PHONE', applicantType: 'VICTIM', applicantPersonId: randomUUID(), consentToShare: true } }, { token: eastHerts });
    expect(submit.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});

describe('lifecycle through the gateway', () => {
  it('refuses every step that does not follow from RECEIVED as CONFLICT, changing nothing', async () => {
    const person = await consentedPerson(sevenoaks, 'sevenoaks-dc');
    const app = (await ok(SUBMIT, { input: { authorityId: 'sevenoaks-dc', channel: 'PHONE', applicantType: 'VICTIM', applicantPersonId: person, consentToShare: true } }, sevenoaks))
      .submitTriggerApplication;
    const steps = [
      `decideApplication(applicationId: $id, decision: THRESHOLD_NOT_MET, reason: "Only one incident was reported in the period")`,
      'beginReview(applicationId: $id)',
      'recordOutcome(applicationId: $id, actions: [])',
      'startActionPlan(applicationId: $id)',
      'startFinalReview(applicationId: $id)',
      'closeApplication(applicationId: $id)',
      'appealApplication(applicationId: $id, reason: "Not satisfied")',
    ];
    for (const step of steps) {
      const res = await t.query<any>(`mutation($id: ID!) { ${step} { status } }`, { id: app.id }, { token: sevenoaks });
      expect(res.errors?.[0].extensions, step).toMatchObject({ code: 'CONFLICT', status: 'RECEIVED' });
    }
    const after = (await ok(`query($id: ID!) { triggerApplication(id: $id) { status letters { kind } } }`, { id: app.id }, sevenoaks)).triggerApplication;
    expect(after).toEqual({ status: 'RECEIVED', letters: [] });
    const notPursued = (await ok(`mutation($id: ID!) { markNotPursued(applicationId: $id, reason: CONSENT_WITHDRAWN) { status } }`, { id: app.id }, sevenoaks)).markNotPursued;
    expect(notPursued.status).toBe('NOT_PURSUED');
    const again = await t.query<any>(`mutation($id: ID!) { acknowledgeApplication(applicationId: $id) { status } }`, { id: app.id }, { token: sevenoaks });
    expect(again.errors![0].extensions).toMatchObject({ code: 'CONFLICT', status: 'NOT_PURSUED' });
  });
});

describe('letters as the applicant reads them (through the gateway)', () => {
  const LETTERS = `query($id: ID!) { triggerApplication(id: $id) { letters { kind subject text html pdf addressee } } }`;
  const ids = /\b(sevenoaks-dc|kent-police|kent-wardens|west-kent-housing|east-herts-dc|herts-police|herts-housing|amber-valley-bc)\b/;

  it('Bob’s letters from Sevenoaks: addressed to him as the SPOC sees him, Kent’s appeal route and contacts, kept as HTML, text and PDF', async () => {
    const { pdfText } = await import('../subgraphs/triggers/letters/pdf-text');
    const letters = (await ok(LETTERS, { id: bobSecond }, sevenoaks)).triggerApplication.letters;
    expect(letters.map((l: any) => l.kind)).toEqual(['CT1', 'CT2', 'REVIEW_ACTIVATED']);
    for (const l of letters) {
      expect(l.addressee).toBe('Bob Hughes\n3 Mill Road\nSevenoaks\nTN13 2BB');
      for (const body of [l.text, l.html]) {
        expect(body).toContain('ASB Case Review (Community Trigger)');
        expect(body).toContain('Dear Bob Hughes,');
        expect(body).not.toMatch(ids);
        expect(body).not.toMatch(/within \d+ days/);
      }
      const printed = pdfText(Buffer.from(l.pdf, 'base64')).replace(/\s+/g, ' ');
      expect(printed).toContain('Dear Bob Hughes,');
      expect(printed).toContain(l.text.match(/Reference: (\S+)/)[1]);
    }
    const ct2 = letters[1];
    expect(ct2.text).toMatch(/HOW TO REPORT FUTURE INCIDENTS\n- In an emergency, or if a crime is happening now: Kent Police, phone 999\./);
    expect(ct2.text).toContain('second-stage review');
    const activated = letters[2];
    expect(activated.subject).toContain('the second-stage review has been activated');
    expect(activated.text).toContain('The review meeting is planned for 2030-02-01.');
  });

  it('Carol’s letters from East Herts: the appeal goes in writing to the Chair of the CSP Board; CT5 after a final review says so; no activation letter', async () => {
    const apps = (await ok(`query($id: ID!) { person(id: $id) { triggerApplications { id letters { kind text addressee } } } }`, { id: DEMO.people.carol }, eastHerts)).person.triggerApplications;
    const closed = apps.find((a: any) => a.letters.some((l: any) => l.kind === 'CT5'));
    expect(closed.letters.map((l: any) => l.kind)).toEqual(['CT1', 'CT4', 'CT5']);
    const [, ct4, ct5] = closed.letters;
    expect(ct4.addressee).toBe('Carol Patel\n27 Fore Street\nHertford\nSG14 1AB');
    expect(ct4.text).toContain('appeal in writing to the Chair of the Community Safety Partnership (CSP) Board');
    expect(ct4.text).not.toContain('second-stage review');
    expect(ct4.text).toContain('Hertfordshire Constabulary, phone 101');
    expect(ct5.text).toContain('The final review of the action plan has taken place');
    for (const l of closed.letters) expect(l.text).not.toMatch(ids);
  });

  it('a SPOC who may not see the applicant’s details sends a letter greeting no one by name', async () => {
    // Registered by Kent Police, whose consent record covers incident detail only for Sevenoaks: no name or address to print.
    const kentPolice = await tokenFor('kent-police', 'spoc');
    const person = (await ok(`mutation($input: PersonInput!) { registerPerson(input: $input) { id } }`, { input: { givenName: 'Hidden', familyName: `P-${randomUUID()}`, address: '1 Secret Row' } }, kentPolice)).registerPerson;
    await ok(
      `mutation($input: ConsentInput!) { recordConsent(input: $input) { id } }`,
      { input: { personId: person.id, purposes: ['CASE_REVIEW'], recipientAgencyIds: ['sevenoaks-dc'], categories: ['INCIDENT_DETAIL'], captureMethod: 'PHONE', noticeVersion: 'CT-privacy-2026-01' } },
      kentPolice,
    );
    const app = (await ok(SUBMIT, { input: { authorityId: 'sevenoaks-dc', channel: 'ONLINE', applicantType: 'VICTIM', applicantPersonId: person.id, consentToShare: true } }, sevenoaks)).submitTriggerApplication;
    const [ct1] = (await ok(LETTERS, { id: app.id }, sevenoaks)).triggerApplication.letters;
    expect(ct1.kind).toBe('CT1');
    expect(ct1.addressee).toBeNull();
    expect(ct1.text).toContain('Dear Sir or Madam,');
    expect(ct1.text).not.toContain('Hidden');
    expect(ct1.text).not.toContain('Secret Row');
  });
});

describe('guards and statistics', () => {
  it('withholds letter bodies (incident detail) from an agency without a grant, and still returns the rest', async () => {
    const token = await tokenFor('derbyshire-police', 'reviewer');
    const q = `query($id: ID!) { triggerApplication(id: $id) { reference letters { kind subject text html } } }`;
    const res = await t.query<any>(q, { id: bobSecond }, { token });
    const letters = res.data!.triggerApplication.letters;
    // Kent writes when the (second-stage) review is activated (Kent App. A (c)): a third letter.
    expect(letters.map((l: any) => l.kind)).toEqual(['CT1', 'CT2', 'REVIEW_ACTIVATED']);
    for (const l of letters) expect(l).toMatchObject({ text: null, html: null });
    expect(letters[1].subject).toContain('threshold not met');
    expect(res.errors).toHaveLength(6);
    expect(res.errors!.every((e) => e.extensions!.code === 'FORBIDDEN' && e.extensions!.category === 'INCIDENT_DETAIL')).toBe(true);
    // the authority's own SPOC is the controller and reads the letter
    const own = await ok(q, { id: bobSecond }, sevenoaks);
    expect(own.triggerApplication.letters[1].text).toContain('KP-ASB-2026-12002');
  });

  it('gives analysts the four statutory figures, and nothing about an application', async () => {
    const analyst = await tokenFor('sevenoaks-dc', 'analyst');
    const today = new Date().toISOString().slice(0, 10);
    const stats = (
      await ok(`query { triggerStatistics(authority: "sevenoaks-dc", from: "2020-01-01", to: "${today}") { authority { id } applicationsReceived thresholdNotMet reviewsCarriedOut reviewsWithRecommendations } }`, {}, analyst)
    ).triggerStatistics;
    expect(stats.authority).toEqual({ id: 'sevenoaks-dc' });
    // Under disclosure control: the cell key method's answer for these applications, never below 5.
    const [truth] = await t.hub.subgraphs.triggers.db.orm.em.fork().getConnection().execute(
      `select count(*)::int as n, coalesce(sum("record_key"), 0)::int as k from "triggers"."trigger_application"
        where "authority_agency_id" = 'sevenoaks-dc' and "received_at" >= '2019-12-31T00:00:00Z' and "received_at" < now() + interval '32 days'`);
    expect(stats.applicationsReceived).toBe(protectCount({ count: truth.n, key: truth.k }, disclosurePolicy()).count);
    expect(stats.applicationsReceived).toBeGreaterThanOrEqual(5);
    expect(stats.applicationsReceived).toBeGreaterThanOrEqual(truth.n - 5);
    expect(stats.applicationsReceived).toBeLessThanOrEqual(truth.n + 5);
    const herts = (await ok(`query { triggerStatistics(authority: "east-herts-dc", from: "2020-01-01", to: "${today}") { applicationsReceived reviewsCarriedOut reviewsWithRecommendations suppressedFigures disclosureControlled } }`, {}, analyst))
      .triggerStatistics;
    expect(herts).toEqual({
      applicationsReceived: null, reviewsCarriedOut: null, reviewsWithRecommendations: null, disclosureControlled: true,
      suppressedFigures: ['applicationsReceived', 'reviewsCarriedOut', 'reviewsWithRecommendations'],
    });
    const denied = await t.query<any>(`query($id: ID!) { triggerApplication(id: $id) { id } }`, { id: DEMO.applications.bobSevenoaks }, { token: analyst });
    expect(denied.errors![0].extensions!.code).toBe('FORBIDDEN');
    // a SPOC sees its own authority's figures only ...
    // ... exactly: they handle every one of those applications
    const own = (await ok(`query { triggerStatistics(from: "2020-01-01", to: "${today}") { authority { id } applicationsReceived reviewsCarriedOut disclosureControlled } }`, {}, eastHerts)).triggerStatistics;
    expect(own).toEqual({ authority: { id: 'east-herts-dc' }, applicationsReceived: 1, reviewsCarriedOut: 1, disclosureControlled: false });
    const other = await t.query<any>(`query { triggerStatistics(authority: "sevenoaks-dc", from: "2020-01-01", to: "${today}") { applicationsReceived } }`, {}, { token: eastHerts });
    expect(other.errors![0].extensions!.code).toBe('FORBIDDEN');
    const reviewer = await t.query<any>(`query { triggerStatistics(from: "2020-01-01", to: "${today}") { applicationsReceived } }`, {}, { token: await tokenFor('kent-police', 'reviewer') });
    expect(reviewer.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('keeps the incidents service query out of the public API and open only to services', async () => {
    const q = `query($p: ID!) { thresholdIncidents(personId: $p, since: "2020-01-01T00:00:00Z", until: "2030-01-01T00:00:00Z") { id sourceRef } }`;
    const viaGateway = await t.query<any>(q, { p: DEMO.people.alice }, { token: sevenoaks });
    expect(viaGateway.errors![0].message).toMatch(/Cannot query field "thresholdIncidents"/);
    const asUser = await postGraphQL<any>(t.hub.subgraphs.incidents.url, q, { p: DEMO.people.alice }, sevenoaks);
    expect(asUser.errors![0].extensions!.code).toBe('FORBIDDEN');
    const asService = await postGraphQL<any>(t.hub.subgraphs.incidents.url, q, { p: DEMO.people.alice }, await serviceToken('triggers'));
    expect(asService.errors).toBeUndefined();
    expect(asService.data!.thresholdIncidents).toHaveLength(4);
  });
});
