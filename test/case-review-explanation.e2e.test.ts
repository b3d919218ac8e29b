import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, tokenFor, type TestHub } from './support/hub';
import { reportersRecentReports } from '../subgraphs/incidents/ingest/landed';

/**
 * The ASB Case Review explained at a victim's second report within six months (2025 guidance),
 * through the gateway: reports land through submitIncidents (Kent Police, West Kent Housing); the
 * same incident reported to both counts once; the second separate report raises exactly one
 * explanation due for Sevenoaks DC's SPOC (the Kent authority), a third raises no other; sending it
 * (letter or phone) is recorded, kept, and in the access log.
 */
let t: TestHub;
let police: string;
let housing: string;
let spoc: string;
beforeAll(async () => {
  t = await startTestHub({ seed: true });
  police = await tokenFor('kent-police', 'contributor');
  housing = await tokenFor('west-kent-housing', 'contributor');
  spoc = await tokenFor('sevenoaks-dc', 'spoc');
});
afterAll(async () => {
  await t?.stop();
});

const SUBMIT = `mutation($source: IncidentSource!, $records: [IncidentInput!]!) {
  submitIncidents(source: $source, records: $records) { accepted updated unchanged rejected { index errors { field message } } } }`;
const DUE = `query($a: ID) { caseReviewExplanationsDue(authority: $a) { id reference person { id } incidents { id } firstReportAt secondReportAt coversUntil raisedAt sentAt channel } }`;
const RECORD = `mutation($id: ID!, $channel: ContactChannel!, $note: String) { recordCaseReviewExplanation(id: $id, channel: $channel, note: $note) {
  id sentAt channel sentBy note letterSubject letterText letterHtml letterPdf } }`;

const NOW = Date.now();
const hoursAgo = (h: number) => new Date(NOW - h * 3_600_000).toISOString();

async function submit(token: string, source: string, records: unknown[]) {
  const res = await t.query<any>(SUBMIT, { source, records }, { token });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  expect(res.data!.submitIncidents.rejected).toEqual([]);
  return res.data!.submitIncidents;
}

const police1 = (ref: string, person: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  sourceRef: ref,
  category: 'NUISANCE',
  subType: 'Noise',
  occurredAt: hoursAgo(30),
  reportedAt: hoursAgo(29),
  description: 'Loud music and shouting from the flat above until 2am.',
  location: { address: '22 Elm Court, Sevenoaks', latitude: 51.2723, longitude: 0.1901, lsoaCode: 'E01024503', uprn: '100062548801' },
  reporter: person,
  police: { attendingOfficer: 'PC 5521', district: 'Sevenoaks' },
  ...extra,
});

async function due(token = spoc): Promise<any[]> {
  const res = await t.query<any>(DUE, {}, { token });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.caseReviewExplanationsDue;
}

/** The incidents' clusters, from the incidents table. */
async function clusters(refs: string[]): Promise<Map<string, string>> {
  const rows = await t.hub.subgraphs.incidents.db.orm.em
    .fork()
    .getConnection()
    .execute(`select "source_ref", coalesce("cluster_id", "id") as c from "incidents"."incident" where "source_ref" = any(string_to_array(?, ','))`, [
      refs.join(','),
    ]);
  return new Map(rows.map((r: any) => [r.source_ref, r.c]));
}

const erin = { givenName: 'Erin', familyName: 'Walsh', dateOfBirth: '1969-07-04', postcode: 'TN13 2EE' };
const erinAtHousing = { givenName: 'ERIN', familyName: 'Walsh', dateOfBirth: '1969-07-04', postcode: 'TN132EE', personRef: 'WKH-T-55501' };

