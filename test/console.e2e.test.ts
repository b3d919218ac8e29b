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
import { DEMO } from '../seeds/demo-data';
import { AccessEvent } from '../subgraphs/consent/entities/AccessEvent';
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

  it('a SPOC: the work queue, an application evaluated and decided, the CT2 letter to print and download as PDF', async () => {
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
    await expect.poll(() => page.title()).toMatch(/^Error: /); // the title says so first (GOV.UK pattern)
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
    // Downloaded as PDF: the very bytes the hub keeps as sent.
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download as PDF' }).click()]);
    expect(pdf.suggestedFilename()).toBe(`${reference}-CT2.pdf`);
    const bytes = fs.readFileSync((await pdf.path())!);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const sent = await t.query(`{ triggerApplications(includeClosed: true) { reference letters { kind pdf } } }`, {}, { token: spoc });
    const ct2 = (sent.data!.triggerApplications as Array<{ reference: string; letters: Array<{ kind: string; pdf: string }> }>).find((a) => a.reference === reference)!.letters.find((l) => l.kind === 'CT2')!;
    expect(bytes.equals(Buffer.from(ct2.pdf, 'base64'))).toBe(true);
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

  it('a DPO: a subject access export made, downloaded as JSON and read section by section; the retention dry run per agency and year', async () => {
    const dpo = await tokenFor('sevenoaks-dc', 'dpo');
    const alice = DEMO.people.alice;
    const page = await openPage();
    await signIn(page, 'Sevenoaks District Council', /^Data protection officer/);
    await page.getByTestId('access-log').waitFor();
    await page.getByRole('link', { name: 'Subject access' }).click();
    await page.getByRole('heading', { name: 'Subject access export' }).waitFor();
    // A form with errors says so first in the page title (GOV.UK pattern), and not once they are put right.
    await page.getByRole('button', { name: 'Make the export' }).click();
    await page.locator('.govuk-error-summary').getByText('Enter the person id').waitFor();
    expect(await page.title()).toBe('Error: Subject access export – ASB Partnership Hub');
    await page.getByLabel('Person id').fill(alice);
    await page.getByRole('button', { name: 'Make the export' }).click();
    const made = page.getByTestId('subject-access-export');
    await made.waitFor();
    expect(await page.title()).toBe('Subject access export – ASB Partnership Hub');
    const sections = made.getByTestId('export-section');
    expect(await sections.count()).toBe(11);
    expect(await sections.first().innerText()).toContain('Turner');
    await expect.poll(async () => (await sections.filter({ hasText: /^Incidents \(/ }).innerText()).split('\n')[0]).toBe('Incidents (4 records)');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the export (JSON)' }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^sar-${alice}-\\d{4}-\\d{2}-\\d{2}\\.json$`));
    const file = JSON.parse(fs.readFileSync((await download.path())!, 'utf8'));
    const api = await t.query(`query($p: ID!) { subjectAccessExport(personId: $p) { json } }`, { p: alice }, { token: dpo });
    const fresh = JSON.parse(api.data!.subjectAccessExport.json as string);
    // The file is the API's export (the access log has grown since by the second export's own entries).
    for (const key of ['person', 'consents', 'accessGrants', 'incidents', 'triggerApplications', 'letters', 'caseReviews', 'agencies']) expect(file[key], key).toEqual(fresh[key]);
    expect(file.generatedBy).toEqual({ sub: 'dpo.sevenoaks-dc', agencyId: 'sevenoaks-dc' });
    const logged = await t.hub.subgraphs.consent.db.orm.em.fork().count(AccessEvent, { personId: alice, operation: 'subjectAccessExport', actorSub: 'dpo.sevenoaks-dc' });
    expect(logged).toBe(8); // two exports, four categories each
    await accessible(page, 'dpo-subject-access');

    // Retention: an incident of 2016 is past six years; the page counts it and changes nothing until confirmed.
    const reporter = await t.query(`mutation($input: PersonInput!) { registerPerson(input: $input) { id } }`, { input: { givenName: 'Hal', familyName: 'Old', postcode: 'TN13 6FF' } }, { token: await tokenFor('sevenoaks-dc', 'spoc') });
    const reporterId = reporter.data!.registerPerson.id as string;
    const em = t.hub.subgraphs.incidents.db.orm.em.fork();
    const old = em.create(Incident, { source: IncidentSource.WARDEN, agencyId: 'kent-wardens', sourceRef: 'CON-OLD-1', category: AsbCategory.ENVIRONMENTAL, subType: 'Litter', occurredAt: new Date('2016-05-01T10:00:00Z'), reportedAt: new Date('2016-05-01T11:00:00Z'), description: 'An old report', reporterPersonId: reporterId });
    await em.flush();
    await page.getByRole('link', { name: 'Retention' }).click();
    await page.getByRole('heading', { name: 'Retention' }).waitFor();
    const result = page.getByTestId('retention-result');
    await result.waitFor();
    await expect.poll(() => page.getByLabel('Retention period in months').inputValue()).toBe('72');
    const run = (await t.query(`{ retentionDryRun(months: 72) { incidents byAgencyYear { agencyId year incidents } } agencies { id name } }`, {}, { token: dpo })).data! as {
      retentionDryRun: { incidents: number; byAgencyYear: Array<{ agencyId: string; year: number; incidents: number }> };
      agencies: Array<{ id: string; name: string }>;
    };
    expect(run.retentionDryRun.byAgencyYear).toEqual(expect.arrayContaining([{ agencyId: 'kent-wardens', year: 2016, incidents: 1 }]));
    const names = new Map(run.agencies.map((a) => [a.id, a.name]));
    const rows = await page.getByTestId('retention-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c as HTMLElement).innerText.trim())));
    expect(rows).toEqual(run.retentionDryRun.byAgencyYear.map((g) => [names.get(g.agencyId), String(g.year), g.incidents.toLocaleString('en-GB')]));
    expect(await result.innerText()).toMatch(new RegExp(`^${run.retentionDryRun.incidents} incidents? older than`));
    await page.getByLabel('Retention period in months').fill('0');
    await page.getByRole('button', { name: 'Show what would be anonymised' }).click();
    await page.locator('.govuk-error-summary').getByText(/whole number of months, from 1 to 1,200/).waitFor();
    expect(await page.title()).toBe('Error: Retention – ASB Partnership Hub');
    await page.getByLabel('Retention period in months').fill('1200');
    await page.getByRole('button', { name: 'Show what would be anonymised' }).click();
    await result.getByText(/^No incident older than .* \(1200 months\) still holds personal detail/).waitFor();
    expect(await page.title()).toBe('Retention – ASB Partnership Hub');
    await page.getByLabel('Retention period in months').fill('72');
    await page.getByRole('button', { name: 'Show what would be anonymised' }).click();
    await page.getByTestId('retention-table').waitFor();
    await accessible(page, 'dpo-retention');
    const untouched = await t.hub.subgraphs.incidents.db.orm.em.fork().findOneOrFail(Incident, { id: old.id });
    expect(untouched).toMatchObject({ description: 'An old report', anonymisedAt: null });

    // Anonymising needs the confirmation ticked; then the incidents the table showed lose their detail, each person logged as an erasure.
    const n = run.retentionDryRun.incidents;
    const anonymiseButton = page.getByRole('button', { name: `Anonymise ${n} ${n === 1 ? 'incident' : 'incidents'}` });
    await anonymiseButton.click();
    await page.locator('.govuk-error-summary').getByText('Confirm that the personal detail of these incidents is to be removed').waitFor();
    expect(await page.title()).toBe('Error: Retention – ASB Partnership Hub');
    await page.getByLabel(/^Yes, remove the personal detail of/).check();
    await anonymiseButton.click();
    const done = page.getByTestId('retention-done');
    await done.waitFor();
    expect(await done.innerText()).toContain(`${n} ${n === 1 ? 'incident' : 'incidents'} older than 72 months anonymised.`);
    await result.getByText(/^No incident older than .* \(72 months\) still holds personal detail/).waitFor();
    const after = await t.hub.subgraphs.incidents.db.orm.em.fork().findOneOrFail(Incident, { id: old.id });
    expect(after).toMatchObject({ description: null, reporterPersonId: null, category: 'ENVIRONMENTAL', agencyId: 'kent-wardens' });
    expect(after.anonymisedAt).toBeInstanceOf(Date);
    const erased = await t.hub.subgraphs.consent.db.orm.em.fork().find(AccessEvent, { personId: reporterId, action: 'ERASE' });
    expect(erased.map((e) => [e.actorSub, e.basis])).toEqual([['dpo.sevenoaks-dc', 'retention-policy:72-months']]);
    await accessible(page, 'dpo-retention-anonymised');
    await page.context().close();
  });

  it('a SPOC by keyboard only: the skip link, sign-in, the work queue, an application and its decision form, focus always visible', async () => {
    const spoc = await tokenFor('sevenoaks-dc', 'spoc');
    const person = await t.query(`mutation($input: PersonInput!) { registerPerson(input: $input) { id } }`, { input: { givenName: 'Gina', familyName: 'Hart', postcode: 'TN13 5EE' } }, { token: spoc });
    const personId = person.data!.registerPerson.id as string;
    await t.query(`mutation($input: ConsentInput!) { recordConsent(input: $input) { id } }`, {
      input: { personId, purposes: ['CASE_REVIEW'], categories: ['IDENTITY', 'CONTACT', 'INCIDENT_DETAIL'], captureMethod: 'ONLINE', noticeVersion: 'test-1', recipientAgencyIds: ['sevenoaks-dc'] },
    }, { token: spoc });
    const submitted = await t.query(`mutation($input: TriggerApplicationInput!) { submitTriggerApplication(input: $input) { reference } }`, {
      input: { authorityId: 'sevenoaks-dc', channel: 'ONLINE', applicantType: 'VICTIM', applicantPersonId: personId, consentToShare: true, summary: 'Motorbikes on the green' },
    }, { token: spoc });
    expect(submitted.errors).toBeUndefined();
    const reference = submitted.data!.submitTriggerApplication.reference as string;

    const page = await openPage();
    /** The focused element, and whether it shows GOV.UK's focus indicator: the focus yellow (#fd0) as outline, shadow or background (a radio's on its label). */
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const indicated = (target: Element, pseudo?: string) => {
          const s = getComputedStyle(target, pseudo);
          const yellow = 'rgb(255, 221, 0)';
          return s.boxShadow.includes(yellow) || s.backgroundColor === yellow || (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && s.outlineColor === yellow);
        };
        const input = el as HTMLInputElement;
        const label = input.labels?.[0];
        const choice = input.type === 'radio' || input.type === 'checkbox';
        const box = el.getBoundingClientRect();
        return {
          tag: el.tagName.toLowerCase(),
          name: (label?.innerText ?? el.innerText ?? '').trim().split('\n')[0],
          checked: choice ? input.checked : undefined,
          inMain: !!el.closest('#main-content'),
          onScreen: box.width > 0 && box.height > 0,
          visible: el.matches(':focus-visible') && (choice && label ? indicated(label, '::before') : indicated(el)),
        };
      });
    const unseen: string[] = [];
    let stops = 0;
    const tab = async (shift = false) => {
      await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
      stops++;
      const f = await focused();
      if (f && !(f.visible && f.onScreen)) unseen.push(`${f.tag} "${f.name}"`);
      return f;
    };
    /** Tabs until `want` holds for the focused element (at most 80 stops). */
    const tabTo = async (want: (f: NonNullable<Awaited<ReturnType<typeof focused>>>) => boolean, what: string) => {
      for (let i = 0; i < 80; i++) {
        const f = await tab();
        if (f && want(f)) return f;
      }
      throw new Error(`no focusable ${what}`);
    };
    /** In a radio group, arrows until the focused radio is `name`, then Space (arrows check as they move). */
    const chooseRadio = async (name: RegExp) => {
      for (let i = 0; i < 30; i++) {
        const f = (await focused())!;
        if (name.test(f.name)) {
          if (!f.checked) await page.keyboard.press('Space');
          expect((await focused())!.checked).toBe(true);
          return;
        }
        await page.keyboard.press('ArrowDown');
      }
      throw new Error(`no radio ${name}`);
    };

    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: 'Sign in as a demo user' }).waitFor();
    // The first Tab reaches the skip link, shown on focus; Enter skips to the page's content.
    const skip = await tab();
    expect(skip).toMatchObject({ tag: 'a', name: 'Skip to main content', visible: true, onScreen: true });
    await page.keyboard.press('Enter');
    expect(new URL(page.url()).hash).toBe('#main-content');
    expect(await tab()).toMatchObject({ inMain: true });

    // Sign in: the agency and the role chosen with the arrow keys and Space, the button with Enter.
    await page.keyboard.press('Shift+Tab');
    await tabTo((f) => f.tag === 'input' && f.inMain, 'agency radio');
    await chooseRadio(/^Sevenoaks District Council$/);
    await tabTo((f) => f.tag === 'input' && !/^Sevenoaks/.test(f.name), 'role radio');
    await chooseRadio(/^Single point of contact/);
    await tabTo((f) => f.tag === 'button' && f.name === 'Sign in', 'Sign in button');
    await page.keyboard.press('Enter');
    await page.getByTestId('work-queue').locator('tbody tr').first().waitFor();

    // The work queue to the application, by Tab and Enter.
    await tabTo((f) => f.tag === 'a' && f.name === reference, `link ${reference}`);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Application ${reference}` }).waitFor();
    expect(await page.title()).toBe(`Application ${reference} – ASB Partnership Hub`);

    // The threshold evaluated (Space on the button), which opens the decision form.
    await tabTo((f) => f.tag === 'button' && f.name === 'Evaluate the threshold', 'Evaluate the threshold button');
    await page.keyboard.press('Space');
    await page.getByTestId('threshold-verdict').waitFor();
    // The decision form: submitted with no decision, the error summary takes the focus and the title says so.
    await tabTo((f) => f.tag === 'button' && f.name === 'Record the decision', 'Record the decision button');
    await page.keyboard.press('Enter');
    const summary = page.locator('.govuk-error-summary');
    await summary.getByText('Select a decision').waitFor();
    await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('.govuk-error-summary'))).toBe(true);
    expect(await page.title()).toBe(`Error: Application ${reference} – ASB Partnership Hub`);
    // Its link leads to the first choice, which Space selects.
    expect(await tab()).toMatchObject({ tag: 'a', name: 'Select a decision' });
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused())?.name).toMatch(/^Threshold met/);
    await page.keyboard.press('Space');
    expect(await focused()).toMatchObject({ checked: true, visible: true });
    expect(stops).toBeGreaterThan(10);
    expect(unseen).toEqual([]);

    // An error page says so in its title too: an application that is not there (navigated inside the console, keeping the session).
    await page.evaluate(() => {
      history.pushState(null, '', '/applications/00000000-0000-4000-8000-000000000000');
      dispatchEvent(new PopStateEvent('popstate'));
    });
    await page.locator('.govuk-error-summary').getByText('No such application, or you may not see it').waitFor();
    await expect.poll(() => page.title()).toBe('Error: Application not available – ASB Partnership Hub');
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

  it('a SPOC: a new application through the form (an anonymous one refused), the person as each agency recorded them, a review convened and the victim invited', async () => {
    // Kent Police already holds a record of the victim, with a phone number and a vulnerability.
    const police = await tokenFor('kent-police', 'spoc');
    const known = await t.query(`mutation($input: PersonInput!) { registerPerson(input: $input) { id } }`, {
      input: { givenName: 'Grace', familyName: 'Hill', dateOfBirth: '1981-06-07', postcode: 'TN13 5EE', phone: '01732 000111', vulnerabilities: ['Hearing impaired'] },
    }, { token: police });
    expect(known.errors).toBeUndefined();
    const personId = known.data!.registerPerson.id as string;
    const spoc = await tokenFor('sevenoaks-dc', 'spoc');

    const page = await openPage();
    await signIn(page, 'Sevenoaks District Council', /^Single point of contact/);
    await page.getByTestId('work-queue').waitFor();
    await page.getByRole('link', { name: 'New application' }).click();
    await page.getByRole('heading', { name: 'New application' }).waitFor();
    // Nothing filled in: the error summary names each missing answer, linked to its field.
    await page.getByRole('button', { name: 'Record the application' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.getByText('Select how the application was received').waitFor();
    await expect.poll(() => page.title()).toMatch(/^Error: /); // the title says so first (GOV.UK pattern)
    expect(await summary.locator('a').allInnerTexts()).toEqual([
      'Select how the application was received',
      'Select who is applying',
      'Select whether the victim consents to share their details',
      'Describe the anti-social behaviour the application is about',
    ]);
    expect(await summary.getByRole('link', { name: 'Select who is applying' }).getAttribute('href')).toBe('#applicant-type');
    await accessible(page, 'spoc-new-application');

    // Anonymous: refused by the hub and kept as intelligence, the page says so.
    await page.getByLabel('By phone').check();
    await page.getByLabel('The victim', { exact: true }).check();
    await page.getByLabel('No, it is anonymous').check();
    expect(await page.getByText('An ASB Case Review cannot be anonymous').count()).toBe(1);
    await page.getByLabel('What the applicant describes').fill('Someone keeps shouting at night');
    await page.getByRole('button', { name: 'Record the application' }).click();
    expect(await page.getByTestId('refused').innerText()).toMatch(/Anonymous applications cannot be accepted as a Community Trigger/);

    // Named, with consent naming the council and two partners.
    await page.getByLabel('Yes', { exact: true }).check();
    await page.getByLabel('First name').fill('Grace');
    await page.getByLabel('Last name').fill('Hill');
    await page.getByLabel('Date of birth (optional)').fill('1981-06-07');
    await page.getByLabel('Postcode (optional)').fill('tn13 5ee');
    await page.getByLabel('Yes, the victim consents').check();
    await page.getByRole('button', { name: 'Record the application' }).click();
    await summary.getByText('Select the partner agencies the victim agrees may receive their details').waitFor();
    await page.getByLabel('Kent Police', { exact: true }).check();
    await page.getByLabel('Kent Community Wardens', { exact: true }).check();
    await page.getByRole('button', { name: 'Record the application' }).click();
    const heading = page.getByRole('heading', { name: /^Application SDC-CT-/ });
    await heading.waitFor();
    const reference = (await heading.innerText()).replace('Application ', '').trim();
    const recorded = await t.query(`{ triggerApplications { id reference status channel consentId applicant { id } } }`, {}, { token: spoc });
    const app = (recorded.data!.triggerApplications as Array<{ id: string; reference: string; status: string; channel: string; consentId: string | null; applicant: { id: string } }>).find((a) => a.reference === reference)!;
    // The console's registration matched Kent Police's person; the application rests on the consent it recorded.
    expect(app).toMatchObject({ status: 'RECEIVED', channel: 'PHONE', applicant: { id: personId } });
    expect(app.consentId).toBeTruthy();
    const consents = await t.query(`query($p: ID!) { person(id: $p) { consents { id captureMethod purposes recipientAgencies { id } } } }`, { p: personId }, { token: spoc });
    expect(consents.errors).toBeUndefined();
    const consent = (consents.data!.person.consents as Array<{ id: string; captureMethod: string; purposes: string[]; recipientAgencies: Array<{ id: string }> }>).find((c) => c.id === app.consentId)!;
    expect(consent).toMatchObject({ captureMethod: 'PHONE', purposes: ['CASE_REVIEW'] });
    expect(consent.recipientAgencies.map((a) => a.id).sort()).toEqual(['kent-police', 'kent-wardens', 'sevenoaks-dc']);

    // The person: one record per supplying agency, Kent Police's vulnerability withheld (special category).
    await page.getByRole('link', { name: 'Each agency’s record of the applicant' }).click();
    const records = page.getByTestId('person-records');
    await records.waitFor();
    const api = await t.query(`query($id: ID!) { person(id: $id) { records { agency { name } vulnerabilities phone } } }`, { id: personId }, { token: spoc });
    const apiRecords = api.data!.person.records as Array<{ agency: { name: string } }>;
    expect(apiRecords.map((r) => r.agency.name)).toEqual(['Sevenoaks District Council', 'Kent Police']);
    expect(await records.locator('.govuk-summary-card__title').allInnerTexts()).toEqual(apiRecords.map((r) => r.agency.name));
    const withheldPaths = (api.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => `${e.path!.slice(2).join('.')}:${e.extensions!.category}`);
    expect(withheldPaths).toEqual(['1.vulnerabilities:SPECIAL_CATEGORY']);
    const policeCard = records.locator('.govuk-summary-card').nth(1);
    expect(await policeCard.locator('.app-withheld').count()).toBe(1);
    expect(await policeCard.locator('.govuk-summary-list__row', { hasText: 'Vulnerabilities' }).innerText()).toMatch(/Withheld\s+Special category/);
    expect(await policeCard.innerText()).toContain('01732 000111');
    expect(await records.innerText()).not.toContain('Hearing impaired');
    await accessible(page, 'spoc-person');

    // Acknowledged, evaluated, decided met at the SPOC's discretion, then the review convened.
    await page.goBack();
    await heading.waitFor();
    await page.getByRole('button', { name: 'Acknowledge the application' }).click();
    await page.getByTestId('acknowledge').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Evaluate the threshold' }).click();
    await page.getByTestId('threshold-verdict').waitFor();
    await page.getByLabel(/^Threshold met: convene/).check();
    await page.getByLabel('Harm or potential harm caused').check();
    await page.getByLabel('Reasons for the decision').fill('The victim is vulnerable and the harm is serious');
    await page.getByRole('button', { name: 'Record the decision' }).click();
    const convene = page.getByTestId('convene');
    await convene.waitFor();
    await convene.getByRole('button', { name: 'Convene the review' }).click();
    await summary.getByText('Select at least three agencies for the panel').waitFor();
    await accessible(page, 'spoc-convene');
    await convene.getByLabel('Kent Police', { exact: true }).check();
    await convene.getByLabel('Kent Community Wardens', { exact: true }).check();
    await convene.getByLabel('Chair').selectOption('sevenoaks-dc');
    await convene.getByRole('button', { name: 'Convene the review' }).click();
    await page.getByTestId('case-history').waitFor();
    const reviewId = page.url().split('/reviews/')[1];
    await page.getByRole('button', { name: 'Record that the victim was invited' }).click();
    await page.getByTestId('victim-invited').getByText(/^Invited to the review/).waitFor();
    await page.getByLabel('Agency', { exact: true }).selectOption('kent-police');
    await page.getByLabel('What is asked').fill('Every call-out to the address since January');
    const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Answer due').fill(inAWeek);
    await page.getByRole('button', { name: 'Send the request' }).click();
    await page.getByTestId('information-requests').getByText('Every call-out to the address since January').waitFor();
    await page.getByLabel('Owner').selectOption('kent-wardens');
    await page.getByLabel('What is to be done').fill('Extra patrols on the street at night');
    await page.getByLabel('Due', { exact: true }).fill(inAWeek);
    await page.getByRole('button', { name: 'Add the action' }).click();
    await page.getByTestId('action-items').getByText('Extra patrols on the street at night').waitFor();
    await accessible(page, 'spoc-review');
    const review = await t.query(`query($id: ID!) { caseReview(id: $id) { victimInvitedAt chair { id } panel { id } informationRequests { agency { id } dueOn } actionItems { ownerAgency { id } status } application { reference } } }`, { id: reviewId }, { token: spoc });
    expect(review.errors).toBeUndefined();
    expect(review.data!.caseReview).toMatchObject({
      chair: { id: 'sevenoaks-dc' },
      informationRequests: [{ agency: { id: 'kent-police' }, dueOn: inAWeek }],
      actionItems: [{ ownerAgency: { id: 'kent-wardens' }, status: 'OPEN' }],
      application: { reference },
    });
    expect(review.data!.caseReview.victimInvitedAt).toBeTruthy();
    expect((review.data!.caseReview.panel as Array<{ id: string }>).map((a) => a.id).sort()).toEqual(['kent-police', 'kent-wardens', 'sevenoaks-dc']);
    await page.context().close();
  });

  it('a reviewer: answers an information request, records a finding and a recommendation, and completes an action of their agency', async () => {
    const { reviewId } = withoutGrant;
    const spoc = await tokenFor('sevenoaks-dc', 'spoc');
    const due = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    const asked = await t.query(`mutation($r: ID!, $d: Date!) { requestInformation(reviewId: $r, agencyId: "kent-police", request: "Body-worn video of the visit", dueOn: $d) { id } }`, { r: reviewId, d: due(5) }, { token: spoc });
    expect(asked.errors).toBeUndefined();
    const action = await t.query(`mutation($r: ID!, $d: Date!) { addActionItem(reviewId: $r, ownerAgencyId: "kent-police", description: "Visit the neighbour with the council", dueOn: $d) { id } }`, { r: reviewId, d: due(20) }, { token: spoc });
    expect(action.errors).toBeUndefined();

    const page = await openPage();
    await signIn(page, 'Kent Police', /^Case review panel member/);
    // The reviews list flags the request addressed to the reader's agency.
    await page.locator('tr', { hasText: withoutGrant.reference }).getByText('1 request to answer').waitFor();
    await page.getByRole('link', { name: withoutGrant.reference }).click();
    const work = page.getByTestId('review-work');
    await work.waitFor();
    await work.getByText('Body-worn video of the visit').waitFor();
    await page.getByLabel('Your agency’s answer').fill('Footage of 3 May attached to the case file');
    await page.getByRole('button', { name: 'Send the answer' }).click();
    await page.getByTestId('information-requests').getByText(/Answer \(.*\): Footage of 3 May attached to the case file/).waitFor();

    await page.getByRole('button', { name: 'Record it' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.getByText('Select whether it is a finding or a recommendation').waitFor();
    expect(await summary.locator('a').allInnerTexts()).toEqual(['Select whether it is a finding or a recommendation', 'Enter the finding or recommendation']);
    await accessible(page, 'reviewer-review-work');
    await page.getByLabel('Finding', { exact: true }).check();
    await page.getByLabel('Text', { exact: true }).fill('Reports to the police and the wardens were never joined up');
    await page.getByRole('button', { name: 'Record it' }).click();
    await page.getByTestId('findings').getByText('Reports to the police and the wardens were never joined up').waitFor();
    await page.getByLabel('Recommendation', { exact: true }).check();
    await page.getByLabel('Text', { exact: true }).fill('Share warden logs with the police weekly');
    await page.getByLabel('The agency it concerns (optional)').selectOption('kent-police');
    await page.getByRole('button', { name: 'Record it' }).click();
    await page.getByTestId('recommendations').getByText('Share warden logs with the police weekly').waitFor();

    const row = page.getByTestId('action-items').locator('tr', { hasText: 'Visit the neighbour with the council' });
    await row.getByLabel('Status').selectOption('DONE');
    await row.getByRole('button', { name: 'Update' }).click();
    await summary.getByText('Enter the evidence that the action is done').waitFor();
    await row.getByLabel('Evidence of completion').fill('Visited on 4 May with the council’s officer');
    await row.getByRole('button', { name: 'Update' }).click();
    await row.locator('.govuk-tag', { hasText: /^Done$/ }).waitFor();

    const api = await t.query(
      `query($id: ID!) { caseReview(id: $id) { findings { kind text agency { id } } informationRequests { request response } actionItems { description status completionEvidence } } }`,
      { id: reviewId },
      { token: await tokenFor('kent-police', 'reviewer') },
    );
    expect(api.errors).toBeUndefined();
    const r = api.data!.caseReview;
    expect(r.findings).toEqual(expect.arrayContaining([
      { kind: 'FINDING', text: 'Reports to the police and the wardens were never joined up', agency: null },
      { kind: 'RECOMMENDATION', text: 'Share warden logs with the police weekly', agency: { id: 'kent-police' } },
    ]));
    expect(r.informationRequests).toContainEqual({ request: 'Body-worn video of the visit', response: 'Footage of 3 May attached to the case file' });
    expect(r.actionItems).toContainEqual({ description: 'Visit the neighbour with the council', status: 'DONE', completionEvidence: 'Visited on 4 May with the council’s officer' });
    await page.context().close();
  });

  it('a DPO: the data sharing agreements listed and one recorded; the grants over a person listed and one recorded', async () => {
    const dpo = await tokenFor('sevenoaks-dc', 'dpo');
    const page = await openPage();
    await signIn(page, 'Sevenoaks District Council', /^Data protection officer/);
    await page.getByTestId('access-log').waitFor();
    await page.getByRole('link', { name: 'Agreements' }).click();
    const table = page.getByTestId('agreements');
    await table.waitFor();
    const before = await t.query(`{ dataSharingAgreements { reference } }`, {}, { token: dpo });
    const refs = (before.data!.dataSharingAgreements as Array<{ reference: string }>).map((a) => a.reference);
    expect(refs).toEqual(expect.arrayContaining(['DSA-KENT-2026', 'DSA-KENT-HERTS-2026']));
    expect((await table.locator('tbody th').allInnerTexts()).map((x) => x.split('\n')[0].trim())).toEqual(refs);
    await accessible(page, 'dpo-agreements');

    await page.getByText('Record an agreement').click();
    await page.getByRole('button', { name: 'Record the agreement' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.getByText('Enter the agreement’s reference').waitFor();
    expect(await summary.getByText('Select at least two parties, your agency among them').count()).toBe(1);
    const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Reference').fill('DSA-SDC-WARDENS-2027');
    await page.getByLabel('Title', { exact: true }).fill('Sevenoaks and the wardens: ASB case management');
    await page.getByLabel('Kent Community Wardens', { exact: true }).check();
    await page.getByLabel('Data protection officer of Sevenoaks District Council').fill('DPO, Sevenoaks DC');
    await page.getByLabel('Data protection officer of Kent Community Wardens').fill('DPO, Kent Community Wardens');
    await page.getByLabel('ASB case management').check();
    await page.getByLabel('Incident detail', { exact: true }).check();
    await page.getByLabel('Public task (Art. 6(1)(e))').check();
    await page.getByLabel('Legal gateway').fill('Crime and Disorder Act 1998 s.115');
    await page.getByLabel('How long shared data is kept').fill('Two years after the case closes');
    await page.getByLabel('Starts on').fill(day(0));
    await page.getByLabel('Review on').fill(day(180));
    await page.getByLabel('Last day in force').fill(day(365));
    await page.getByRole('button', { name: 'Record the agreement' }).click();
    await page.getByTestId('agreement-recorded').getByText('Agreement DSA-SDC-WARDENS-2027 recorded').waitFor();
    await table.locator('tbody th', { hasText: 'DSA-SDC-WARDENS-2027' }).waitFor();
    const after = await t.query(`{ dataSharingAgreements { reference parties partyDpos purposes categories lawfulBasis endsOn } }`, {}, { token: dpo });
    expect((after.data!.dataSharingAgreements as Array<{ reference: string }>).find((a) => a.reference === 'DSA-SDC-WARDENS-2027')).toEqual({
      reference: 'DSA-SDC-WARDENS-2027', parties: ['sevenoaks-dc', 'kent-wardens'], partyDpos: ['DPO, Sevenoaks DC', 'DPO, Kent Community Wardens'], purposes: ['CASE_MANAGEMENT'], categories: ['INCIDENT_DETAIL'], lawfulBasis: 'PUBLIC_TASK', endsOn: day(365),
    });

    // The grants over Frank Moss (the consent-only case): listed as the API lists them, then one recorded.
    await page.getByRole('link', { name: 'Grants' }).click();
    await page.getByRole('button', { name: 'Show the grants' }).click();
    await summary.getByText(/^Enter the person id/).waitFor();
    await page.getByLabel('Person id').fill(withoutGrant.personId);
    await page.getByRole('button', { name: 'Show the grants' }).click();
    const grants = page.getByTestId('grants');
    await grants.waitFor();
    const listed = async () => ((await t.query(`query($p: ID!) { accessGrants(personId: $p) { id } }`, { p: withoutGrant.personId }, { token: dpo })).data!.accessGrants as unknown[]).length;
    const count = await listed();
    expect(count).toBeGreaterThan(0);
    await expect.poll(() => grants.locator('tbody tr').count()).toBe(count);
    const form = page.getByTestId('record-grant');
    await form.getByLabel('Agency', { exact: true }).selectOption('kent-mental-health');
    await form.getByLabel('Identity', { exact: true }).check();
    await form.getByLabel('ASB Case Review (Community Trigger)').check();
    await form.getByLabel('Public task (Art. 6(1)(e))').check();
    await form.getByLabel('Data sharing agreement').selectOption('DSA-KENT-2026');
    await form.getByLabel('Why').fill('The panel’s health partner needs to know who the victim is');
    await form.getByLabel('Ends').fill(`${day(30)}T17:00`);
    await form.getByRole('button', { name: 'Record the grant' }).click();
    await page.getByTestId('grant-recorded').getByText('1 grant recorded').waitFor();
    expect(await listed()).toBe(count + 1);
    await expect.poll(() => grants.locator('tbody tr').count()).toBe(count + 1);
    expect(await grants.locator('tr', { hasText: 'Kent and Medway Mental Health Partnership' }).filter({ hasText: 'DSA-KENT-2026' }).innerText()).toContain('Sevenoaks District Council');
    await accessible(page, 'dpo-grants');
    // The person the grants are over, as each agency's record is open to the DPO's agency.
    await page.getByRole('link', { name: 'Each agency’s record of this person' }).click();
    const records = page.getByTestId('person-records');
    await records.waitFor();
    const person = await t.query(`query($id: ID!) { person(id: $id) { records { agency { name } } } }`, { id: withoutGrant.personId }, { token: dpo });
    const names = (person.data!.person.records as Array<{ agency: { name: string } }>).map((r) => r.agency.name);
    expect(names).toContain('Sevenoaks District Council');
    await expect.poll(() => records.locator('.govuk-summary-card__title').allInnerTexts()).toEqual(names);
    await page.context().close();
  });

  it('a contributor: uploads a CSV file (the good records taken, each bad one shown with its line, field and reason), then JSON updating one', async () => {
    const contributor = await tokenFor('kent-police', 'contributor');
    const ago = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
    // What the hub says of the bad time, asked alone (a rejected record is not stored).
    const probe = await t.query(
      `mutation($r: [IncidentInput!]!) { submitIncidents(source: POLICE, records: $r) { accepted rejected { errors { field message } } } }`,
      { r: [{ sourceRef: 'UP-3', category: 'NUISANCE', occurredAt: 'last tuesday', location: { address: '3 High Street, Sevenoaks' }, police: {} }] },
      { token: contributor },
    );
    expect(probe.data!.submitIncidents.accepted).toBe(0);
    const hubSays = probe.data!.submitIncidents.rejected[0].errors as Array<{ field: string; message: string }>;
    expect(hubSays.length).toBeGreaterThan(0);
    const csv = [
      'incident_ref,occurred_at,nsir_category,nsir_sub_type,description,address,crime_ref',
      `UP-1,${ago(3)},NUISANCE,Noise,Loud music until 3am,"1 High Street, Sevenoaks",`,
      `UP-2,${ago(2)},PERSONAL,,Threats shouted at the neighbour,"2 High Street, Sevenoaks",CR-9`,
      'UP-3,last tuesday,NUISANCE,Noise,Banging on the door,"3 High Street, Sevenoaks",',
      `UP-4,${ago(1)},NOISE,,Music,"4 High Street, Sevenoaks",`,
    ].join('\n');

    const page = await openPage();
    await signIn(page, 'Kent Police', /^Contributing system/);
    await page.getByRole('heading', { name: 'Upload incidents' }).waitFor();
    await page.getByRole('button', { name: 'Send the incidents' }).click();
    await page.locator('.govuk-error-summary').getByText('Select a CSV or JSON file').waitFor();
    await expect.poll(() => page.title()).toMatch(/^Error: /); // the title says so first (GOV.UK pattern)
    await accessible(page, 'contributor-upload');
    await page.getByLabel('Upload a file').setInputFiles({ name: 'incidents.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Send the incidents' }).click();
    const report = page.getByTestId('upload-report');
    await report.waitFor();
    expect(await report.locator('.govuk-summary-list__row', { hasText: 'New incidents' }).locator('dd').innerText()).toBe('2');
    expect(await report.locator('.govuk-summary-list__row', { hasText: 'Not taken' }).locator('dd').innerText()).toBe('2');
    expect(await page.getByText('Sent 4 of 4 records').count()).toBe(1);
    const rows = await page.getByTestId('rejected').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())));
    expect(rows).toEqual([
      ...hubSays.map((e) => ['Line 4', 'UP-3', e.field, e.message]),
      ['Line 5', 'UP-4', 'category', 'must be one of PERSONAL, NUISANCE, ENVIRONMENTAL'],
    ]);
    await accessible(page, 'contributor-upload-report');
    const stored = await t.hub.subgraphs.incidents.db.orm.em.fork().find(Incident, { agencyId: 'kent-police', sourceRef: { $in: ['UP-1', 'UP-2', 'UP-3', 'UP-4'] } }, { orderBy: { sourceRef: 'asc' } });
    expect(stored.map((i) => [i.sourceRef, i.category])).toEqual([['UP-1', 'NUISANCE'], ['UP-2', 'PERSONAL']]);

    // JSON records: the same reference again updates its incident.
    const json = [{ sourceRef: 'UP-1', category: 'NUISANCE', subType: 'Noise', occurredAt: ago(3), description: 'Loud music until 4am', location: { address: '1 High Street, Sevenoaks' }, police: {} }];
    await page.getByLabel('Upload a file').setInputFiles({ name: 'incidents.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) });
    await page.getByRole('button', { name: 'Send the incidents' }).click();
    await page.getByTestId('upload-done').getByText('The record was taken.').waitFor();
    expect(await report.locator('.govuk-summary-list__row', { hasText: 'Updated' }).locator('dd').innerText()).toBe('1');
    const updated = await t.hub.subgraphs.incidents.db.orm.em.fork().findOneOrFail(Incident, { agencyId: 'kent-police', sourceRef: 'UP-1' });
    expect(updated.description).toBe('Loud music until 4am');
    await page.context().close();
  });

  it('loaded nothing from anywhere but the hub, and broke no rule of its Content-Security-Policy', () => {
    expect(foreign).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
