import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Incident } from '../subgraphs/incidents/entities/Incident';
import { ApplicantType, ApplicationChannel, AsbCategory, IncidentSource, TriggerDecision } from '../subgraphs/shared/enums';
import { ApplicationStatus, TriggerApplication } from '../subgraphs/triggers/entities/TriggerApplication';
import { ensureConsoleBuilt, launchChromium } from '../scripts/lib/browser';
import { startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * The web console in headless Chromium against the whole hub (demo data), one journey per role,
 * through the pages only (the token stays in the page's memory). Each main page is checked with axe
 * (no serious or critical violation) and photographed: into docs/console/ with SCREENSHOTS=1,
 * otherwise into a temporary folder.
 */
let t: TestHub;
let browser: Browser;
let base: string;
const shots = process.env.SCREENSHOTS === '1' ? path.join(__dirname, '..', 'docs', 'console') : fs.mkdtempSync(path.join(os.tmpdir(), 'console-shots-'));
/** Requests the pages made to anywhere but the hub. */
const foreign: string[] = [];
const cspViolations: string[] = [];
/** The case whose consent leaves Kent Mental Health out (made in beforeAll). */
let withoutGrant: { reviewId: string; reference: string; personId: string };

beforeAll(async () => {
  ensureConsoleBuilt();
  [t, browser] = await Promise.all([startTestHub({ seed: true }), launchChromium()]);
  base = `http://127.0.0.1:${t.hub.gateway.port}`;
  fs.mkdirSync(shots, { recursive: true });
  withoutGrant = await caseWithoutGrantFor();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

/**
 * A case whose victim consented to sharing with Sevenoaks DC, Kent Police and the wardens only;
 * Kent Mental Health sits on its panel without a grant, so the details are withheld from it.
 */
async function caseWithoutGrantFor(): Promise<{ reviewId: string; reference: string; personId: string }> {
  const spoc = await tokenFor('sevenoaks-dc', 'spoc');
  const reg = await t.query(`mutation($input: PersonInput!) { registerPerson(input: $input) { id } }`, { input: { givenName: 'Frank', familyName: 'Moss', dateOfBirth: '1970-03-04', postcode: 'TN13 4DD' } }, { token: spoc });
  const personId = reg.data!.registerPerson.id as string;
  const consent = await t.query(`mutation($input: ConsentInput!) { recordConsent(input: $input) { id } }`, {
    input: { personId, purposes: ['CASE_REVIEW'], categories: ['IDENTITY', 'CONTACT', 'INCIDENT_DETAIL'], captureMethod: 'ONLINE', noticeVersion: 'test-1', recipientAgencyIds: ['sevenoaks-dc', 'kent-police', 'kent-wardens'] },
  }, { token: spoc });
  expect(consent.errors).toBeUndefined();
  const at = (days: number) => new Date(Date.now() - days * 86_400_000);
  const em = t.hub.subgraphs.incidents.db.orm.em.fork();
  em.create(Incident, { source: IncidentSource.POLICE, agencyId: 'kent-police', sourceRef: 'CON-P-1', category: AsbCategory.NUISANCE, subType: 'Noise', occurredAt: at(30), reportedAt: at(30), description: 'Drumming through the wall at night', reporterPersonId: personId, actions: [{ at: at(29).toISOString(), action: 'Officer attended', by: 'PC 7' }] });
  em.create(Incident, { source: IncidentSource.WARDEN, agencyId: 'kent-wardens', sourceRef: 'CON-W-1', category: AsbCategory.ENVIRONMENTAL, subType: 'Litter', occurredAt: at(20), reportedAt: at(20), description: 'Bags of rubbish left at the gate', reporterPersonId: personId });
  await em.flush();
  const tem = t.hub.subgraphs.triggers.db.orm.em.fork();
  const reference = 'SDC-CT-CONSOLE-1';
  const app = tem.create(TriggerApplication, {
    reference, authorityAgencyId: 'sevenoaks-dc', applicantPersonId: personId, channel: ApplicationChannel.ONLINE, applicantType: ApplicantType.VICTIM,
    recordedByAgencyId: 'sevenoaks-dc', consentToShare: true, status: ApplicationStatus.DECIDED, decision: TriggerDecision.THRESHOLD_MET, receivedAt: at(10), acknowledgedAt: at(10), decidedAt: at(8),
  });
  await tem.flush();
  const opened = await t.query(`mutation($a: ID!) { openCaseReview(applicationId: $a, panelAgencyIds: ["sevenoaks-dc", "kent-police", "kent-mental-health"], chairAgencyId: "sevenoaks-dc") { id } }`, { a: app.id }, { token: spoc });
  expect(opened.errors).toBeUndefined();
  return { reviewId: opened.data!.openCaseReview.id, reference, personId };
}

async function openPage(): Promise<Page> {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) foreign.push(r.url());
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  return page;
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
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`), name).toEqual([]);
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

describe('the console', () => {
  it('is served at / with its security and cache headers, and every other path of the hub stays as it was', async () => {
    const index = await fetch(`${base}/`, { headers: { accept: 'text/html' } });
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const csp = index.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/https?:|unsafe-inline|\*/);
    const html = await index.text();
    const asset = html.match(/src="(\/assets\/[^"]+\.js)"/)![1];
    const js = await fetch(`${base}${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${base}/assets/missing-abc123.js`)).status).toBe(404);
    // A deep link is the console too; the API, health and readiness answer as before.
    expect(await (await fetch(`${base}/queue`, { headers: { accept: 'text/html' } })).text()).toBe(html);
    expect((await (await fetch(`${base}/healthz`)).json()).status).toBe('ok');
    const gql = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ agencies { id } }' }) });
    expect((await gql.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('development sign-in: a token for a demo agency and role, and nothing for others', async () => {
    const ok = await fetch(`${base}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ agency: 'kent-police', role: 'reviewer' }) });
    const { token } = (await ok.json()) as { token: string };
    const me = await t.query(`{ agencies { id } }`, {}, { token });
    expect(me.errors).toBeUndefined();
    const bad = await fetch(`${base}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ agency: 'nowhere', role: 'admin' }) });
    expect(bad.status).toBe(400);
    expect(await bad.text()).not.toContain('nowhere');
  });

  it('a SPOC: the work queue, an application evaluated and decided, the CT2 letter to print', async () => {
    // Intake by the API (the person and an online application); everything after it in the browser.
    const spoc = await tokenFor('sevenoaks-dc', 'spoc');
    const person = await t.query(`mutation($input: PersonInput!) { registerPerson(input: $input) { id } }`, { input: { givenName: 'Erin', familyName: 'Walsh', postcode: 'TN13 3CC' } }, { token: spoc });
    expect(person.errors).toBeUndefined();
    // An application proceeds only on a consent record naming the authority.
    const consent = await t.query(`mutation($input: ConsentInput!) { recordConsent(input: $input) { id } }`, {
      input: { personId: person.data!.registerPerson.id, purposes: ['CASE_REVIEW'], categories: ['IDENTITY', 'CONTACT', 'INCIDENT_DETAIL'], captureMethod: 'ONLINE', noticeVersion: 'test-1', recipientAgencyIds: ['sevenoaks-dc'] },
    }, { token: spoc });
    expect(consent.errors).toBeUndefined();
    const submitted = await t.query(
      `mutation($input: TriggerApplicationInput!) { submitTriggerApplication(input: $input) { id reference } }`,
      { input: { authorityId: 'sevenoaks-dc', channel: 'ONLINE', applicantType: 'VICTIM', applicantPersonId: person.data!.registerPerson.id, consentToShare: true, summary: 'Shouting in the street every night' } },
      { token: spoc },
    );
    expect(submitted.errors).toBeUndefined();
    const { reference } = submitted.data!.submitTriggerApplication as { reference: string };

    const page = await openPage();
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: 'Sign in as a demo user' }).waitFor();
    await accessible(page, 'sign-in');
    await signIn(page, 'Sevenoaks District Council', /^Single point of contact/);
    const queue = page.getByTestId('work-queue');
    await queue.waitFor();
    // The queue as the hub orders it, every open application of the authority, the new one among them.
    const api = await t.query(`{ triggerApplications { reference } }`, {}, { token: spoc });
    const expected = (api.data!.triggerApplications as Array<{ reference: string }>).map((a) => a.reference);
    expect(expected).toEqual(expect.arrayContaining([reference, 'SDC-CT-2026-0001', 'SDC-CT-2026-0002', withoutGrant.reference]));
    await expect.poll(() => queue.locator('tbody tr').count()).toBe(expected.length);
    expect((await queue.locator('tbody th a').allInnerTexts()).map((r) => r.trim())).toEqual(expected);
    await accessible(page, 'spoc-work-queue');

    await queue.getByRole('link', { name: reference }).click();
    await page.getByRole('heading', { name: `Application ${reference}` }).waitFor();
    expect(await page.getByText('Erin Walsh').count()).toBe(1);
    await page.getByRole('button', { name: 'Evaluate the threshold' }).click();
    const verdict = page.getByTestId('threshold-verdict');
    await verdict.waitFor();
    expect(await verdict.innerText()).toMatch(/Threshold not met: 0 incidents counted/);

    // Deciding against the evaluation needs a reason: the error summary says so.
    await page.getByLabel(/^Threshold met: convene/).check();
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.locator('.govuk-error-summary').getByText('Give the reason for deciding against the threshold evaluation').waitFor();
    await accessible(page, 'spoc-application');

    await page.getByLabel(/^Threshold not met/).check();
    await page.getByRole('button', { name: 'Record the decision' }).click();
    const letters = page.getByTestId('letters');
    await letters.getByRole('link', { name: /^CT2/ }).waitFor();
    expect(await letters.getByRole('link').count()).toBe(2); // CT1 on receipt online, CT2 now
    await letters.getByRole('link', { name: /^CT2/ }).click();
    const letter = page.getByTestId('letter');
    await letter.waitFor();
    const text = await letter.innerText();
    expect(text).toContain(`Reference: ${reference}`);
    expect(text).toMatch(/The threshold has not been met/);
    await page.getByRole('button', { name: 'Print this letter' }).waitFor();
    await accessible(page, 'spoc-letter');
    await page.context().close();
  });

  it('a reviewer: the reviews of their agency and the case history with withheld parts marked, never dropped', async () => {
    const { reviewId, reference } = withoutGrant;
    const page = await openPage();
    await signIn(page, 'Kent and Medway Mental Health Partnership', /^Case review panel member/);
    await page.getByRole('heading', { name: 'Case reviews' }).waitFor();
    await page.getByRole('link', { name: reference }).waitFor();
    await accessible(page, 'reviewer-reviews');
    await page.getByRole('link', { name: reference }).click();
    const history = page.getByTestId('case-history');
    await history.waitFor();
    const api = await t.query(`query($id: ID!) { caseReview(id: $id) { caseHistory { id withheld } } }`, { id: reviewId }, { token: await tokenFor('kent-mental-health', 'reviewer') });
    const apiEntries = api.data!.caseReview.caseHistory as Array<{ withheld: string[] }>;
    expect(await history.locator('> li').count()).toBe(apiEntries.length);
    const withheldEntries = apiEntries.filter((e) => e.withheld.length > 0).length;
    expect(withheldEntries).toBeGreaterThan(0);
    expect(await history.locator('> li').filter({ has: page.locator('.app-withheld') }).count()).toBe(withheldEntries);
    expect(await history.locator('.app-withheld').first().innerText()).toMatch(/Withheld\s+Incident detail/);
    expect(await history.innerText()).not.toMatch(/Drumming|rubbish left/);
    await accessible(page, 'reviewer-case-history');
    await page.context().close();

    // Kent Police, which the victim's consent covers, reads the same timeline with the details.
    const police = await openPage();
    await signIn(police, 'Kent Police', /^Case review panel member/);
    await police.getByRole('link', { name: reference }).click();
    await police.getByTestId('case-history').getByText('Drumming through the wall at night').waitFor();
    expect(await police.getByTestId('case-history').locator('.app-withheld').count()).toBe(0);
    await police.context().close();
  });

  it('a DPO: the access log, verified against its hash chain; a denial explained; the rules', async () => {
    const page = await openPage();
    await signIn(page, 'Sevenoaks District Council', /^Data protection officer/);
    const log = page.getByTestId('access-log');
    await log.waitFor();
    // The rows arrive after the table: wait for them (a loaded machine is slow to render them).
    await expect.poll(() => log.locator('tbody tr').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Verify the log' }).click();
    const verified = page.getByTestId('verify-result');
    await verified.waitFor();
    expect(await verified.innerText()).toMatch(/The access log is intact: [\d,]+ rows checked/);
    await accessible(page, 'dpo-access-log');

    await page.getByRole('link', { name: 'Explain access' }).click();
    await page.getByLabel('Agency').selectOption('kent-mental-health');
    await page.getByLabel('Person id').fill(withoutGrant.personId);
    await page.getByLabel('Data category').selectOption('INCIDENT_DETAIL');
    await page.getByRole('button', { name: 'Explain' }).click();
    const explanation = page.getByTestId('explanation');
    await explanation.waitFor();
    // The denial the reviewer saw: the victim's consent does not name Kent Mental Health.
    const api = await t.query(`query($p: ID!) { explainAccess(agencyId: "kent-mental-health", personId: $p, category: INCIDENT_DETAIL) { allowed explanation } }`, { p: withoutGrant.personId }, { token: await tokenFor('sevenoaks-dc', 'dpo') });
    const expected = api.data!.explainAccess as { allowed: boolean; explanation: string };
    expect(expected.allowed).toBe(false);
    expect(await explanation.innerText()).toContain('Cannot see');
    expect(await explanation.innerText()).toContain(expected.explanation);
    await accessible(page, 'dpo-explain');

    await page.getByRole('link', { name: 'Access rules' }).click();
    await page.getByRole('heading', { name: 'Access rules' }).waitFor();
    await expect.poll(() => page.locator('table tbody tr').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await accessible(page, 'dpo-access-rules');
    await page.context().close();
  });

  it('an analyst: statistics as tables with suppressed cells marked, downloaded as CSV', async () => {
    const page = await openPage();
    await signIn(page, 'Kent Police', /^Analyst/);
    const table = page.getByTestId('incident-statistics');
    await table.waitFor();
    await page.getByTestId('trigger-statistics').waitFor();
    const rows = await table.locator('tbody tr').count();
    expect(rows).toBeGreaterThan(0);
    await accessible(page, 'analyst-statistics');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download incidents as CSV' }).click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('Month,Source,Count,Suppressed');
    expect(csv).toHaveLength(rows + 1);
    // The same cells as the API answers for the analyst.
    const cells = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())));
    for (const [i, line] of csv.slice(1).entries()) {
      const [month, , count, suppressed] = line.split(',');
      expect(cells[i][0]).toBe(month);
      expect(cells[i][2]).toBe(suppressed === 'yes' ? 'Suppressed' : count);
    }
    await page.context().close();
  });

  it('loaded nothing from anywhere but the hub, and broke no rule of its Content-Security-Policy', () => {
    expect(foreign).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