describe('the Case Review explanation at the second report', () => {
  let explanationId: string;
  let erinId = '';

  it('is not raised by one report, nor by the same incident reported to a second agency', async () => {
    await submit(police, 'POLICE', [police1('KP-CRX-0001', erin)]);
    expect(await due()).toEqual([]);
    await submit(housing, 'HOUSING', [
      {
        sourceRef: 'WKH-CRX-0001',
        category: 'NUISANCE',
        subType: 'noise',
        occurredAt: hoursAgo(28),
        reportedAt: hoursAgo(20),
        description: 'Tenant reports loud music from flat 4 through the night.',
        location: { address: 'Flat 3, 22 Elm Court, Sevenoaks', uprn: '100062548801' },
        reporter: erinAtHousing,
        housing: { tenancyRef: 'T-0042-9', caseRef: 'ASB-2026-301', officer: 'HO-17' },
      },
    ]);
    const c = await clusters(['KP-CRX-0001', 'WKH-CRX-0001']);
    expect(c.get('KP-CRX-0001')).toBe(c.get('WKH-CRX-0001'));
    expect(await due()).toEqual([]);
  });

  it('raises exactly one explanation due at the second separate report, for the authority’s SPOC, threshold or not', async () => {
    await submit(police, 'POLICE', [
      police1('KP-CRX-0002', erin, {
        category: 'ENVIRONMENTAL',
        subType: 'Fly-tipping',
        occurredAt: hoursAgo(3),
        reportedAt: hoursAgo(2),
        location: { address: 'Car park, Sevenoaks', lsoaCode: 'E01024510' },
      }),
    ]);
    const c = await clusters(['KP-CRX-0001', 'KP-CRX-0002']);
    expect(c.get('KP-CRX-0002')).not.toBe(c.get('KP-CRX-0001'));
    const list = await due();
    expect(list).toHaveLength(1);
    const e = list[0];
    explanationId = e.id;
    erinId = e.person.id;
    expect(e.reference).toMatch(/^SDC-CRX-\d{4}-[0-9A-F]{6}$/);
    expect(e).toMatchObject({ sentAt: null, channel: null, firstReportAt: hoursAgo(29), secondReportAt: hoursAgo(2) });
    // Both reports of the first incident and the second one.
    const ids = await t.hub.subgraphs.incidents.db.orm.em
      .fork()
      .getConnection()
      .execute(`select "id" from "incidents"."incident" where "source_ref" = any(string_to_array(?, ','))`, ['KP-CRX-0001,WKH-CRX-0001,KP-CRX-0002']);
    expect(e.incidents.map((i: any) => i.id).sort()).toEqual(ids.map((r: any) => r.id).sort());
    expect(new Date(e.coversUntil).getTime()).toBeGreaterThan(new Date(e.secondReportAt).getTime() + 180 * 86_400_000);
    // No other authority's SPOC sees it; nor may it ask for Sevenoaks' list.
    expect(await due(await tokenFor('east-herts-dc', 'spoc'))).toEqual([]);
    const other = await t.query<any>(DUE, { a: 'sevenoaks-dc' }, { token: await tokenFor('east-herts-dc', 'spoc') });
    expect(other.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('raises no other at a third report within the six months, nor when a report is sent again', async () => {
    await submit(police, 'POLICE', [
      police1('KP-CRX-0003', erin, {
        category: 'PERSONAL',
        subType: 'Intimidation',
        occurredAt: hoursAgo(1.5),
        reportedAt: hoursAgo(1),
        location: { address: 'High Street, Sevenoaks', lsoaCode: 'E01024511' },
      }),
    ]);
    await submit(police, 'POLICE', [police1('KP-CRX-0001', erin, { subType: 'Noise (music)' })]);
    const list = await due();
    expect(list.map((e) => e.id)).toEqual([explanationId]);
    const rows = await t.hub.subgraphs.triggers.db.orm.em
      .fork()
      .getConnection()
      .execute(`select count(*)::int as n from "triggers"."case_review_explanation" where "person_id" = ?`, [erinId]);
    expect(rows[0].n).toBe(1);
  });

  it('is sent by letter in the letter system, recorded, kept, logged, and then no longer due; never twice', async () => {
    const other = await t.query<any>(RECORD, { id: explanationId, channel: 'LETTER' }, { token: await tokenFor('east-herts-dc', 'spoc') });
    expect(other.errors![0].extensions!.code).toBe('FORBIDDEN');
    const withNote = await t.query<any>(RECORD, { id: explanationId, channel: 'LETTER', note: 'x' }, { token: spoc });
    expect(withNote.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });

    const res = await t.query<any>(RECORD, { id: explanationId, channel: 'LETTER' }, { token: spoc });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const sent = res.data!.recordCaseReviewExplanation;
    expect(sent).toMatchObject({ channel: 'LETTER', sentBy: 'spoc.sevenoaks-dc', note: null });
    expect(Date.now() - new Date(sent.sentAt).getTime()).toBeLessThan(60_000);
    expect(sent.letterSubject).toContain('ASB Case Review (Community Trigger)');
    expect(sent.letterText).toContain('ASB Case Review (Community Trigger)');
    expect(sent.letterText).toContain('whether or not');
    expect(sent.letterText).toMatch(/Reference: SDC-CRX-/);
    expect(sent.letterText).not.toMatch(/sevenoaks-dc|kent-police/);
    expect(sent.letterHtml).toContain('<h1>ASB Case Review (Community Trigger)</h1>');
    expect(Buffer.from(sent.letterPdf, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect(await due()).toEqual([]);

    const again = await t.query<any>(RECORD, { id: explanationId, channel: 'PHONE' }, { token: spoc });
    expect(again.errors![0].extensions!.code).toBe('CONFLICT');

    const log = await t.query<any>(
      `query($f: AccessLogFilter) { accessLog(filter: $f, first: 100) { edges { node { action category basis personId actorAgencyId justification } } } }`,
      { f: { personId: erinId, agencyId: 'sevenoaks-dc' } },
      { token: await tokenFor('sevenoaks-dc', 'dpo') },
    );
    expect(log.errors, JSON.stringify(log.errors)).toBeUndefined();
    const steps = log.data!.accessLog.edges.map((e: any) => e.node).filter((n: any) => n.basis === 'case-review-explanation:LETTER');
    expect(steps).toEqual([
      expect.objectContaining({
        action: 'DISCLOSE',
        category: 'CONTACT',
        personId: erinId,
        actorAgencyId: 'sevenoaks-dc',
        justification: expect.stringContaining('second report'),
      }),
    ]);
  });

  it('is recorded as a phone call, with what was said', async () => {
    const finn = { givenName: 'Finn', familyName: 'Carey', dateOfBirth: '1990-01-12', postcode: 'TN13 3FF' };
    await submit(police, 'POLICE', [
      police1('KP-CRX-0101', finn, { occurredAt: hoursAgo(24 * 60), reportedAt: hoursAgo(24 * 60 - 1) }),
      police1('KP-CRX-0102', finn, {
        category: 'PERSONAL',
        occurredAt: hoursAgo(5),
        reportedAt: hoursAgo(4),
        location: { address: 'Station Road, Sevenoaks', lsoaCode: 'E01024512' },
      }),
    ]);
    const list = await due();
    expect(list).toHaveLength(1);
    const [e] = list;
    expect(e.person.id).not.toBe(erinId);
    const res = await t.query<any>(
      RECORD,
      { id: e.id, channel: 'PHONE', note: 'Explained the Case Review and how to apply; will think about it.' },
      { token: spoc },
    );
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(res.data!.recordCaseReviewExplanation).toMatchObject({
      channel: 'PHONE',
      note: 'Explained the Case Review and how to apply; will think about it.',
      letterText: null,
      letterPdf: null,
    });
    expect(await due()).toEqual([]);
  });
});

describe('a reporter with a long history (every submission tells the triggers subgraph of the reporter’s reports)', () => {
  const gwen = { givenName: 'Gwen', familyName: 'Ashdown', dateOfBirth: '1958-03-21', postcode: 'TN13 3GG' };
  const days = (d: number) => hoursAgo(24 * d);
  const old = (from: number, n: number) =>
    Array.from({ length: n }, (_, k) =>
      police1(`KP-CRX-G${from}-${k}`, gwen, { occurredAt: days(from + 45 * k), reportedAt: days(from + 45 * k), location: { address: `${k + 1} Long Lane, Sevenoaks`, lsoaCode: 'E01024513' } }),
    );
  let gwenId: string;
  const sent = () => reportersRecentReports(t.hub.subgraphs.incidents.db.orm.em.fork().getConnection().getKnex(), [gwenId]);
  const gwensDue = async () => (await due()).filter((e) => e.person.id === gwenId);

  it('sends only the last 13 months of it, however long it is, and raises the explanation the rule gives', async () => {
    // Forty reports 45 days apart over five years, the latest 430 days ago: second reports each,
    // all long past (an import of old reports raises nothing).
    await submit(police, 'POLICE', old(430, 40));
    const rows = await t.hub.subgraphs.incidents.db.orm.em
      .fork()
      .getConnection()
      .execute(`select distinct "reporter_person_id" as p from "incidents"."incident" where "source_ref" like 'KP-CRX-G430-%'`);
    expect(rows).toHaveLength(1);
    gwenId = rows[0].p;
    expect(await sent()).toEqual([]);
    expect(await gwensDue()).toEqual([]);
    // One report within the window: still nothing to send (a second report needs two).
    await submit(police, 'POLICE', [police1('KP-CRX-G-1', gwen, { occurredAt: days(100), reportedAt: days(100), location: { address: 'Long Lane, Sevenoaks', lsoaCode: 'E01024513' } })]);
    expect(await sent()).toEqual([]);
    // Twenty reports older still do not add to what a submission sends.
    await submit(police, 'POLICE', old(2300, 20));
    expect(await sent()).toEqual([]);
    // The second report within six months: the two of the window are sent, and the explanation is
    // the one of those two (the first 100 days ago), not of the history before.
    await submit(police, 'POLICE', [police1('KP-CRX-G-2', gwen, { occurredAt: hoursAgo(3), reportedAt: hoursAgo(2), location: { address: 'Long Lane, Sevenoaks', lsoaCode: 'E01024513' } })]);
    const payload = await sent();
    expect(payload.map((r) => r.reportedAt).sort()).toEqual([days(100), hoursAgo(2)]);
    const list = await gwensDue();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ firstReportAt: days(100), secondReportAt: hoursAgo(2) });
    expect(list[0].incidents).toHaveLength(2);
  });
});
