import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicantType, ApplicationChannel, TriggerDecision } from '../subgraphs/shared/enums';
import { ApplicationStatus, TriggerApplication } from '../subgraphs/triggers/entities/TriggerApplication';
import { ensureConsoleBuilt, launchChromium } from '../scripts/lib/browser';
import { startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * The console's pages for the partnership's newer parts (README, "The console"), in headless
 * Chromium against the whole hub (demo data, the real PostgreSQL), signed in through the dev
 * sign-in: the SPOC's "Sent and failed" outbox, referrals between agencies. Each page is checked
 * with axe (no serious or critical violation); what the pages did is checked through the API.
 */
let t: TestHub;
let browser: Browser;
let base: string;
let spoc: string;
const shots = process.env.SCREENSHOTS === '1' ? path.join(__dirname, '..', 'docs', 'console') : fs.mkdtempSync(path.join(os.tmpdir(), 'console-shots-'));

beforeAll(async () => {
  ensureConsoleBuilt();
  [t, browser] = await Promise.all([startTestHub({ seed: true }), launchChromium()]);
  base = `http://127.0.0.1:${t.hub.gateway.port}`;
  spoc = await tokenFor('sevenoaks-dc', 'spoc');
  fs.mkdirSync(shots, { recursive: true });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function openPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  return context.newPage();
}

async function signIn(page: Page, agencyName: string, roleLabel: RegExp) {
  await page.goto(`${base}/`);
  await page.getByRole('heading', { name: 'Sign in as a demo user' }).waitFor();
  await page.getByLabel(agencyName, { exact: true }).check();
  await page.getByLabel(roleLabel).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function accessible(page: Page, name: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`),
    name,
  ).toEqual([]);
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

/** A phone application, acknowledged: its CT1 goes into the outbox (by e-mail when one is on record). */
async function acknowledgedApplication(givenName: string, email?: string): Promise<{ id: string; reference: string }> {
  const reg = await t.query(
    `mutation($input: PersonInput!) { registerPerson(input: $input) { id } }`,
    { input: { givenName, familyName: 'Outbox', dateOfBirth: '1961-05-06', ...(email ? { email } : {}) } },
    { token: spoc },
  );
  expect(reg.errors).toBeUndefined();
  const personId = reg.data!.registerPerson.id as string;
  const consent = await t.query(
    `mutation($p: ID!) { recordConsent(input: { personId: $p, purposes: [CASE_REVIEW], categories: [IDENTITY, CONTACT, INCIDENT_DETAIL], recipientAgencyIds: ["sevenoaks-dc"], captureMethod: PHONE, noticeVersion: "phone-1" }) { id } }`,
    { p: personId },
    { token: spoc },
  );
  expect(consent.errors).toBeUndefined();
  const sub = await t.query(
    `mutation($p: ID!, $c: ID!) { submitTriggerApplication(input: { authorityId: "sevenoaks-dc", channel: PHONE, applicantType: VICTIM, applicantPersonId: $p, consentToShare: true, consentId: $c, summary: "Noise" }) { id reference } }`,
    { p: personId, c: consent.data!.recordConsent.id },
    { token: spoc },
  );
  expect(sub.errors).toBeUndefined();
  const { id, reference } = sub.data!.submitTriggerApplication;
  const ack = await t.query(`mutation($a: ID!) { acknowledgeApplication(applicationId: $a) { status } }`, { a: id }, { token: spoc });
  expect(ack.errors).toBeUndefined();
  return { id, reference };
}

describe('the console: sent and failed', () => {
  it('a SPOC sees each letter with its status, attempts and last error, filters by status, and opens the application', async () => {
    const failed = await acknowledgedApplication('Nia');
    const queued = await acknowledgedApplication('Owen', 'owen.outbox@example.org');
    // What the API says (the worker does not run in tests: the e-mail stays queued).
    const api = await t.query(
      `query($f: OutboxFilter) { outbox(filter: $f) { id applicationId reference status attempts lastError } }`,
      { f: {} },
      { token: spoc },
    );
    expect(api.errors).toBeUndefined();
    const rows = api.data!.outbox as Array<{
      id: string;
      applicationId: string;
      reference: string;
      status: string;
      attempts: number;
      lastError: string | null;
    }>;
    const failedRow = rows.find((m) => m.applicationId === failed.id)!;
    const queuedRow = rows.find((m) => m.applicationId === queued.id)!;
    expect(failedRow).toMatchObject({ status: 'FAILED', attempts: 0 });
    expect(failedRow.lastError).toBeTruthy();
    expect(queuedRow).toMatchObject({ status: 'QUEUED', lastError: null });

    const page = await openPage();
    await signIn(page, 'Sevenoaks District Council', /SPOC/);
    await page.getByRole('link', { name: 'Sent and failed' }).click();
    await page.getByRole('heading', { name: 'Sent and failed' }).waitFor();
    const table = page.getByTestId('outbox');
    await table.waitFor();
    // Every message the API gives is a row, newest first, as the API orders them.
    const shown = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-testid')));
    expect(shown).toEqual(rows.map((m) => `outbox-${m.id}`));
    const f = page.getByTestId(`outbox-${failedRow.id}`);
    await expect(f.textContent()).resolves.toContain('Failed');
    await expect(f.textContent()).resolves.toContain(failedRow.lastError!);
    await expect(f.textContent()).resolves.toContain('No address on record');
    const q = page.getByTestId(`outbox-${queuedRow.id}`);
    await expect(q.textContent()).resolves.toContain('Queued');
    await expect(q.textContent()).resolves.toContain('owen.outbox@example.org');
    await accessible(page, 'spoc-outbox');

    // Only the failed ones: the address keeps the filter; the queued e-mail is gone.
    await page.getByLabel('Failed').check();
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await page.waitForURL(/\/outbox\?status=FAILED$/);
    await page.getByRole('table', { name: /Letters failed/ }).waitFor();
    await f.waitFor();
    await expect(page.getByTestId(`outbox-${queuedRow.id}`).count()).resolves.toBe(0);
    const onlyFailed = await t.query(`{ outbox(filter: { status: [FAILED] }) { id } }`, {}, { token: spoc });
    await expect(table.locator('tbody tr').count()).resolves.toBe(onlyFailed.data!.outbox.length);
    await accessible(page, 'spoc-outbox-failed');

    // The reference opens the application.
    await f.getByRole('link', { name: failed.reference }).click();
    await page.waitForURL(`${base}/applications/${failed.id}`);
    await page.getByRole('heading', { name: new RegExp(failed.reference) }).waitFor();
    await page.context().close();
  });
});

describe('the console: referrals', () => {
  it('another agency’s SPOC refers an application; both sides list it; the council’s SPOC opens the application', async () => {
    const police = await tokenFor('kent-police', 'spoc');
    const page = await openPage();
    await signIn(page, 'Kent Police', /SPOC/);
    await page.getByRole('link', { name: 'Referrals', exact: true }).click();
    await page.getByRole('heading', { name: 'Referrals', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Refer an application' }).click();
    await page.getByRole('heading', { name: 'Refer an application' }).waitFor();

    // Nothing chosen: the error summary names each missing answer and links to its field.
    await page.getByRole('button', { name: 'Refer the application' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    await expect.poll(() => page.title()).toMatch(/^Error: /); // the title says so first (GOV.UK pattern)
    for (const text of [
      'Select the council the application is for',
      'Select how your agency received the application',
      'Select who is applying',
      'Select whether the victim consents to share their details',
      'Describe the anti-social behaviour the application is about',
    ])
      await summary.getByRole('link', { name: text }).waitFor();
    await accessible(page, 'referral-errors');

    await page.getByLabel('Which council is the application for?').selectOption('sevenoaks-dc');
    await page.getByLabel('By phone').check();
    await page.getByLabel('The victim', { exact: true }).check();
    await page.getByLabel('First name').fill('Rhian');
    await page.getByLabel('Last name').fill('Referred');
    await page.getByLabel('Postcode (optional)').fill('TN13 2XY');
    await page.getByLabel('Yes, the victim consents').check();
    await page.getByLabel('Kent Community Wardens').check();
    await page.getByLabel('What the applicant describes').fill('Motorbikes on the footpath every evening');
    await page.getByLabel('A note to the council’s SPOC (optional)').fill('Three calls to 101 this month');
    await accessible(page, 'referral-form');
    await page.getByRole('button', { name: 'Refer the application' }).click();
    const banner = page.getByTestId('referred');
    await banner.waitFor();
    const bannerText = (await banner.textContent())!;
    expect(bannerText).toContain('Sevenoaks District Council');
    expect(bannerText).toContain('received');

    // The API: recorded on both sides, the application in the council's queue with the consent it rests on.
    const sent = await t.query(`{ triggerReferrals { id note receivedVia application { id reference status } authority { id } } }`, {}, { token: police });
    expect(sent.errors).toBeUndefined();
    const mine = sent.data!.triggerReferrals.find((r: any) => bannerText.includes(r.application.reference));
    expect(mine).toMatchObject({
      note: 'Three calls to 101 this month',
      receivedVia: 'PHONE',
      authority: { id: 'sevenoaks-dc' },
      application: { status: 'RECEIVED' },
    });
    const app = await t.query(
      `query($id: ID!) { triggerApplication(id: $id) { summary applicantType channel consentToShare applicant { givenName familyName } referrals { id referringAgency { id } } } }`,
      { id: mine.application.id },
      { token: spoc },
    );
    expect(app.errors).toBeUndefined();
    expect(app.data!.triggerApplication).toMatchObject({
      summary: 'Motorbikes on the footpath every evening',
      applicantType: 'VICTIM',
      consentToShare: true,
      applicant: { givenName: 'Rhian', familyName: 'Referred' },
      referrals: [{ id: mine.id, referringAgency: { id: 'kent-police' } }],
    });

    // The referring agency's list shows where it stands.
    await banner.getByRole('link', { name: 'See your referrals' }).click();
    const sentRow = page.getByTestId(`sent-${mine.id}`);
    await sentRow.waitFor();
    expect(await sentRow.textContent()).toContain(mine.application.reference);
    expect(await sentRow.textContent()).toContain('Sevenoaks District Council');
    await accessible(page, 'referrals-sent');
    await page.context().close();

    // The council's SPOC: received, with the note, and the reference opens the application.
    const council = await openPage();
    await signIn(council, 'Sevenoaks District Council', /SPOC/);
    await council.getByRole('link', { name: 'Referrals', exact: true }).click();
    const row = council.getByTestId(`received-${mine.id}`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Kent Police');
    expect(await row.textContent()).toContain('Three calls to 101 this month');
    await accessible(council, 'referrals-received');
    await row.getByRole('link', { name: mine.application.reference }).click();
    await council.waitForURL(`${base}/applications/${mine.application.id}`);
    await council.getByRole('heading', { name: new RegExp(mine.application.reference) }).waitFor();
    await council.context().close();
  });
});

describe('the console: the victim’s part', () => {
  it('the SPOC names the victim’s contact and records how the victim takes part, on the application page', async () => {
    const app = await acknowledgedApplication('Pia', 'pia.victim@example.org');
    const page = await openPage();
    await signIn(page, 'Sevenoaks District Council', /SPOC/);
    await page.getByTestId('work-queue').getByRole('link', { name: app.reference }).click();
    const part = page.getByTestId('victim-part');
    await part.waitFor();
    expect(await part.textContent()).toContain('Not recorded');

    // Nothing given: each problem in the error summary, linked to its field.
    await part.getByRole('button', { name: 'Save the contact' }).click();
    const summary = part.locator('.govuk-error-summary');
    for (const text of [
      'Enter the name of the victim’s contact',
      'Enter the contact’s role, for example Neighbourhood Officer',
      'Enter a work phone number or email address for the contact',
    ])
      await summary.getByRole('link', { name: text }).waitFor();
    await accessible(page, 'spoc-victim-errors');

    await part.getByLabel('Name', { exact: true }).fill('PC Amy Dale');
    await part.getByLabel('Role', { exact: true }).fill('Neighbourhood Officer');
    await part.getByLabel('Agency', { exact: true }).selectOption('kent-police');
    await part.getByLabel(/^Work phone/).fill('01732 000222');
    await part.getByRole('button', { name: 'Save the contact' }).click();
    await part.getByTestId('victim-saved').waitFor();
    await expect(part.getByTestId('victim-contact').textContent()).resolves.toBe('PC Amy Dale, Neighbourhood Officer, Kent Police, 01732 000222');

    await part.getByLabel('Send a written account to the panel instead of attending').check();
    await part.getByRole('button', { name: 'Save how they take part' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="victim-part"] dl')?.textContent?.includes('written account'));
    await accessible(page, 'spoc-victim-part');

    const res = await t.query(
      `query($id: ID!) { triggerApplication(id: $id) { victimInvolvement victimContact { name role agencyId phone email } } }`,
      { id: app.id },
      { token: spoc },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.triggerApplication).toEqual({
      victimInvolvement: 'WRITTEN_SUBMISSION',
      victimContact: { name: 'PC Amy Dale', role: 'Neighbourhood Officer', agencyId: 'kent-police', phone: '01732 000222', email: null },
    });
    await page.context().close();
  });
});

/** A decided application (threshold met) on a consent naming the panel's agencies. */
async function decidedApplication(reference: string, givenName: string): Promise<string> {
  const reg = await t.query(
    `mutation($input: PersonInput!) { registerPerson(input: $input) { id } }`,
    { input: { givenName, familyName: 'Panel', dateOfBirth: '1972-02-03' } },
    { token: spoc },
  );
  const personId = reg.data!.registerPerson.id as string;
  const consent = await t.query(
    `mutation($p: ID!) { recordConsent(input: { personId: $p, purposes: [CASE_REVIEW], categories: [IDENTITY, CONTACT, INCIDENT_DETAIL], recipientAgencyIds: ["sevenoaks-dc", "kent-police", "kent-wardens"], captureMethod: PHONE, noticeVersion: "phone-1" }) { id } }`,
    { p: personId },
    { token: spoc },
  );
  expect(consent.errors).toBeUndefined();
  const tem = t.hub.subgraphs.triggers.db.orm.em.fork();
  const day = (n: number) => new Date(Date.now() - n * 86_400_000);
  const app = tem.create(TriggerApplication, {
    reference,
    authorityAgencyId: 'sevenoaks-dc',
    applicantPersonId: personId,
    channel: ApplicationChannel.PHONE,
    applicantType: ApplicantType.VICTIM,
    consentId: consent.data!.recordConsent.id,
    recordedByAgencyId: 'sevenoaks-dc',
    consentToShare: true,
    status: ApplicationStatus.DECIDED,
    decision: TriggerDecision.THRESHOLD_MET,
    receivedAt: day(6),
    acknowledgedAt: day(6),
    decidedAt: day(2),
  });
  await tem.flush();
  return app.id;
}

describe('the console: a panel of people', () => {
  it('the SPOC convenes the review with members, one an independent chair; the review page lists them', async () => {
    const reference = 'SDC-CT-CONSOLE-PANEL';
    await decidedApplication(reference, 'Quinn');

    const page = await openPage();
    await signIn(page, 'Sevenoaks District Council', /SPOC/);
    await page.getByTestId('work-queue').getByRole('link', { name: reference }).click();
    const convene = page.getByTestId('convene');
    await convene.waitFor();
    await convene.getByRole('button', { name: 'Add a member' }).click();
    await convene.getByRole('button', { name: 'Convene the review' }).click();
    const summary = convene.locator('.govuk-error-summary');
    for (const text of [
      'Select at least three agencies for the panel, with the members’ agencies',
      'Enter the name of member 1',
      'Enter the role of member 1',
      'Select the member who chairs the review',
    ])
      await summary.getByRole('link', { name: text }).waitFor();
    await accessible(page, 'spoc-convene-members-errors');

    const people: Array<[string, string, string]> = [
      ['Dana Shaw', 'Community Safety Manager', 'sevenoaks-dc'],
      ['Inspector Lee Hart', 'Neighbourhood Inspector', 'kent-police'],
      ['Sam Ode', 'Warden Supervisor', 'kent-wardens'],
      ['Jo Bright', 'Independent chair', ''],
    ];
    for (const [i, [name, role, agency]] of people.entries()) {
      if (i > 0) await convene.getByRole('button', { name: 'Add a member' }).click();
      const m = convene.getByTestId(`member-${i}`);
      await m.getByLabel('Name', { exact: true }).fill(name);
      await m.getByLabel('Role', { exact: true }).fill(role);
      if (agency) await m.getByLabel('Agency they act for').selectOption(agency);
    }
    await convene.getByTestId('member-3').getByLabel('Previously involved with the case?').selectOption('yes');
    await convene.getByLabel('Jo Bright').check();
    await accessible(page, 'spoc-convene-members');
    await convene.getByRole('button', { name: 'Convene the review' }).click();
    await page.getByTestId('case-history').waitFor();
    const reviewId = page.url().split('/reviews/')[1];

    const table = page.getByTestId('panel-members');
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c as HTMLElement).innerText.trim())));
    expect(rows.map((r) => [r[0].replace(/\s+/g, ' '), r[1], r[2]])).toEqual([
      ['Dana Shaw', 'Community Safety Manager', 'Sevenoaks District Council'],
      ['Inspector Lee Hart', 'Neighbourhood Inspector', 'Kent Police'],
      ['Sam Ode', 'Warden Supervisor', 'Kent Community Wardens'],
      ['Jo Bright Chair', 'Independent chair', 'None'],
    ]);
    expect(await page.getByTestId('chair').innerText()).toMatch(/^Jo Bright, Independent chair\s+Independent of the case$/);
    await accessible(page, 'reviewer-panel-members');

    const res = await t.query(
      `query($id: ID!) { caseReview(id: $id) { panel { id } members { name role independent chair agency { id } } chairMember { name } independentChair } }`,
      { id: reviewId },
      { token: spoc },
    );
    expect(res.errors).toBeUndefined();
    const review = res.data!.caseReview;
    expect(review.panel.map((a: { id: string }) => a.id).sort()).toEqual(['kent-police', 'kent-wardens', 'sevenoaks-dc']);
    expect(review.members.map((m: any) => [m.name, m.role, m.agency?.id ?? null, m.chair])).toEqual(people.map(([n, r, a], i) => [n, r, a || null, i === 3]));
    expect(review.members[3].independent).toBe(true);
    expect(review).toMatchObject({ chairMember: { name: 'Jo Bright' }, independentChair: true });
    // The page's Yes/No is the hub's word on each member.
    expect(rows.map((r) => r[3])).toEqual(review.members.map((m: any) => (m.independent ? 'Yes' : 'No')));
    await page.context().close();
  });
});

describe('the console: an information request answered with Kent’s marks', () => {
  it('the asked agency’s reviewer answers, marking vexatious reports and work in progress; the panel sees the marks', async () => {
    const reference = 'SDC-CT-CONSOLE-MARKS';
    const applicationId = await decidedApplication(reference, 'Rosa');
    const opened = await t.query(
      `mutation($a: ID!) { openCaseReview(applicationId: $a, panelAgencyIds: ["sevenoaks-dc", "kent-police", "kent-wardens"], chairAgencyId: "sevenoaks-dc") { id } }`,
      { a: applicationId },
      { token: spoc },
    );
    expect(opened.errors).toBeUndefined();
    const reviewId = opened.data!.openCaseReview.id as string;
    const dueOn = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const asked = await t.query(
      `mutation($r: ID!, $d: Date!) { requestInformation(reviewId: $r, agencyId: "kent-police", request: "Every call to the address this year", dueOn: $d) { id } }`,
      { r: reviewId, d: dueOn },
      { token: spoc },
    );
    expect(asked.errors).toBeUndefined();

    const page = await openPage();
    await signIn(page, 'Kent Police', /^Case review panel member/);
    await page.getByRole('link', { name: reference }).click();
    const work = page.getByTestId('review-work');
    await work.waitFor();
    await work.getByLabel('Your agency’s answer').fill('Nine calls; two judged vexatious; one investigation open');
    await work.getByLabel('Reports your agency judged vexatious').check();
    await work.getByLabel('Work still in progress').check();
    await accessible(page, 'reviewer-answer-marks');
    await work.getByRole('button', { name: 'Send the answer' }).click();
    const marks = work.getByTestId('response-marks-0');
    await marks.waitFor();
    expect(await marks.innerText()).toMatch(/Includes reports judged vexatious\s+Includes work in progress/);

    const res = await t.query(
      `query($id: ID!) { caseReview(id: $id) { informationRequests { response includesVexatiousReports includesWorkInProgress } } }`,
      { id: reviewId },
      { token: spoc },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.caseReview.informationRequests).toEqual([
      { response: 'Nine calls; two judged vexatious; one investigation open', includesVexatiousReports: true, includesWorkInProgress: true },
    ]);
    await page.context().close();
  });
});

describe('the console: partner agencies (admin)', () => {
  it('an administrator registers an agency and changes it; the API has it as the page said', async () => {
    const page = await openPage();
    await signIn(page, 'Sevenoaks District Council', /^Administrator/);
    await page.getByRole('link', { name: 'Agencies' }).click();
    await page.getByRole('heading', { name: 'Partner agencies' }).waitFor();
    await page.getByTestId('agency-kent-police').waitFor();
    const form = page.getByTestId('agency-form');
    await form.getByRole('button', { name: 'Register the agency' }).click();
    const summary = page.locator('.govuk-error-summary');
    await expect.poll(() => page.title()).toMatch(/^Error: /); // the title says so first (GOV.UK pattern)
    for (const text of [
      'Enter the agency’s id',
      'Enter the agency’s name',
      'Select what kind of agency it is',
      'Enter the area the agency serves',
      'Select whether the agency is an authority',
    ])
      await summary.getByRole('link', { name: text }).waitFor();
    await form.getByLabel('Id', { exact: true }).fill('kent-police');
    await form.getByRole('button', { name: 'Register the agency' }).click();
    await summary.getByRole('link', { name: 'An agency with this id is already registered' }).waitFor();
    await accessible(page, 'admin-agencies-errors');

    await form.getByLabel('Id', { exact: true }).fill('medway-council');
    await form.getByLabel('Name', { exact: true }).fill('Medway Council');
    await form.getByLabel('Kind', { exact: true }).selectOption('COUNCIL');
    await form.getByLabel('Area', { exact: true }).fill('kent');
    await form.getByLabel('Yes', { exact: true }).check();
    await form.getByRole('button', { name: 'Register the agency' }).click();
    await page.getByTestId('agency-saved').waitFor();
    const row = page.getByTestId('agency-medway-council');
    await row.waitFor();
    expect((await row.innerText()).replace(/\s+/g, ' ')).toContain('Medway Council medway-council Council kent Authority');
    const admin = await tokenFor('sevenoaks-dc', 'admin');
    const Q = `{ agencies { id name kind area isAuthority } }`;
    let res = await t.query(Q, {}, { token: admin });
    expect(res.data!.agencies.find((a: { id: string }) => a.id === 'medway-council')).toEqual({
      id: 'medway-council',
      name: 'Medway Council',
      kind: 'COUNCIL',
      area: 'kent',
      isAuthority: true,
    });

    await row.getByRole('button', { name: 'Change Medway Council' }).click();
    await form.getByRole('heading', { name: 'Change Medway Council' }).waitFor();
    await expect(form.getByLabel('Id', { exact: true }).count()).resolves.toBe(0);
    await form.getByLabel('Name', { exact: true }).fill('Medway Council (Community Safety)');
    await form.getByLabel('No', { exact: true }).check();
    await accessible(page, 'admin-agencies-change');
    await form.getByRole('button', { name: 'Save the changes' }).click();
    await page.getByTestId('agency-saved').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="agency-medway-council"]')?.textContent?.includes('Community Safety'));
    res = await t.query(Q, {}, { token: admin });
    expect(res.data!.agencies.find((a: { id: string }) => a.id === 'medway-council')).toEqual({
      id: 'medway-council',
      name: 'Medway Council (Community Safety)',
      kind: 'COUNCIL',
      area: 'kent',
      isAuthority: false,
    });
    await page.context().close();
  });
});

describe('the console: Derbyshire’s templates on a review', () => {
  it('the SPOC records the agenda and the action plan; a panel member assesses the proportionality of action against the perpetrator', async () => {
    const reference = 'SDC-CT-CONSOLE-TEMPLATES';
    const applicationId = await decidedApplication(reference, 'Seren');
    const opened = await t.query(
      `mutation($a: ID!) { openCaseReview(applicationId: $a, panelAgencyIds: ["sevenoaks-dc", "kent-police", "kent-wardens"], chairAgencyId: "sevenoaks-dc") { id } }`,
      { a: applicationId },
      { token: spoc },
    );
    expect(opened.errors).toBeUndefined();
    const reviewId = opened.data!.openCaseReview.id as string;

    const page = await openPage();
    await signIn(page, 'Sevenoaks District Council', /SPOC/);
    await page.getByTestId('work-queue').getByRole('link', { name: reference }).click();
    await page.getByRole('link', { name: 'Case review', exact: true }).click();
    const templates = page.getByTestId('review-templates');
    await templates.waitFor();

    const agenda = templates.getByTestId('agenda-form');
    await agenda.getByRole('button', { name: 'Record the agenda' }).click();
    await agenda.locator('.govuk-error-summary').getByRole('link', { name: 'Enter when the meeting is held' }).waitFor();
    await agenda.getByLabel('Meeting', { exact: true }).fill('2030-03-04T10:30');
    await agenda.getByLabel('Venue (optional)').fill('Council offices, Argyle Road');
    await agenda.getByRole('button', { name: 'Record the agenda' }).click();
    await templates.locator('[data-testid^="agenda-"]:not([data-testid="agenda-form"])').first().waitFor();

    const plan = templates.getByTestId('plan-form');
    await plan.getByLabel('Issues the plan addresses').fill('Noise at night from the flat above');
    await plan.getByLabel('Lead officer (optional)').fill('ASB Caseworker');
    await plan.getByRole('button', { name: 'Record the action plan' }).click();
    await templates.getByTestId('action-plan').waitFor();

    const pa = templates.getByTestId('assessment-form');
    await pa.getByRole('button', { name: 'Record the assessment' }).click();
    for (const text of [
      'Enter the action against the perpetrator that is assessed',
      'Select whether the action is necessary',
      'Select the conclusion',
      'Enter the reasons for the conclusion',
    ])
      await pa.locator('.govuk-error-summary').getByRole('link', { name: text }).waitFor();
    await accessible(page, 'spoc-review-templates-errors');
    await pa.getByLabel('The action against the perpetrator').fill('A Community Protection Notice');
    await pa.getByLabel('Yes', { exact: true }).check();
    await pa.getByLabel('Proportionate with changes').check();
    await pa.getByLabel('The changes that make it proportionate').fill('Quiet hours from 11pm, not a full ban');
    await pa.getByRole('button', { name: 'Record the assessment' }).click();
    // Proportionate needs the less intrusive options weighed (the hub's rule, checked on the page too).
    await pa
      .locator('.govuk-error-summary')
      .getByRole('link', { name: 'Enter the less intrusive options weighed before concluding the action is proportionate' })
      .waitFor();
    await pa.getByLabel('Less intrusive options weighed').fill('A warning letter, then an acceptable behaviour contract');
    await pa.getByLabel('Reasons', { exact: true }).fill('Warnings were ignored; the household includes children');
    await pa.getByRole('button', { name: 'Record the assessment' }).click();
    await templates.getByTestId('assessments').waitFor();
    await accessible(page, 'spoc-review-templates');

    const res = await t.query(
      `query($id: ID!) { caseReview(id: $id) { agendas { venue meetingAt items { heading } } actionPlan { issues leadOfficer version } proportionalityAssessments { proposedAction lessIntrusiveOptions necessary conclusion changes reasons assessedByAgency { id } } } }`,
      { id: reviewId },
      { token: spoc },
    );
    expect(res.errors).toBeUndefined();
    const r = res.data!.caseReview;
    expect(r.agendas).toHaveLength(1);
    expect(r.agendas[0].venue).toBe('Council offices, Argyle Road');
    expect(new Date(r.agendas[0].meetingAt).getTime()).toBe(new Date('2030-03-04T10:30').getTime());
    expect(r.agendas[0].items.length).toBeGreaterThan(0);
    // The page lists the template's headings as the hub recorded them.
    for (const item of r.agendas[0].items) await templates.getByText(item.heading, { exact: true }).first().waitFor();
    expect(r.actionPlan).toEqual({ issues: 'Noise at night from the flat above', leadOfficer: 'ASB Caseworker', version: 1 });
    expect(r.proportionalityAssessments).toEqual([
      {
        proposedAction: 'A Community Protection Notice',
        lessIntrusiveOptions: 'A warning letter, then an acceptable behaviour contract',
        necessary: true,
        conclusion: 'PROPORTIONATE_WITH_CHANGES',
        changes: 'Quiet hours from 11pm, not a full ban',
        reasons: 'Warnings were ignored; the household includes children',
        assessedByAgency: { id: 'sevenoaks-dc' },
      },
    ]);
    await page.context().close();
  });
});
