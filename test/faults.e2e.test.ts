import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway } from '../gateway';
import { subgraphs } from '../subgraphs';
import { AccessGrant } from '../subgraphs/consent/entities/AccessGrant';
import { CaseReview } from '../subgraphs/reviews/entities/CaseReview';
import { ApplicationStatus, TriggerApplication } from '../subgraphs/triggers/entities/TriggerApplication';
import { ApplicantType, ApplicationChannel, TriggerDecision } from '../subgraphs/shared/enums';
import { startSubgraph } from '../subgraphs/shared/server';
import { SUBGRAPH_NAMES } from '../platform/services';
import { DEMO } from '../seeds/demo-data';
import { startFaultProxy } from '../scripts/lib/fault-proxy';
import { startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * Faults one at a time (npm run faults drills them under load): a subgraph going away (partial data
 * with errors for its fields, and recovery by itself), a subgraph slower than the gateway's timeout,
 * the policy decision point down, and a service call failing in the middle of opening a review.
 */
let t: TestHub;
let token: string;
const QUERY = `{ person(id: "${DEMO.people.alice}") { id familyName triggerApplications { reference } incidents { id source } } }`;

beforeAll(async () => {
  t = await startTestHub({ seed: true });
  token = await tokenFor('sevenoaks-dc', 'spoc');
});
afterAll(async () => {
  await t?.stop();
});

describe('a subgraph stops and comes back', () => {
  it('answers with partial data and errors while incidents is down, then fully once it is back on its port', async () => {
    const full = await t.query<any>(QUERY, {}, { token });
    expect(full.errors).toBeUndefined();
    expect(full.data!.person.incidents).toHaveLength(4);

    const incidents = t.hub.subgraphs.incidents;
    const port = incidents.port;
    await incidents.stop();
    const partial = await t.query<any>(QUERY, {}, { token });
    expect(partial.data!.person.familyName).toBe('Turner');
    expect(partial.data!.person.triggerApplications).toEqual([{ reference: 'SDC-CT-2026-0001' }]);
    expect(partial.errors!.length).toBeGreaterThan(0);
    expect(partial.errors![0]).toMatchObject({ message: 'The incidents service is unavailable', extensions: { code: 'SERVICE_UNAVAILABLE', service: 'incidents' } });
    const ready = await fetch(`http://127.0.0.1:${t.hub.gateway.port}/readyz`);
    expect(ready.status).toBe(503);
    expect((await ready.json()).subgraphs.incidents).toBe('unreachable');

    const { databaseUrl } = t;
    t.hub.subgraphs.incidents = await startSubgraph(subgraphs.incidents, {
      clientUrl: databaseUrl,
      port,
      peers: Object.fromEntries(Object.entries(t.hub.subgraphs).map(([n, s]) => [n, s.url])),
    });
    const again = await t.query<any>(QUERY, {}, { token });
    expect(again.errors).toBeUndefined();
    expect(again.data).toEqual(full.data);
    expect((await fetch(`http://127.0.0.1:${t.hub.gateway.port}/readyz`)).status).toBe(200);
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a subgraph slower than the gateway timeout', () => {
  it('answers its fields SERVICE_UNAVAILABLE (reason timeout) once the timeout has passed, the rest in full, and holds nothing open', async () => {
    const proxy = await startFaultProxy(t.hub.subgraphs.incidents.url);
    const urls = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, t.hub.subgraphs[n].url]));
    const gw = await startGateway({ port: 0, host: '127.0.0.1', subgraphUrls: { ...urls, incidents: proxy.url }, subgraphTimeoutMs: 400 });
    const url = `http://127.0.0.1:${gw.port}/graphql`;
    try {
      proxy.set({ kind: 'delay', ms: 3000 });
      const t0 = Date.now();
      const slow = await t.query<any>(QUERY, {}, { token, url });
      expect(Date.now() - t0).toBeLessThan(2000);
      expect(slow.data!.person.familyName).toBe('Turner');
      expect(slow.data!.person.triggerApplications).toEqual([{ reference: 'SDC-CT-2026-0001' }]);
      expect(slow.errors!.length).toBeGreaterThan(0);
      for (const e of slow.errors!) expect(e.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'incidents', reason: 'timeout' });
      await sleep(300);
      expect(proxy.stats().open).toBe(0);
      proxy.set({ kind: 'pass' });
      const again = await t.query<any>(QUERY, {}, { token, url });
      expect(again.errors).toBeUndefined();
      expect(again.data!.person.incidents).toHaveLength(4);
    } finally {
      await gw.stop();
      await proxy.stop();
    }
  });
});

