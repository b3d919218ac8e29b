import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startGateway } from '../gateway';
import { config } from '../platform/config';
import { postGraphQL, serviceToken, startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * Letters leave the hub (triggers/outbox/) and the victim's part, through the whole hub: an online
 * application's acknowledgement goes into the outbox with the applicant's own link, by the channel
 * they chose, and the worker delivers it (the file adapter here); the SPOC sees what was sent and
 * what failed (`outbox`), another authority's SPOC does not; the SPOC names the victim's contact,
 * the applicant chooses how to take part on their page, both kept for the case history; the
 * gateway's TRUST_PROXY decides whose address the form's rate limits count.
 */
vi.hoisted(() => {
  process.env.APPLY_SUBMISSIONS_PER_HOUR = '1000';
  process.env.APPLY_PAGES_PER_MINUTE = '1000';
  process.env.OUTBOX_POLL_MS = '100';
});

let t: TestHub;
let base: string;
let spoc: string;

beforeAll(async () => {
  t = await startTestHub({ seed: true });
  base = `http://127.0.0.1:${t.hub.gateway.port}`;
  spoc = await tokenFor('sevenoaks-dc', 'spoc');
}, 180_000);
afterAll(() => t?.stop());

function answers(over: Record<string, string> = {}): Record<string, string> {
  return {
    lang: 'en',
    who: 'victim',
    givenName: 'Sian',
    familyName: 'Morgan',
    'dob-day': '9',
    'dob-month': '3',
    'dob-year': '1975',
    description: 'Cars revving and racing around the estate every night.',
    place: 'London Road, Sevenoaks',
    'reported-kent-police': 'yes',
    contactBy: 'email',
    email: 'sian.morgan@example.org',
    address: '12 London Road, Sevenoaks',
    postcode: 'TN13 2AA',
    consent: 'yes',
    ...over,
  };
}
const post = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
const linkFrom = (html: string) => html.match(/id="applicant-link" href="([^"]+)"/)?.[1]?.replaceAll('&amp;', '&');

async function apply(over: Record<string, string>) {
  const res = await post(`${base}/apply/sevenoaks-dc`, answers(over));
  expect(res.status).toBe(201);
  const html = await res.text();
  return { reference: html.match(/id="reference">([^<]+)</)![1], link: linkFrom(html)! };
}

const OUTBOX = `query($f: OutboxFilter) { outbox(filter: $f) { id applicationId reference letterId kind subject channel recipient status attempts lastError providerId adapter createdAt deliveredAt failedAt letter { kind text } } }`;
async function outbox(filter: Record<string, unknown>, token = spoc) {
  const res = await t.query(OUTBOX, { f: filter }, { token });
  return res;
}
async function waitFor<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}
async function applicationId(reference: string): Promise<string> {
  const res = await t.query(`{ triggerApplications(authority: "sevenoaks-dc", includeClosed: true) { id reference } }`, {}, { token: spoc });
  return (res.data!.triggerApplications as Array<{ id: string; reference: string }>).find((a) => a.reference === reference)!.id;
}

