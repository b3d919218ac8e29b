import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOME_OFFICE_TRIALS_RISK_POLICY } from '../seeds/risk-assessment-policies';
import { ensureConsoleBuilt, launchChromium } from '../scripts/lib/browser';
import { startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * The console's pages for the 2025 guidance's parts (README, "The console"), in headless Chromium
 * against the whole hub (demo data, the real PostgreSQL), signed in through the dev sign-in: the
 * SPOC's "Explanations due", and the victim risk assessment on the application page with the work
 * queue's "High risk" tag. Each page is checked with axe (no serious or critical violation); what
 * the pages did is checked through the API.
 */
let t: TestHub;
let browser: Browser;
let base: string;
let spoc: string;
let police: string;
const shots = process.env.SCREENSHOTS === '1' ? path.join(__dirname, '..', 'docs', 'console') : fs.mkdtempSync(path.join(os.tmpdir(), 'console-shots-'));

beforeAll(async () => {
  ensureConsoleBuilt();
  [t, browser] = await Promise.all([startTestHub({ seed: true }), launchChromium()]);
  base = `http://127.0.0.1:${t.hub.gateway.port}`;
  spoc = await tokenFor('sevenoaks-dc', 'spoc');
  police = await tokenFor('kent-police', 'contributor');
  fs.mkdirSync(shots, { recursive: true });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function openPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, acceptDownloads: true });
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

const NOW = Date.now();
const hoursAgo = (h: number) => new Date(NOW - h * 3_600_000).toISOString();
const DUE = `{ caseReviewExplanationsDue { id reference person { id } } }`;

/** Two separate incidents reported to the police by one person: the hub raises an explanation due. */
async function secondReport(ref: string, person: Record<string, string>) {
  const record = (n: number, extra: Record<string, unknown>) => ({
    sourceRef: `${ref}-${n}`,
    category: 'NUISANCE',
    subType: 'Noise',
    description: 'Loud music and shouting from the flat above until 2am.',
    location: { address: '22 Elm Court, Sevenoaks', lsoaCode: 'E01024503' },
    reporter: person,
    police: { attendingOfficer: 'PC 5521', district: 'Sevenoaks' },
    ...extra,
  });
  const res = await t.query<any>(
    `mutation($records: [IncidentInput!]!) { submitIncidents(source: POLICE, records: $records) { accepted rejected { index } } }`,
    {
      records: [
        record(1, { occurredAt: hoursAgo(24 * 40), reportedAt: hoursAgo(24 * 40 - 1) }),
        record(2, {
          category: 'ENVIRONMENTAL',
          subType: 'Fly-tipping',
          occurredAt: hoursAgo(3),
          reportedAt: hoursAgo(2),
          location: { address: 'Car park, Sevenoaks', lsoaCode: 'E01024510' },
        }),
      ],
    },
    { token: police },
  );
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  expect(res.data!.submitIncidents.rejected).toEqual([]);
}

async function due(): Promise<Array<{ id: string; reference: string; person: { id: string } }>> {
  const res = await t.query<any>(DUE, {}, { token: spoc });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.caseReviewExplanationsDue;
}

/** The basis the access log gives each disclosure of the person's details by the SPOC. */
async function explanationBases(personId: string): Promise<string[]> {
  const log = await t.query<any>(
    `query($f: AccessLogFilter) { accessLog(filter: $f, first: 100) { edges { node { action basis } } } }`,
    { f: { personId, agencyId: 'sevenoaks-dc' } },
    { token: await tokenFor('sevenoaks-dc', 'dpo') },
  );
  expect(log.errors, JSON.stringify(log.errors)).toBeUndefined();
  return log
    .data!.accessLog.edges.map((e: any) => e.node)
    .filter((n: any) => n.action === 'DISCLOSE' && n.basis.startsWith('case-review-explanation:'))
    .map((n: any) => n.basis);
}

describe('the console: explanations due', () => {
  it('the SPOC lists the explanations due, records one sent by letter (downloading it) and one by phone; the API has them sent', async () => {
    await secondReport('KP-CON-CRX-A', { givenName: 'Gwen', familyName: 'Explained', dateOfBirth: '1975-02-03', postcode: 'TN13 1GE' });
    await secondReport('KP-CON-CRX-B', { givenName: 'Huw', familyName: 'Explained', dateOfBirth: '1981-09-10', postcode: 'TN13 2HE' });
    const before = await due();
    expect(before.length).toBeGreaterThanOrEqual(2);
    const [gwen, huw] = before.slice(-2);

    const page = await openPage();
    await signIn(page, 'Sevenoaks District Council', /^Single point of contact/);
    await page.getByRole('heading', { name: 'Work queue' }).waitFor();
    await page.getByRole('link', { name: 'Explanations due' }).click();
    await page.getByRole('heading', { name: 'Explanations due' }).waitFor();
    const table = page.getByTestId('explanations-due');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(before.length);
    // The police's record of the victim is not shared with the council: the name is marked withheld, never hidden.
    await expect.poll(() => page.getByTestId(`explanation-${gwen.id}`).innerText()).toContain(`${gwen.reference}`);
    expect(await page.getByTestId(`explanation-${gwen.id}`).innerText()).toMatch(/Withheld Identity|Explained/);
    expect(await page.getByTestId(`explanation-${huw.id}`).innerText()).toContain('2 reports');
    await accessible(page, 'spoc-explanations-due');

    // By letter: the hub renders it; the SPOC downloads it as sent.
    await page.getByRole('button', { name: `Record as sent (${gwen.reference})` }).click();
    await page.getByRole('heading', { name: `Record ${gwen.reference} as sent` }).waitFor();
    await page.getByRole('button', { name: 'Record as sent', exact: true }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').innerText()).toContain('Select how you sent the explanation');
    await expect.poll(() => page.title()).toMatch(/^Error: /); // the title says so first (GOV.UK pattern)
    await page.getByLabel('By letter').check();
    await page.getByRole('button', { name: 'Record as sent', exact: true }).click();
    await expect.poll(() => page.getByTestId('explanation-sent').innerText()).toContain(`${gwen.reference} recorded as sent by letter`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the letter as sent (PDF)' }).click()]);
    expect(download.suggestedFilename()).toBe(`${gwen.reference}.pdf`);
    expect(
      fs
        .readFileSync(await download.path())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    await expect.poll(() => page.getByTestId(`explanation-${gwen.id}`).count()).toBe(0);

    // By phone: what was said is required, then kept.
    await page.getByRole('button', { name: `Record as sent (${huw.reference})` }).click();
    await page.getByLabel('By phone').check();
    await page.getByRole('button', { name: 'Record as sent', exact: true }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').innerText()).toContain('Note what you told the victim on the phone');
    await accessible(page, 'spoc-explanation-phone-error');
    await page.getByLabel('What you told the victim').fill('Explained the Case Review and how to apply.');
    await page.getByRole('button', { name: 'Record as sent', exact: true }).click();
    await expect.poll(() => page.getByTestId('explanation-sent').innerText()).toContain(`${huw.reference} recorded as sent by phone`);
    await page.context().close();

    // Through the API: neither is due any more, each was logged as sent its way, and neither can be sent twice.
    const after = (await due()).map((e) => e.id);
    expect(after).not.toContain(gwen.id);
    expect(after).not.toContain(huw.id);
    expect(after).toHaveLength(before.length - 2);
    expect(await explanationBases(gwen.person.id)).toEqual(['case-review-explanation:LETTER']);
    expect(await explanationBases(huw.person.id)).toEqual(['case-review-explanation:PHONE']);
    const again = await t.query<any>(`mutation($id: ID!) { recordCaseReviewExplanation(id: $id, channel: EMAIL) { id } }`, { id: huw.id }, { token: spoc });
    expect(again.errors![0].extensions!.code).toBe('CONFLICT');
  });
});

/** A phone application, acknowledged, with the victim's consent naming the authority. */
async function application(givenName: string): Promise<{ id: string; reference: string }> {
  const reg = await t.query<any>(
    `mutation($input: PersonInput!) { registerPerson(input: $input) { id } }`,
    { input: { givenName, familyName: 'Assessed', dateOfBirth: '1966-04-05' } },
    { token: spoc },
  );
  expect(reg.errors).toBeUndefined();
  const personId = reg.data!.registerPerson.id as string;
  const consent = await t.query<any>(
    `mutation($p: ID!) { recordConsent(input: { personId: $p, purposes: [CASE_REVIEW], categories: [IDENTITY, CONTACT, INCIDENT_DETAIL], recipientAgencyIds: ["sevenoaks-dc"], captureMethod: PHONE, noticeVersion: "phone-1" }) { id } }`,
    { p: personId },
    { token: spoc },
  );
  expect(consent.errors).toBeUndefined();
  const sub = await t.query<any>(
    `mutation($p: ID!, $c: ID!) { submitTriggerApplication(input: { authorityId: "sevenoaks-dc", channel: PHONE, applicantType: VICTIM, applicantPersonId: $p, consentToShare: true, consentId: $c, summary: "Noise" }) { id reference } }`,
    { p: personId, c: consent.data!.recordConsent.id },
    { token: spoc },
  );
  expect(sub.errors).toBeUndefined();
  return sub.data!.submitTriggerApplication;
}

describe('the console: the victim risk assessment', () => {
  it('the SPOC answers the policy in force on the application page; the band is listed and the queue tags the application High risk', async () => {
    const assessed = await application('Ivy');
    const other = await application('Jude');
    const questions = HOME_OFFICE_TRIALS_RISK_POLICY.questions;
    const page = await openPage();
    await signIn(page, 'Sevenoaks District Council', /^Single point of contact/);
    await page.getByRole('heading', { name: 'Work queue' }).waitFor();
    // The token lives in memory: the application is opened from the queue, not by address.
    await page.getByRole('link', { name: assessed.reference, exact: true }).click();
    await page.getByRole('heading', { name: `Application ${assessed.reference}` }).waitFor();
    const part = page.getByTestId('risk-part');
    await part.getByRole('heading', { name: 'Victim risk assessment' }).waitFor();
    await expect.poll(() => part.innerText()).toContain('The victim has not been assessed yet');
    // Every question of the policy in force, each answered yes or no: none may be left out.
    const form = page.getByTestId('risk-form');
    await expect.poll(() => form.getByRole('group').count()).toBe(questions.length + 1);
    await form.getByRole('button', { name: 'Record the assessment' }).click();
    await expect.poll(() => part.locator('.govuk-error-summary li').count()).toBe(questions.length);
    await accessible(page, 'spoc-risk-errors');
    for (const q of questions) {
      await form
        .getByRole('group', { name: q.text, exact: true })
        .getByLabel(q.id === 'fear-of-harm' || q.id === 'repeat' ? 'Yes' : 'No', { exact: true })
        .check();
    }
    await form.getByRole('button', { name: 'Record the assessment' }).click();
    // Fear of harm escalates to high whatever the total (3 + 4).
    await expect.poll(() => page.getByTestId('risk-saved').innerText()).toContain('High risk (score 7)');
    await expect.poll(() => page.getByTestId('risk-assessments').innerText()).toContain('High risk');
    await expect.poll(() => page.getByTestId('risk-target').innerText()).toContain('10 working days');
    await accessible(page, 'spoc-risk-assessment');

    // Through the API: the assessment as the page said.
    const api = await t.query<any>(
      `query($id: ID!) { triggerApplication(id: $id) { riskAssessments { stage band score answers { questionId answer } healthAndVulnerabilityAnswers { questionId answer } } } }`,
      { id: assessed.id },
      { token: spoc },
    );
    expect(api.errors, JSON.stringify(api.errors)).toBeUndefined();
    const [a] = api.data!.triggerApplication.riskAssessments;
    expect(a).toMatchObject({ stage: 'INITIAL', band: 'HIGH', score: 7 });
    const yes = [...a.answers, ...a.healthAndVulnerabilityAnswers].filter((x: any) => x.answer).map((x: any) => x.questionId);
    expect(yes.sort()).toEqual(['fear-of-harm', 'repeat']);
    expect(a.answers.length + a.healthAndVulnerabilityAnswers.length).toBe(questions.length);

    // The work queue tags the high-risk application, and not the one never assessed.
    await page.getByRole('link', { name: 'Work queue', exact: true }).click();
    const queue = page.getByTestId('work-queue');
    await queue.waitFor();
    const row = (ref: string) => queue.locator('tbody tr').filter({ has: page.getByRole('link', { name: ref, exact: true }) });
    await expect.poll(() => row(assessed.reference).innerText()).toContain('High risk');
    expect(await row(other.reference).innerText()).not.toContain('High risk');
    await accessible(page, 'spoc-queue-high-risk');
    await page.context().close();
  });
});