describe('entity fetches sent together, failing', () => {
  // A case review's panel and chair: two entity fetches to consent, sent together (gateway/entity-batch.ts).
  const PANEL = `query Panel($id: ID!) { caseReview(id: $id) { id status panel { id name } chair { id name } } }`;
  it('fail each as it would have alone: SERVICE_UNAVAILABLE naming consent (refused, or timed out), and answer in full once it is back', async () => {
    const proxy = await startFaultProxy(t.hub.subgraphs.consent.url);
    const urls = { ...Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, t.hub.subgraphs[n].url])), consent: proxy.url };
    const together = await startGateway({ port: 0, host: '127.0.0.1', subgraphUrls: urls, subgraphTimeoutMs: 400 });
    const separate = await startGateway({ port: 0, host: '127.0.0.1', subgraphUrls: urls, subgraphTimeoutMs: 400, batchEntityFetches: false });
    const ask = (gw: { port: number }) => t.query<any>(PANEL, { id: DEMO.reviews.aliceReview }, { token, url: `http://127.0.0.1:${gw.port}/graphql` });
    const shape = (r: Awaited<ReturnType<typeof ask>>) => ({ data: r.data, errors: r.errors?.map((e) => ({ message: e.message, path: e.path, extensions: e.extensions })) });
    try {
      const full = await ask(together);
      expect(full.errors).toBeUndefined();
      expect(full.data!.caseReview.chair).toEqual({ id: 'sevenoaks-dc', name: 'Sevenoaks District Council' });
      expect(await ask(separate)).toEqual(full);
      // Only the entity fetches misbehave: the token's agency check (consent too) still passes.
      for (const [fault, reason] of [[{ kind: 'refuse' }, undefined], [{ kind: 'delay', ms: 2_000 }, 'timeout']] as const) {
        proxy.set(fault, (body) => body.includes('_entities'));
        proxy.resetStats();
        const merged = await ask(together);
        expect(proxy.stats().faulted).toBe(1);
        const alone = await ask(separate);
        expect(proxy.stats().faulted).toBe(3);
        expect(shape(merged)).toEqual(shape(alone));
        expect(merged.errors).toHaveLength(2);
        for (const e of merged.errors!) expect(e.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'consent', ...(reason ? { reason } : {}) });
      }
      proxy.set({ kind: 'pass' });
      expect(await ask(together)).toEqual(full);
    } finally {
      await together.stop();
      await separate.stop();
      await proxy.stop();
    }
  });
});

describe('the policy decision point down', () => {
  const HISTORY = `query($id: ID!) { caseReview(id: $id) { id application { applicant { givenName incidents { id description } } } } }`;
  it('withholds every personal field with reason decision-unavailable, and says denied once it is back', async () => {
    const reviewer = await tokenFor('kent-police', 'reviewer');
    // The reviewer's agency is known to the hub before the outage (a new agency cannot be checked
    // while consent is down, and is refused with SERVICE_UNAVAILABLE: platform/auth.ts).
    expect((await t.query<any>(HISTORY, { id: DEMO.reviews.aliceReview }, { token: reviewer })).data!.caseReview.id).toBe(DEMO.reviews.aliceReview);
    expect((await t.query<any>(HISTORY, { id: DEMO.reviews.aliceReview }, { token })).data!.caseReview.application.applicant.incidents.length).toBeGreaterThan(0);
    const consent = t.hub.subgraphs.consent;
    const port = consent.port;
    await consent.stop();
    try {
      const r = await t.query<any>(HISTORY, { id: DEMO.reviews.aliceReview }, { token: reviewer });
      // Access model v2: other agencies' incidents of her are listed only under a grant, which cannot be
      // decided now — the list is withheld as a whole (nothing of it served), saying why.
      expect(r.data!.caseReview.application.applicant?.incidents ?? null).toBeNull();
      expect(JSON.stringify(r.data)).not.toMatch(/shouting|Narrative/i);
      const forbidden = r.errors!.filter((e) => e.extensions?.code === 'FORBIDDEN');
      expect(forbidden.length).toBeGreaterThan(0);
      for (const e of forbidden) expect(e.extensions).toMatchObject({ category: 'INCIDENT_DETAIL', reason: 'decision-unavailable' });
      for (const e of r.errors!.filter((x) => x.extensions?.code !== 'FORBIDDEN')) expect(e.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'consent' });
      // The authority sees other agencies' incidents of her only under its grant: with the decision point
      // down that list cannot be decided, so it is withheld as a whole, saying why (never emptied silently).
      const spocView = await t.query<any>(HISTORY, { id: DEMO.reviews.aliceReview }, { token });
      expect(spocView.data!.caseReview.application.applicant?.incidents ?? null).toBeNull();
      expect(spocView.errors!.some((e) => e.extensions?.code === 'FORBIDDEN' && e.extensions?.reason === 'decision-unavailable' && e.path?.at(-1) === 'incidents')).toBe(true);
      expect(JSON.stringify(spocView)).not.toMatch(/shouting|Narrative/i);
      // Registering a person needs the consent subgraph: refused cleanly, naming it.
      const w = await t.query<any>(`mutation { registerPerson(input: { givenName: "Whilst", familyName: "Down" }) { id } }`, {}, { token });
      expect(w.errors![0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'consent' });
    } finally {
      t.hub.subgraphs.consent = await startSubgraph(subgraphs.consent, { clientUrl: t.databaseUrl, port, peers: t.hub.peers });
    }
    // Back: a reader outside the grants is refused, and told the rules denied it.
    const outsider = await tokenFor('herts-police', 'spoc');
    const d = await t.query<any>(`{ person(id: "${DEMO.people.alice}") { id givenName } }`, {}, { token: outsider });
    const denied = (d.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN' && e.extensions?.category);
    expect(denied.length).toBeGreaterThan(0);
    for (const e of denied) expect(e.extensions!.reason).toBe('denied');
  });
});