describe('the outbox', () => {
  it('the acknowledgement goes by e-mail with the applicant’s own link, and its delivery is recorded', async () => {
    const { reference, link } = await apply({});
    const id = await applicationId(reference);
    const res = await waitFor(
      () => outbox({ applicationId: id }),
      (r) => r.data?.outbox?.[0]?.status === 'DELIVERED',
    );
    expect(res.errors).toBeUndefined();
    const [m] = res.data!.outbox;
    expect(m).toMatchObject({
      applicationId: id,
      reference,
      kind: 'CT1',
      channel: 'EMAIL',
      recipient: 'sian.morgan@example.org',
      status: 'DELIVERED',
      attempts: 1,
      lastError: null,
      adapter: 'file',
    });
    expect(m.deliveredAt).toBeTruthy();
    // The link the confirmation page gave is the one in the letter as sent, and in the e-mail written.
    const pagePath = link.split('?')[0];
    expect(m.letter.text).toContain(pagePath);
    const file = JSON.parse(await fs.readFile(path.join(path.resolve(config().OUTBOX_DIR), m.providerId), 'utf8'));
    expect(file).toMatchObject({ channel: 'EMAIL', to: 'sian.morgan@example.org', subject: m.subject });
    expect(file.text).toContain(`${pagePath}\n`);
    // The link in the e-mail opens the applicant's page.
    const own = await fetch(`${base}${pagePath}`);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain(reference);
  });

  it('by post when the applicant chose post: the address block as printed', async () => {
    const { reference } = await apply({
      givenName: 'Tomos',
      familyName: 'Bevan',
      email: 'tomos@example.org',
      contactBy: 'post',
      address: '4 Dartford Road\nSevenoaks',
      postcode: 'TN13 3TQ',
      'dob-year': '1969',
    });
    const id = await applicationId(reference);
    const res = await waitFor(
      () => outbox({ applicationId: id }),
      (r) => r.data?.outbox?.[0]?.status === 'DELIVERED',
    );
    const [m] = res.data!.outbox;
    expect(m).toMatchObject({ channel: 'POST', recipient: 'Tomos Bevan\n4 Dartford Road\nSevenoaks\nTN13 3TQ', status: 'DELIVERED' });
    expect(await fs.stat(path.join(path.resolve(config().OUTBOX_DIR), `${m.id}.pdf`))).toBeTruthy();
    const file = JSON.parse(await fs.readFile(path.join(path.resolve(config().OUTBOX_DIR), m.providerId), 'utf8'));
    expect(file.text).toContain('/apply/sevenoaks-dc/status/');
  });

  it('the SPOC filters by status; another authority’s SPOC cannot read it; a contributor cannot ask', async () => {
    const delivered = await outbox({ status: ['DELIVERED'] });
    expect(delivered.errors).toBeUndefined();
    expect(delivered.data!.outbox.length).toBeGreaterThanOrEqual(2);
    expect(delivered.data!.outbox.every((m: any) => m.status === 'DELIVERED')).toBe(true);
    const failed = await outbox({ status: ['FAILED'] });
    expect(failed.data!.outbox.every((m: any) => m.status === 'FAILED')).toBe(true);
    // Newest first, paged by createdAt.
    const page = await outbox({ first: 1 });
    expect(page.data!.outbox).toHaveLength(1);
    const next = await outbox({ first: 1, before: page.data!.outbox[0].createdAt });
    expect(next.data!.outbox[0].id).not.toBe(page.data!.outbox[0].id);
    expect((await outbox({ first: 501 })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.first' });

    const eastHerts = await tokenFor('east-herts-dc', 'spoc');
    const other = await outbox({ authority: 'sevenoaks-dc' }, eastHerts);
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const own = await outbox({}, eastHerts);
    expect(own.errors).toBeUndefined();
    expect(own.data!.outbox.some((m: any) => m.reference.startsWith('SDC-'))).toBe(false);
    const contributor = await outbox({}, await tokenFor('kent-police', 'contributor'));
    expect(contributor.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('a letter with no address on record is reported failed at once, for the SPOC to act on', async () => {
    // A SPOC records a phone application for someone whose address and e-mail it does not hold.
    const reg = await t.query(
      `mutation { registerPerson(input: { givenName: "Una", familyName: "Nash", dateOfBirth: "1950-01-02" }) { id } }`,
      {},
      { token: spoc },
    );
    expect(reg.errors).toBeUndefined();
    const personId = reg.data!.registerPerson.id;
    const consent = await t.query(
      `mutation($p: ID!) { recordConsent(input: { personId: $p, purposes: [CASE_REVIEW], categories: [IDENTITY, CONTACT, INCIDENT_DETAIL], recipientAgencyIds: ["sevenoaks-dc"], captureMethod: PHONE, noticeVersion: "phone-1" }) { id } }`,
      { p: personId },
      { token: spoc },
    );
    expect(consent.errors).toBeUndefined();
    const sub = await t.query(
      `mutation($p: ID!, $c: ID!) { submitTriggerApplication(input: { authorityId: "sevenoaks-dc", channel: PHONE, applicantType: VICTIM, applicantPersonId: $p, consentToShare: true, consentId: $c, summary: "Noise" }) { id } }`,
      { p: personId, c: consent.data!.recordConsent.id },
      { token: spoc },
    );
    expect(sub.errors).toBeUndefined();
    const id = sub.data!.submitTriggerApplication.id;
    const ack = await t.query(`mutation($a: ID!) { acknowledgeApplication(applicationId: $a) { status } }`, { a: id }, { token: spoc });
    expect(ack.errors).toBeUndefined();
    const res = await outbox({ applicationId: id });
    expect(res.data!.outbox).toHaveLength(1);
    expect(res.data!.outbox[0]).toMatchObject({ kind: 'CT1', channel: null, recipient: null, status: 'FAILED', attempts: 0 });
    expect(res.data!.outbox[0].lastError).toMatch(/no e-mail or postal address/);
  });
});

describe('the victim’s named contact and chosen involvement', () => {
  const Q = `query($id: ID!) { triggerApplication(id: $id) { victimInvolvement victimContact { name role agencyId phone email agency { id name } } } }`;

  it('the SPOC names the officer; the applicant sees them on their page and chooses how to take part; each change is kept for the case history', async () => {
    const { reference, link } = await apply({ givenName: 'Ffion', familyName: 'Owen', email: 'ffion@example.org', 'dob-year': '1988' });
    const id = await applicationId(reference);
    const pagePath = link.split('?')[0];
    expect(await (await fetch(`${base}${pagePath}`)).text()).toContain('We will tell you the name of your contact');

    const bad = await t.query(
      `mutation($a: ID!) { setVictimContact(applicationId: $a, contact: { name: "PC Dee", role: "Neighbourhood officer", agencyId: "herts-police", phone: "01732 227000" }) { id } }`,
      { a: id },
      { token: spoc },
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contact.agencyId' });
    expect(bad.errors?.[0]?.message).not.toContain('herts-police');
    const set = await t.query(
      `mutation($a: ID!) { setVictimContact(applicationId: $a, contact: { name: " PC Dee Rowe ", role: "Neighbourhood officer", agencyId: "kent-police", phone: "01732 227000", email: "dee.rowe@kent.police.uk" }) { victimContact { name agencyId } } }`,
      { a: id },
      { token: spoc },
    );
    expect(set.errors).toBeUndefined();
    expect(set.data!.setVictimContact.victimContact).toEqual({ name: 'PC Dee Rowe', agencyId: 'kent-police' });
    const other = await t.query(
      `mutation($a: ID!) { setVictimInvolvement(applicationId: $a, involvement: KEPT_INFORMED) { id } }`,
      { a: id },
      { token: await tokenFor('east-herts-dc', 'spoc') },
    );
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const page = await (await fetch(`${base}${pagePath}`)).text();
    expect(page).toContain('id="status-officer"><strong>PC Dee Rowe</strong><br>Neighbourhood officer, Kent Police<br>Telephone: 01732 227000');
    expect(page).toContain('name="involvement"');

    // No choice: the GOV.UK error summary, nothing recorded.
    const none = await post(`${base}${pagePath}/involvement`, { lang: 'en' });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('<a href="#involvement">Select how you want to take part');
    const chosen = await post(`${base}${pagePath}/involvement`, { lang: 'cy', involvement: 'WRITTEN_SUBMISSION' });
    expect(chosen.status).toBe(200);
    const cy = await chosen.text();
    expect(cy).toContain('Rydym wedi cofnodi sut rydych am gymryd rhan');
    expect(cy).toContain('value="WRITTEN_SUBMISSION" checked');

    const read = await t.query(Q, { id }, { token: spoc });
    expect(read.errors).toBeUndefined();
    expect(read.data!.triggerApplication).toEqual({
      victimInvolvement: 'WRITTEN_SUBMISSION',
      victimContact: {
        name: 'PC Dee Rowe',
        role: 'Neighbourhood officer',
        agencyId: 'kent-police',
        phone: '01732 227000',
        email: 'dee.rowe@kent.police.uk',
        agency: { id: 'kent-police', name: 'Kent Police' },
      },
    });
    // The SPOC may record it too (e.g. told by phone).
    const bySpoc = await t.query(
      `mutation($a: ID!) { setVictimInvolvement(applicationId: $a, involvement: ATTEND_VIRTUALLY) { victimInvolvement } }`,
      { a: id },
      { token: spoc },
    );
    expect(bySpoc.data!.setVictimInvolvement.victimInvolvement).toBe('ATTEND_VIRTUALLY');

    // What the case history gets from triggers: each change, in order, with non-personal headlines.
    const history = await postGraphQL<any>(
      t.hub.subgraphs.triggers.url,
      `query($id: ID!) { _applicationHistory(id: $id) { victimEvents { at kind title } } }`,
      { id },
      await serviceToken(),
    );
    expect(history.errors).toBeUndefined();
    expect(history.data._applicationHistory.victimEvents.map((e: any) => e.title)).toEqual([
      "Victim's single point of contact named: Neighbourhood officer, kent-police",
      "Victim's involvement: send a written account to the panel instead of attending (chosen by the applicant on their page)",
      "Victim's involvement: attend the case review meeting by video or phone (recorded by the SPOC)",
    ]);
    expect(JSON.stringify(history.data)).not.toMatch(/Dee Rowe|Ffion/);

    // Another applicant's link cannot choose for this application.
    const second = await apply({ givenName: 'Gethin', familyName: 'Pugh', email: 'gethin@example.org', 'dob-year': '1991' });
    await post(`${base}${second.link.split('?')[0]}/involvement`, { lang: 'en', involvement: 'ATTEND_IN_PERSON' });
    expect((await t.query(Q, { id }, { token: spoc })).data!.triggerApplication.victimInvolvement).toBe('ATTEND_VIRTUALLY');
  });
});

describe('TRUST_PROXY', () => {
  // A filled honeypot is refused without recording anything, but counts against the address's limit.
  const bot = (url: string, forwardedFor: string) =>
    post(`${url}/apply/sevenoaks-dc`, answers({ website: 'http://spam.example' }), { 'x-forwarded-for': forwardedFor });

  it('off (the default): every client behind one proxy shares the proxy’s limit', async () => {
    const gw = await startGateway({
      port: 0,
      subgraphUrls: t.hub.peers,
      applyLimits: { submissionsPerHour: 1, authorityPerHour: 1_000, pagesPerMinute: 1_000 },
    });
    try {
      const url = `http://127.0.0.1:${gw.port}`;
      expect((await bot(url, '203.0.113.1')).status).toBe(400);
      expect((await bot(url, '203.0.113.2')).status).toBe(429);
    } finally {
      await gw.stop();
    }
  });

  it('naming the proxy: each client address behind it has its own limit, and a forged one from elsewhere is not believed', async () => {
    const gw = await startGateway({
      port: 0,
      subgraphUrls: t.hub.peers,
      trustProxy: 'loopback',
      applyLimits: { submissionsPerHour: 1, authorityPerHour: 1_000, pagesPerMinute: 1_000 },
    });
    const untrusted = await startGateway({
      port: 0,
      subgraphUrls: t.hub.peers,
      trustProxy: '10.0.0.0/8',
      applyLimits: { submissionsPerHour: 1, authorityPerHour: 1_000, pagesPerMinute: 1_000 },
    });
    try {
      const url = `http://127.0.0.1:${gw.port}`;
      expect((await bot(url, '203.0.113.1')).status).toBe(400);
      expect((await bot(url, '203.0.113.1')).status).toBe(429);
      expect((await bot(url, '203.0.113.2')).status).toBe(400);
      // The hub's proxy is 10.x: a request from 127.0.0.1 is not from it, so its X-Forwarded-For is ignored.
      const u = `http://127.0.0.1:${untrusted.port}`;
      expect((await bot(u, '198.51.100.1')).status).toBe(400);
      expect((await bot(u, '198.51.100.2')).status).toBe(429);
    } finally {
      await gw.stop();
      await untrusted.stop();
    }
  });

  it('refuses true (anyone could choose their address)', async () => {
    const { loadConfig } = await import('../platform/config');
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe('1');
  });
});
