import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startGateway, type RunningGateway } from '../gateway';
import { signApplicantLink } from '../gateway/apply/link';
import { PRIVACY_NOTICE_VERSION } from '../gateway/apply/strings';
import { config } from '../platform/config';
import { IntelligenceRecord } from '../subgraphs/triggers/entities/Intelligence';
import { ensureConsoleBuilt, launchChromium } from '../scripts/lib/browser';
import { startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * The public side (gateway/apply/): the online application form at /apply/<authority> in
 * Chromium, in English and Welsh, and its submission over plain HTTP; what it records checked
 * through the API (the authority's SPOC); the applicant's own page opened by its signed link; the
 * abuse refusals. Every page of the form is checked with axe (no serious or critical violation).
 */
// The hub under test takes many submissions from one address; the limits are tested on gateways of their own below.
vi.hoisted(() => {
  process.env.APPLY_SUBMISSIONS_PER_HOUR = '1000';
  process.env.APPLY_PAGES_PER_MINUTE = '1000';
});

let t: TestHub;
let browser: Browser;
let base: string;
let spoc: string;
const foreign: string[] = [];
const cspViolations: string[] = [];

beforeAll(async () => {
  ensureConsoleBuilt();
  [t, browser] = await Promise.all([startTestHub({ seed: true }), launchChromium()]);
  base = `http://127.0.0.1:${t.hub.gateway.port}`;
  spoc = await tokenFor('sevenoaks-dc', 'spoc');
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

/** A complete application's answers, as the form posts them. */
function answers(over: Record<string, string> = {}): Record<string, string> {
  return {
    lang: 'en', who: 'victim', givenName: 'Gwen', familyName: 'Price', 'dob-day': '4', 'dob-month': '5', 'dob-year': '1981',
    description: 'Loud music every night from the flat above, and shouting in the stairwell.', place: 'Bank Street, Sevenoaks', since: 'June 2026',
    'reported-kent-police': 'yes', 'when-kent-police': 'July 2026', 'ref-kent-police': 'KP-4411', 'reported-sevenoaks-dc': 'yes',
    contactBy: 'email', email: 'gwen.price@example.org', phone: '01632 960 001', address: '3 Bank Street, Sevenoaks', postcode: 'TN13 1AB', consent: 'yes', ...over,
  };
}

const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString(), redirect: 'manual' });

async function applications() {
  const res = await t.query(
    `{ triggerApplications(authority: "sevenoaks-dc", includeClosed: true) { id reference channel applicantType status notPursuedReason summary consentId consentStatus acknowledgedAt recordedBy: applicant { id givenName email postcode records { agency { id } } consents { id captureMethod noticeVersion purposes categories recipientAgencies { id } status grants { agencyId revokedAt } } } victim { id givenName } letters { kind subject text } } }`,
    {},
    { token: spoc },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.triggerApplications as Array<Record<string, any>>;
}

const linkFrom = (html: string) => html.match(/id="applicant-link" href="([^"]+)"/)?.[1]?.replaceAll('&amp;', '&');

describe('the online application form over HTTP', () => {
  it('serves the start page without sign-in, with the console’s CSP and no cache; an unknown authority is a 404 page', async () => {
    const res = await fetch(`${base}/apply/sevenoaks-dc`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toMatch(/https?:|unsafe-inline|\*/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('Sevenoaks District Council');
    expect(html).toMatch(/<link rel="stylesheet" href="\/assets\/[^"]+\.css">/);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    const cy = await (await fetch(`${base}/apply/sevenoaks-dc?lang=cy`)).text();
    expect(cy).toContain('<html lang="cy"');
    expect(cy).toContain('Dechrau nawr');
    for (const missing of ['/apply/kent-police', '/apply/nowhere-at-all', '/apply/%3Cscript%3E']) {
      const r = await fetch(`${base}${missing}`);
      expect(r.status, missing).toBe(404);
      expect(await r.text()).not.toContain('<script>');
    }
  });

  it('a bad field: the page again, with an error summary naming the field, never echoing the value', async () => {
    const res = await post('/apply/sevenoaks-dc/contact', { ...answers(), email: 'not-an-<email>', postcode: 'ZZZ' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('There is a problem');
    expect(html).toContain('<a href="#email">Enter an email address in the correct format');
    expect(html).toContain('<a href="#postcode">Enter a real postcode');
    expect(html).toMatch(/<title>Error: /);
    // The value comes back only inside its own input (escaped), never in a message.
    const messages = [...html.matchAll(/class="govuk-error-message">(.*?)<\/p>/g)].map((m) => m[1]).join(' ');
    expect(messages).not.toContain('not-an');
    expect(html).not.toContain('not-an-<email>');
    // The submission refuses the same answers, on the same page.
    const submitted = await post('/apply/sevenoaks-dc', { ...answers(), email: 'nope' });
    expect(submitted.status).toBe(400);
    expect(await submitted.text()).toContain('<a href="#email">');
  });

  it('a valid application: the person as the authority’s record, the consent online with the notice version, ONLINE and acknowledged at once (CT1), the applicant’s page', async () => {
    const res = await post('/apply/sevenoaks-dc', answers());
    expect(res.status).toBe(201);
    const html = await res.text();
    const reference = html.match(/id="reference">([^<]+)</)![1];
    expect(reference).toMatch(/^SDC-CT-\d{4}-\d{4}$/);
    const app = (await applications()).find((a) => a.reference === reference)!;
    expect(app).toMatchObject({ channel: 'ONLINE', applicantType: 'VICTIM', status: 'ACKNOWLEDGED', consentStatus: 'ACTIVE' });
    expect(app.acknowledgedAt).toBeTruthy();
    expect(app.summary).toContain('Kent Police, about July 2026, reference KP-4411');
    expect(app.recordedBy).toMatchObject({ givenName: 'Gwen', email: 'gwen.price@example.org', postcode: 'TN13 1AB' });
    expect(app.recordedBy.records.map((r: any) => r.agency.id)).toEqual(['sevenoaks-dc']);
    const consent = app.recordedBy.consents.find((c: any) => c.id === app.consentId);
    expect(consent).toMatchObject({ captureMethod: 'ONLINE', noticeVersion: PRIVACY_NOTICE_VERSION, purposes: ['CASE_REVIEW'], status: 'ACTIVE' });
    expect(consent.categories.sort()).toEqual(['CONTACT', 'IDENTITY', 'INCIDENT_DETAIL']);
    // The authority and the partner agencies of its area (Kent), no one else.
    // Kent's partnership now has eight agencies (a second housing provider, the fire service, the PCC's office: seeds/demo-data.ts).
    expect(consent.recipientAgencies.map((a: any) => a.id).sort()).toEqual(['kent-fire', 'kent-mental-health', 'kent-pcc', 'kent-police', 'kent-wardens', 'moat-homes', 'sevenoaks-dc', 'west-kent-housing']);
    expect(app.letters.map((l: any) => l.kind)).toEqual(['CT1']);
    expect(app.letters[0].text).toContain('Sevenoaks District Council');

    const link = linkFrom(html)!;
    expect(link).toMatch(/^\/apply\/sevenoaks-dc\/status\/[\w-]+\.[\w-]+\.[\w-]+\?lang=en$/);
    // The acknowledgement as sent carries the same link (not only the confirmation page).
    expect(app.letters[0].text).toContain(link.split('?')[0]);
    const own = await (await fetch(`${base}${link}`)).text();
    expect(own).toContain(reference);
    expect(own).toContain('Acknowledged');
    expect(own).toContain('CT1');
    expect(own).toContain('Tell you the outcome of the process');
    expect(own).toContain('single point of contact at Sevenoaks District Council');
  });

  it('someone applying on the victim’s behalf: a representative application whose consent is the victim’s', async () => {
    const res = await post('/apply/sevenoaks-dc', answers({ who: 'behalf', givenName: 'Huw', familyName: 'Price', victimGivenName: 'Nia', victimFamilyName: 'Price', victimAgreed: 'yes', email: 'huw@example.org', 'dob-year': '1960' }));
    expect(res.status).toBe(201);
    const reference = (await res.text()).match(/id="reference">([^<]+)</)![1];
    const app = (await applications()).find((a) => a.reference === reference)!;
    expect(app).toMatchObject({ applicantType: 'REPRESENTATIVE', status: 'ACKNOWLEDGED', victim: { givenName: 'Nia' } });
    // Without the victim's agreement there is no application.
    const refused = await post('/apply/sevenoaks-dc', answers({ who: 'behalf', victimGivenName: 'Nia', victimFamilyName: 'Price' }));
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('<a href="#victimAgreed">');
  });

  it('the same person again while theirs is open: flagged on it, and neither its reference nor a link is shown', async () => {
    const first = await post('/apply/sevenoaks-dc', answers({ givenName: 'Wyn', familyName: 'Ellis', email: 'wyn@example.org' }));
    const reference = (await first.text()).match(/id="reference">([^<]+)</)![1];
    const again = await post('/apply/sevenoaks-dc', answers({ givenName: 'Wyn', familyName: 'Ellis', email: 'someone.else@example.org', description: 'Still happening' }));
    expect(again.status).toBe(200);
    const html = await again.text();
    expect(html).toContain('We already have an application from you');
    expect(html).not.toContain(reference);
    expect(linkFrom(html)).toBeUndefined();
    const apps = (await applications()).filter((a) => a.recordedBy?.givenName === 'Wyn');
    expect(apps.length).toBe(1);
    // The details the authority holds are not changed by a public form.
    expect(apps[0].recordedBy.email).toBe('wyn@example.org');
    const repeat = await t.query(`query($id: ID!) { triggerApplication(id: $id) { repeatCount } }`, { id: apps[0].id }, { token: spoc });
    expect(repeat.data!.triggerApplication.repeatCount).toBe(1);
  });

  it('without consent to share: NOT_PURSUED, and the person is told why', async () => {
    const before = (await applications()).length;
    const res = await post('/apply/sevenoaks-dc', answers({ givenName: 'Ivor', familyName: 'Jones', email: 'ivor@example.org', consent: 'no' }));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Your application cannot go ahead');
    expect(html).toContain('You did not agree to your information being shared');
    const apps = await applications();
    expect(apps.length).toBe(before + 1);
    const app = apps.find((a) => a.recordedBy?.givenName === 'Ivor')!;
    expect(app).toMatchObject({ status: 'NOT_PURSUED', notPursuedReason: 'NO_CONSENT', consentId: null, channel: 'ONLINE' });
    expect(app.recordedBy.consents).toEqual([]);
    const own = await (await fetch(`${base}${linkFrom(html)!}`)).text();
    expect(own).toContain('Not pursued');
  });

  it('anonymous: refused as an application, its details kept as intelligence', async () => {
    const before = (await applications()).length;
    const res = await post('/apply/sevenoaks-dc', { lang: 'en', who: 'anonymous', description: 'Motorbikes on the recreation ground after dark', place: 'Hollybush Lane' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('We cannot accept an anonymous application');
    expect((await applications()).length).toBe(before);
    const kept = await t.hub.subgraphs.triggers.db.orm.em.fork().find(IntelligenceRecord, { authorityAgencyId: 'sevenoaks-dc', channel: 'ONLINE' as never });
    expect(kept.some((r) => r.details?.includes('Motorbikes on the recreation ground') && r.details.includes('Hollybush Lane') && r.recordedBy === 'online-form')).toBe(true);
  });

  it('a partner agency is sent to the console', async () => {
    const res = await post('/apply/sevenoaks-dc/who', { lang: 'en', who: 'agency' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('href="/">Go to the partnership console');
  });

  it('the applicant’s page: only with a valid link for that application; withdrawal from it revokes the grants on the next request', async () => {
    const first = await post('/apply/sevenoaks-dc', answers({ givenName: 'Jac', familyName: 'Evans', email: 'jac@example.org' }));
    const second = await post('/apply/sevenoaks-dc', answers({ givenName: 'Kay', familyName: 'Lloyd', email: 'kay@example.org', 'dob-year': '1990' }));
    const [firstHtml, secondHtml] = [await first.text(), await second.text()];
    const [firstLink, secondLink] = [linkFrom(firstHtml)!, linkFrom(secondHtml)!];
    const firstRef = firstHtml.match(/id="reference">([^<]+)</)![1];
    const secondPage = await (await fetch(`${base}${secondLink}`)).text();
    expect(secondPage).not.toContain(firstRef);
    expect(secondPage).not.toContain('Jac');
    // A second applicant's link, altered to name the first's application, opens nothing.
    const [, payload] = secondLink.split('/status/')[1].split('?')[0].split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const firstApp = (await applications()).find((a) => a.reference === firstRef)!;
    const forged = secondLink.replace(payload, Buffer.from(JSON.stringify({ ...claims, app: firstApp.id })).toString('base64url'));
    const refused = await fetch(`${base}${forged}`);
    expect(refused.status).toBe(404);
    expect(await refused.text()).not.toContain(firstRef);
    // Signed for the right application but another person (the second applicant): nothing either.
    const secondApp = (await applications()).find((a) => a.recordedBy?.givenName === 'Kay')!;
    const crossed = await signApplicantLink(config(), { applicationId: firstApp.id, personId: secondApp.recordedBy.id, authorityId: 'sevenoaks-dc' }, 1);
    expect((await fetch(`${base}/apply/sevenoaks-dc/status/${crossed.token}`)).status).toBe(404);
    // The link is for its own authority's page only; an expired one says so.
    expect((await fetch(`${base}${firstLink.replace('/apply/sevenoaks-dc/', '/apply/east-herts-dc/')}`)).status).toBe(404);
    const old = await signApplicantLink(config(), { applicationId: firstApp.id, personId: firstApp.recordedBy.id, authorityId: 'sevenoaks-dc' }, 1, new Date(Date.now() - 2 * 86_400_000));
    expect((await fetch(`${base}/apply/sevenoaks-dc/status/${old.token}`)).status).toBe(410);

    const grantsBefore = firstApp.recordedBy.consents[0].grants as Array<{ revokedAt: string | null }>;
    expect(grantsBefore.length).toBeGreaterThan(0);
    expect(grantsBefore.every((g) => g.revokedAt === null)).toBe(true);
    const withdrawn = await post(`${firstLink.split('?')[0]}/withdraw`, { lang: 'en', reason: 'I have moved away' });
    expect(withdrawn.status).toBe(200);
    const after = await withdrawn.text();
    expect(after).toContain('You have withdrawn your consent');
    expect(after).not.toContain('Withdraw my consent');
    const app = (await applications()).find((a) => a.reference === firstRef)!;
    expect(app.consentStatus).toBe('WITHDRAWN');
    expect(app.recordedBy.consents[0].grants.every((g: { revokedAt: string | null }) => g.revokedAt !== null)).toBe(true);
    // The second applicant's consent is untouched.
    expect((await applications()).find((a) => a.recordedBy?.givenName === 'Kay')!.consentStatus).toBe('ACTIVE');
  });
});

describe('abuse protection', () => {
  let gw: RunningGateway;
  let gwBase: string;
  beforeAll(async () => {
    gw = await startGateway({ port: 0, subgraphUrls: t.hub.peers, applyLimits: { submissionsPerHour: 2, authorityPerHour: 1_000, pagesPerMinute: 1_000 } });
    gwBase = `http://127.0.0.1:${gw.port}`;
  });
  afterAll(() => gw?.stop());
  const postTo = (path: string, fields: Record<string, string>) =>
    fetch(`${gwBase}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

  it('a filled honeypot is refused and nothing is recorded; an over-long body is refused; over the limit per address: 429 with a message', async () => {
    const before = (await applications()).length;
    const bot = await postTo('/apply/sevenoaks-dc', answers({ givenName: 'Robot', website: 'http://spam.example' }));
    expect(bot.status).toBe(400);
    expect(await bot.text()).toContain('This form could not be accepted');
    expect((await applications()).length).toBe(before);
    const huge = await postTo('/apply/sevenoaks-dc/what', { ...answers(), description: 'x'.repeat(60_000) });
    expect(huge.status).toBe(413);
    expect(await huge.text()).toContain('too long');
    const long = await postTo('/apply/sevenoaks-dc/what', { ...answers(), description: 'y'.repeat(3_001) });
    expect(long.status).toBe(400);
    expect(await long.text()).toContain('must be 3000 characters or fewer');
    // The honeypot counted as one; one more, then refused.
    expect((await postTo('/apply/sevenoaks-dc', answers({ givenName: 'Lowri', familyName: 'Hughes', email: 'lowri@example.org' }))).status).toBe(201);
    const limited = await postTo('/apply/sevenoaks-dc', answers({ lang: 'cy', givenName: 'Mali', familyName: 'Hughes' }));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.text()).toContain('Mae gormod o geisiadau');
  });

  it('per authority: one authority’s limit does not close another’s form', async () => {
    const g = await startGateway({ port: 0, subgraphUrls: t.hub.peers, applyLimits: { submissionsPerHour: 1_000, authorityPerHour: 1, pagesPerMinute: 1_000 } });
    try {
      const url = (p: string) => `http://127.0.0.1:${g.port}${p}`;
      const send = (authority: string, over: Record<string, string>) =>
        fetch(url(`/apply/${authority}`), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(answers(over)).toString() });
      expect((await send('sevenoaks-dc', { givenName: 'Osian', familyName: 'Rees', email: 'osian@example.org' })).status).toBe(201);
      const over = await send('sevenoaks-dc', { givenName: 'Pryderi', familyName: 'Rees' });
      expect(over.status).toBe(429);
      expect(await over.text()).toContain('This council is receiving too many online applications');
      expect((await send('east-herts-dc', { givenName: 'Rhys', familyName: 'Rees', postcode: 'SG12 9AA', email: 'rhys@example.org' })).status).toBe(201);
    } finally {
      await g.stop();
    }
  });
});

// ---- in the browser ----

async function openPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  const page = await context.newPage();
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:')) foreign.push(r.url());
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  return page;
}

const checked: string[] = [];
/** SCREENSHOTS=1 writes each checked page into docs/apply/ (else a temporary folder). */
const shots = process.env.SCREENSHOTS === '1' ? path.join(__dirname, '..', 'docs', 'apply') : fs.mkdtempSync(path.join(os.tmpdir(), 'apply-shots-'));
fs.mkdirSync(shots, { recursive: true });
async function accessible(page: Page, name: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`), name).toEqual([]);
  checked.push(name);
  await page.screenshot({ path: path.join(shots, `${name.replace(/[^a-z0-9]+/gi, '-').replace(/-$/, '')}.png`), fullPage: true });
}

const T = {
  en: { start: 'Start now', victim: 'I am the person experiencing the anti-social behaviour', anonymous: 'I do not want to give my name', cont: 'Continue', given: 'First name', family: 'Last name', day: 'Day', month: 'Month', year: 'Year', description: 'Tell us what has been happening', place: 'Where does it happen?', police: 'I reported it to Kent Police', when: 'Roughly when', ref: 'Reference number', byEmail: 'By email', email: 'Email address', postcode: 'Postcode', yes: 'Yes, I agree', no: 'No, I do not agree', send: 'Accept and send', check: 'Check your answers before sending your application', problem: 'There is a problem', done: 'Application received', notPursued: 'Your application cannot go ahead', anonymousDone: 'We cannot accept an anonymous application', change: 'Change', withdraw: 'Withdraw my consent', withdrawn: 'You have withdrawn your consent' },
  cy: { start: 'Dechrau nawr', victim: 'Fi yw’r person sy’n profi’r ymddygiad gwrthgymdeithasol', anonymous: 'Nid wyf am roi fy enw', cont: 'Parhau', given: 'Enw cyntaf', family: 'Cyfenw', day: 'Diwrnod', month: 'Mis', year: 'Blwyddyn', description: 'Dywedwch wrthym beth sydd wedi bod yn digwydd', place: 'Ble mae’n digwydd?', police: 'Rhoddais wybod i Kent Police', when: 'Tua pryd', ref: 'Cyfeirnod', byEmail: 'Drwy e-bost', email: 'Cyfeiriad e-bost', postcode: 'Cod post', yes: 'Ydw, rwy’n cytuno', no: 'Nac ydw, nid wyf yn cytuno', send: 'Derbyn ac anfon', check: 'Gwiriwch eich atebion cyn anfon eich cais', problem: 'Mae problem wedi codi', done: 'Cais wedi dod i law', notPursued: 'Ni all eich cais fynd yn ei flaen', anonymousDone: 'Ni allwn dderbyn cais dienw', change: 'Newid', withdraw: 'Tynnu fy nghaniatâd yn ôl', withdrawn: 'Rydych wedi tynnu eich caniatâd yn ôl' },
};

async function heading(page: Page, text: string) {
  await page.getByRole('heading', { name: text, exact: true }).first().waitFor();
}

async function applyInBrowser(lang: 'en' | 'cy', who: { given: string; family: string; email: string; consent: 'yes' | 'no'; badPostcodeFirst?: boolean }) {
  const w = T[lang];
  const page = await openPage();
  await page.goto(`${base}/apply/sevenoaks-dc${lang === 'cy' ? '?lang=cy' : ''}`);
  await accessible(page, `${lang} start`);
  await page.getByRole('button', { name: w.start }).click();
  // Continue without choosing: the error summary.
  await page.getByRole('button', { name: w.cont }).click();
  await heading(page, w.problem);
  await accessible(page, `${lang} who (error)`);
  await page.getByLabel(w.victim).check();
  await page.getByRole('button', { name: w.cont }).click();
  await page.getByLabel(w.given, { exact: true }).fill(who.given);
  await page.getByLabel(w.family, { exact: true }).fill(who.family);
  await page.getByLabel(w.day).fill('12');
  await page.getByLabel(w.month).fill('11');
  await page.getByLabel(w.year).fill('1975');
  await accessible(page, `${lang} about`);
  await page.getByRole('button', { name: w.cont }).click();
  await page.getByLabel(w.description).fill('Fireworks thrown at the windows, most weekends.');
  await page.getByLabel(w.place).fill('London Road, Sevenoaks');
  await accessible(page, `${lang} what`);
  await page.getByRole('button', { name: w.cont }).click();
  await page.getByLabel(w.police).check();
  await page.locator('#when-kent-police').fill('Awst 2026');
  await page.locator('#ref-kent-police').fill('KP-778');
  await accessible(page, `${lang} reports`);
  await page.getByRole('button', { name: w.cont }).click();
  await page.getByLabel(w.byEmail).check();
  await page.getByLabel(w.email).fill(who.email);
  await page.getByLabel(w.postcode).fill(who.badPostcodeFirst ? 'NOT A POSTCODE' : 'TN13 2ZZ');
  await page.getByRole('button', { name: w.cont }).click();
  if (who.badPostcodeFirst) {
    await heading(page, w.problem);
    await accessible(page, `${lang} contact (error)`);
    // The summary links to the field; the message names it without the value.
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.textContent()).not.toContain('NOT A POSTCODE');
    await summary.getByRole('link').first().click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('postcode');
    await page.getByLabel(w.postcode).fill('TN13 2ZZ');
    await page.getByRole('button', { name: w.cont }).click();
  }
  await page.locator('#privacy-notice').waitFor();
  expect(await page.locator('#privacy-notice').textContent()).toContain(PRIVACY_NOTICE_VERSION);
  await accessible(page, `${lang} consent`);
  await page.getByLabel(who.consent === 'yes' ? w.yes : w.no).check();
  await page.getByRole('button', { name: w.cont }).click();
  await heading(page, w.check);
  await accessible(page, `${lang} check`);
  // Change an answer from the check page, and come back to it.
  await page.getByRole('button', { name: new RegExp(`^${w.change}`) }).nth(4).click();
  await page.getByLabel(w.place).fill('London Road, Sevenoaks TN13');
  await page.getByRole('button', { name: w.cont }).click();
  await heading(page, w.check);
  expect(await page.locator('.govuk-summary-list').textContent()).toContain('London Road, Sevenoaks TN13');
  await page.getByRole('button', { name: w.send }).click();
  return page;
}

describe('the form in Chromium', () => {
  it('in English: a bad field corrected, then a valid application; the applicant’s page, and withdrawal from it', async () => {
    const page = await applyInBrowser('en', { given: 'Sian', family: 'Morgan', email: 'sian@example.org', consent: 'yes', badPostcodeFirst: true });
    await page.locator('.govuk-panel__title').waitFor();
    expect(await page.locator('.govuk-panel__title').textContent()).toBe(T.en.done);
    const reference = (await page.locator('#reference').textContent())!;
    await accessible(page, 'en confirmation');
    const app = (await applications()).find((a) => a.reference === reference)!;
    expect(app).toMatchObject({ channel: 'ONLINE', status: 'ACKNOWLEDGED', consentStatus: 'ACTIVE', recordedBy: { givenName: 'Sian', email: 'sian@example.org' } });
    expect(app.summary).toContain('Where: London Road, Sevenoaks TN13');
    expect(app.letters.map((l: any) => l.kind)).toEqual(['CT1']);

    await page.locator('#applicant-link').click();
    await page.locator('#status-reference').waitFor();
    expect(await page.locator('#status-reference').textContent()).toBe(reference);
    await accessible(page, 'en applicant page');
    // How they want to take part in the review, chosen on their page.
    await page.getByLabel('Attend the meeting by video or phone').check();
    await page.getByRole('button', { name: 'Save how I want to take part' }).click();
    await page.getByText('We have recorded how you want to take part in the review.').waitFor();
    await accessible(page, 'en applicant page (involvement chosen)');
    const chosen = await t.query(`query($id: ID!) { triggerApplication(id: $id) { victimInvolvement } }`, { id: app.id }, { token: spoc });
    expect(chosen.data!.triggerApplication.victimInvolvement).toBe('ATTEND_VIRTUALLY');
    await page.getByRole('button', { name: T.en.withdraw }).click();
    await page.getByText(T.en.withdrawn).waitFor();
    await accessible(page, 'en applicant page (withdrawn)');
    const after = (await applications()).find((a) => a.reference === reference)!;
    expect(after.consentStatus).toBe('WITHDRAWN');
    expect(after.recordedBy.consents[0].grants.every((g: { revokedAt: string | null }) => g.revokedAt)).toBe(true);
  });

  it('in Welsh: a valid application, one without consent, an anonymous one', async () => {
    const page = await applyInBrowser('cy', { given: 'Tomos', family: 'Owen', email: 'tomos@example.org', consent: 'yes' });
    await page.locator('.govuk-panel__title').waitFor();
    expect(await page.locator('.govuk-panel__title').textContent()).toBe(T.cy.done);
    expect(await page.locator('html').getAttribute('lang')).toBe('cy');
    await accessible(page, 'cy confirmation');
    const reference = (await page.locator('#reference').textContent())!;
    expect((await applications()).find((a) => a.reference === reference)).toMatchObject({ status: 'ACKNOWLEDGED', recordedBy: { givenName: 'Tomos' } });
    await page.locator('#applicant-link').click();
    await page.locator('#status-stage').waitFor();
    expect(await page.locator('#status-stage').textContent()).toContain('Wedi’i gydnabod');
    await accessible(page, 'cy applicant page');

    const refused = await applyInBrowser('cy', { given: 'Elin', family: 'Owen', email: 'elin@example.org', consent: 'no' });
    await heading(refused, T.cy.notPursued);
    await accessible(refused, 'cy not pursued');
    expect((await applications()).find((a) => a.recordedBy?.givenName === 'Elin')).toMatchObject({ status: 'NOT_PURSUED', notPursuedReason: 'NO_CONSENT' });

    const anon = await openPage();
    await anon.goto(`${base}/apply/sevenoaks-dc?lang=cy`);
    await anon.getByRole('button', { name: T.cy.start }).click();
    await anon.getByLabel(T.cy.anonymous).check();
    await anon.getByRole('button', { name: T.cy.cont }).click();
    await anon.getByLabel(T.cy.description).fill('Graffiti ar wal yr ysgol bob wythnos');
    await anon.getByLabel(T.cy.place).fill('Heol yr Ysgol');
    await anon.getByRole('button', { name: T.cy.cont }).click();
    await anon.getByRole('button', { name: T.cy.cont }).click();
    await heading(anon, T.cy.check);
    await accessible(anon, 'cy check (anonymous)');
    await anon.getByRole('button', { name: T.cy.send }).click();
    await heading(anon, T.cy.anonymousDone);
    await accessible(anon, 'cy anonymous');
    const kept = await t.hub.subgraphs.triggers.db.orm.em.fork().find(IntelligenceRecord, { authorityAgencyId: 'sevenoaks-dc' });
    expect(kept.some((r) => r.details?.includes('Graffiti ar wal yr ysgol'))).toBe(true);
  });

  it('switches language mid-form without losing the answers', async () => {
    const page = await openPage();
    await page.goto(`${base}/apply/sevenoaks-dc/who`);
    await page.getByLabel(T.en.victim).check();
    await page.getByRole('button', { name: T.en.cont }).click();
    await page.getByLabel(T.en.given, { exact: true }).fill('Undeg');
    await page.getByRole('button', { name: /Cymraeg/ }).click();
    await page.getByLabel(T.cy.given, { exact: true }).waitFor();
    expect(await page.getByLabel(T.cy.given, { exact: true }).inputValue()).toBe('Undeg');
    expect(await page.locator('html').getAttribute('lang')).toBe('cy');
    await accessible(page, 'cy about (switched)');
  });

  it('loaded nothing from anywhere else and broke no CSP rule', () => {
    expect(foreign).toEqual([]);
    expect(cspViolations).toEqual([]);
    expect(checked.length).toBeGreaterThanOrEqual(20);
  });
});