describe('a service call failing while a review is opened', () => {
  const OPEN = `mutation($a: ID!) { openCaseReview(applicationId: $a, panelAgencyIds: ["sevenoaks-dc", "kent-police", "kent-wardens"], chairAgencyId: "sevenoaks-dc", independenceNote: "test") { id } }`;
  it.each(['refuse', 'lose-response'] as const)('consent grants call %s: SERVICE_UNAVAILABLE naming consent, nothing left behind, and a retry opens it', async (kind) => {
    // A person registered and consenting to a case review with the panel's agencies, and an application decided "threshold met".
    const reg = await t.query<any>(`mutation($input: PersonInput!) { registerPerson(input: $input) { id } }`, {
      input: { givenName: kind === 'refuse' ? 'Refusal' : 'Lostanswer', familyName: 'Fault', dateOfBirth: '1967-05-21', postcode: 'TN13 2AB' },
    }, { token });
    const personId = reg.data!.registerPerson.id as string;
    const consent = await t.query<any>(`mutation($input: ConsentInput!) { recordConsent(input: $input) { id } }`, {
      input: { personId, purposes: ['CASE_REVIEW'], categories: ['IDENTITY', 'INCIDENT_DETAIL'], captureMethod: 'ONLINE', noticeVersion: 'test-1', recipientAgencyIds: ['sevenoaks-dc', 'kent-police', 'kent-wardens'] },
    }, { token });
    expect(consent.errors).toBeUndefined();
    const tem = t.hub.subgraphs.triggers.db.orm.em.fork();
    const app = tem.create(TriggerApplication, {
      reference: `SDC-CT-FAULT-${kind}`, authorityAgencyId: 'sevenoaks-dc', applicantPersonId: personId, channel: ApplicationChannel.ONLINE,
      applicantType: ApplicantType.VICTIM, recordedByAgencyId: 'sevenoaks-dc', consentToShare: true, status: ApplicationStatus.DECIDED,
      decision: TriggerDecision.THRESHOLD_MET, receivedAt: new Date(Date.now() - 5 * 86_400_000), acknowledgedAt: new Date(Date.now() - 5 * 86_400_000), decidedAt: new Date(),
    });
    await tem.flush();
    const grantsInForce = () => t.hub.subgraphs.consent.db.orm.em.fork().count(AccessGrant, { personId, revokedAt: null, reviewId: { $ne: null } });
    const before = await grantsInForce();
    const proxy = await startFaultProxy(t.hub.subgraphs.consent.url);
    const direct = t.hub.peers.consent;
    t.hub.peers.consent = proxy.url;
    try {
      proxy.set({ kind }, (body) => body.includes('_issueReviewGrants'));
      const r = await t.query<any>(OPEN, { a: app.id }, { token });
      expect(r.errors![0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'consent' });
      expect(await t.hub.subgraphs.reviews.db.orm.em.fork().count(CaseReview, { applicationId: app.id })).toBe(0);
      expect((await t.hub.subgraphs.triggers.db.orm.em.fork().findOneOrFail(TriggerApplication, { id: app.id })).status).toBe(ApplicationStatus.DECIDED);
      expect(await grantsInForce()).toBe(before);
      proxy.set({ kind: 'pass' });
      const again = await t.query<any>(OPEN, { a: app.id }, { token });
      expect(again.errors).toBeUndefined();
      expect((await t.hub.subgraphs.triggers.db.orm.em.fork().findOneOrFail(TriggerApplication, { id: app.id })).status).toBe(ApplicationStatus.IN_REVIEW);
      expect(await grantsInForce()).toBeGreaterThan(before);
    } finally {
      t.hub.peers.consent = direct;
      await proxy.stop();
    }
  });
});
