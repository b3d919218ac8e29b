import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../seeds/demo-data';
import { postGraphQL, serviceToken, startTestHub, tokenFor, type TestHub } from './support/hub';

/** submitIncidents through the gateway: per source, idempotency, mixed batches, agency checks, people and same-incident links. */
let t: TestHub;
let police: string;
let housing: string;
let warden: string;
beforeAll(async () => {
  t = await startTestHub({ seed: true });
  police = await tokenFor('kent-police', 'contributor');
  housing = await tokenFor('west-kent-housing', 'contributor');
  warden = await tokenFor('kent-wardens', 'contributor');
});
afterAll(async () => {
  await t?.stop();
});

const SUBMIT = `mutation($source: IncidentSource!, $records: [IncidentInput!]!, $agencyId: ID) {
  submitIncidents(source: $source, records: $records, agencyId: $agencyId) { accepted updated unchanged linked rejected { index sourceRef errors { field message } } }
}`;
const submit = (token: string, source: string, records: unknown[], agencyId?: string) => t.query<any>(SUBMIT, { source, records, agencyId }, { token });

/**
 * Access model v2: an agency sees the incidents it supplied, another agency's of a person only under
 * a grant. Each supplier's DPO (Kent Police's unless named) grants `agency` INCIDENT_DETAIL of the
 * person (public task, under the Kent agreement): a DPO grants only its own agency's data.
 */
async function grantIncidentDetail(agency: string, personId: string, suppliers: string[] = ['kent-police']) {
  for (const supplier of suppliers) {
    const res = await t.query<any>(
      `mutation($input: AccessGrantInput!) { recordAccessGrant(input: $input) { id } }`,
      { input: { agencyId: agency, personId, categories: ['INCIDENT_DETAIL'], purpose: 'CASE_REVIEW', basis: 'PUBLIC_TASK', reason: 'Same-incident review', agreementRef: 'DSA-KENT-2026', expiresAt: new Date(Date.now() + 86_400_000).toISOString() } },
      { token: await tokenFor(supplier, 'dpo') },
    );
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  }
}

const NOW = Date.now();
const hoursAgo = (h: number) => new Date(NOW - h * 3_600_000).toISOString();

// A victim both police and housing know, with details as each system holds them.
const dana = { givenName: 'Dana', familyName: "O'Connor", dateOfBirth: '1974-02-19', postcode: 'tn13 3cc' };
const danaAtHousing = { givenName: 'DANA', familyName: 'OConnor', dateOfBirth: '1974-02-19', postcode: 'TN133CC', personRef: 'WKH-T-88120' };

const policeRecord = (ref: string, extra: Record<string, unknown> = {}) => ({
  sourceRef: ref,
  category: 'NUISANCE',
  subType: 'Noise',
  occurredAt: hoursAgo(30),
  reportedAt: hoursAgo(29),
  description: 'Loud music and shouting from the flat above until 2am.',
  location: { address: '22 Elm Court, Sevenoaks', latitude: 51.2723, longitude: 0.1901, lsoaCode: 'E01024503' },
  reporter: dana,
  actions: [{ at: hoursAgo(20), action: 'Officer attended; words of advice given', by: 'PC 5521' }],
  police: { attendingOfficer: 'PC 5521', district: 'Sevenoaks' },
  ...extra,
});

describe('submitIncidents', () => {
  it('stores a police record with its officer actions, and a resubmission changes nothing', async () => {
    const first = await submit(police, 'POLICE', [policeRecord('KP-TEST-0001')]);
    expect(first.errors).toBeUndefined();
    expect(first.data!.submitIncidents).toMatchObject({ accepted: 1, updated: 0, unchanged: 0, rejected: [] });
    const again = await submit(police, 'POLICE', [policeRecord('KP-TEST-0001')]);
    expect(again.data!.submitIncidents).toMatchObject({ accepted: 0, updated: 0, unchanged: 1, rejected: [] });
    const changed = await submit(police, 'POLICE', [policeRecord('KP-TEST-0001', { subType: 'Noise (music)' })]);
    expect(changed.data!.submitIncidents).toMatchObject({ accepted: 0, updated: 1, unchanged: 0 });

    const list = await t.query<any>(`{ incidents(filter: { agencyId: "kent-police", sourceRef: "KP-TEST-0001" }) { edges { node { id subType actions { action by } sourceDetails reporter { id } } } } }`, {}, { token: police });
    expect(list.errors).toBeUndefined();
    expect(list.data!.incidents.edges).toHaveLength(1);
    const node = list.data!.incidents.edges[0].node;
    expect(node.subType).toBe('Noise (music)');
    expect(node.actions).toEqual([{ action: 'Officer attended; words of advice given', by: 'PC 5521' }]);
    expect(node.sourceDetails).toEqual({ attendingOfficer: 'PC 5521', district: 'Sevenoaks' });
    expect(node.reporter.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('stores a housing record (tenancy and case refs, property UPRN, warning/ABC actions) and finds the same person and the same incident', async () => {
    const res = await submit(housing, 'HOUSING', [
      {
        sourceRef: 'WKH-INC-7001',
        category: 'NUISANCE',
        subType: 'noise',
        occurredAt: hoursAgo(28),
        reportedAt: hoursAgo(4),
        description: 'Tenant reports loud music from flat 4 through the night.',
        location: { address: 'Flat 3, 22 Elm Court, Sevenoaks', uprn: '100062548801' },
        reporter: danaAtHousing,
        actions: [
          { at: hoursAgo(3), action: 'Warning letter to the tenant of flat 4', by: 'Housing officer 17' },
          { at: hoursAgo(2), action: 'Acceptable behaviour contract offered', by: 'Housing officer 17' },
        ],
        housing: { tenancyRef: 'T-0042-3', caseRef: 'ASB-2026-118', officer: 'HO-17' },
      },
    ]);
    expect(res.errors).toBeUndefined();
    expect(res.data!.submitIncidents).toMatchObject({ accepted: 1, linked: 1, rejected: [] });

    const q = await t.query<any>(
      `{ incidents(first: 5, filter: { sourceRef: "WKH-INC-7001" }) { edges { node { id clusterId reporter { id } sameIncidentAs { id sourceRef agency { id } clusterId }
          sameIncidentLinks { basis hoursApart windowHours explanation undoneAt } } } } }`,
      {},
      { token: housing },
    );
    expect(q.errors).toBeUndefined();
    const node = q.data!.incidents.edges[0].node;
    // The police's report of the same incident is not the housing association's to see without a grant.
    expect(node.sameIncidentAs).toEqual([]);
    expect(node.sameIncidentLinks[0].basis).toEqual(['SAME_PERSON', 'SAME_CATEGORY']);
    expect(node.sameIncidentLinks[0].hoursApart).toBeCloseTo(2, 1);
    expect(node.sameIncidentLinks[0].explanation).not.toMatch(/Dana|Connor/i);

    const policeSide = await t.query<any>(`{ incidents(filter: { sourceRef: "KP-TEST-0001" }) { edges { node { id clusterId reporter { id } } } } }`, {}, { token: police });
    const policeNode = policeSide.data!.incidents.edges[0].node;
    // One person, found by matching; the cluster keeps the id of the earliest report.
    expect(policeNode.reporter.id).toBe(node.reporter.id);
    expect(node.clusterId).toBe(policeNode.id);

    // The person is one Person, and the match widens nothing: each agency sees the name as it
    // supplied it and its own incident only.
    for (const [token, familyName, refs] of [[police, "O'Connor", ['KP-TEST-0001']], [housing, 'OConnor', ['WKH-INC-7001']]] as const) {
      const p = await t.query<any>(`query($id: ID!) { person(id: $id) { id familyName incidents { sourceRef } } }`, { id: node.reporter.id }, { token });
      expect(p.errors).toBeUndefined();
      expect(p.data!.person.familyName).toBe(familyName);
      expect(p.data!.person.incidents.map((i: any) => i.sourceRef).sort()).toEqual(refs);
    }

    // Under a grant, the housing association sees the police's report of the same incident.
    await grantIncidentDetail('west-kent-housing', node.reporter.id);
    // (Grants are for people — SPOCs and reviewers — never for a contributing system.)
    const housingReviewer = await tokenFor('west-kent-housing', 'reviewer');
    const granted = await t.query<any>(`{ incidents(filter: { sourceRef: "WKH-INC-7001" }) { edges { node { clusterId sameIncidentAs { sourceRef agency { id } clusterId } } } } }`, {}, { token: housingReviewer });
    const g = granted.data!.incidents.edges[0].node;
    expect(g.sameIncidentAs).toHaveLength(1);
    expect(g.sameIncidentAs[0]).toMatchObject({ sourceRef: 'KP-TEST-0001', agency: { id: 'kent-police' } });
    expect(g.sameIncidentAs[0].clusterId).toBe(g.clusterId);
  });

  it('resolves the same people to the same Person ids whatever the order and agency, also in overlapping calls', async () => {
    // Straight to the consent service, many at once, so that the requests really overlap there.
    const eve = { givenName: 'Evelyn', familyName: 'Marsh', dateOfBirth: '1961-07-30', postcode: 'TN14 5QP' };
    const omar = { givenName: 'Omar', familyName: 'Haddad', dateOfBirth: '1990-11-02', postcode: 'TN15 6RS' };
    const token = await serviceToken('incidents');
    const RESOLVE = 'mutation($agencyId: ID!, $people: [PersonMatchInput!]!) { serviceResolvePeople(agencyId: $agencyId, people: $people) }';
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        postGraphQL<any>(t.hub.subgraphs.consent.url, RESOLVE, { agencyId: i % 3 ? 'kent-police' : 'west-kent-housing', people: i % 2 ? [eve, omar] : [omar, eve] }, token),
      ),
    );
    const ids = results.map((r, i) => {
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      const [a, b] = r.data.serviceResolvePeople;
      return i % 2 ? { eve: a, omar: b } : { eve: b, omar: a };
    });
    expect(new Set(ids.map((x) => x.eve)).size).toBe(1);
    expect(new Set(ids.map((x) => x.omar)).size).toBe(1);
    expect(ids[0].eve).not.toBe(ids[0].omar);
  });

  it('resolves a later report carrying only the agency person reference to the same person', async () => {
    const res = await submit(housing, 'HOUSING', [
      {
        sourceRef: 'WKH-INC-7002', category: 'PERSONAL', subType: 'Intimidation', occurredAt: hoursAgo(400),
        location: { uprn: '100062548801' }, reporter: { personRef: 'WKH-T-88120' }, housing: { tenancyRef: 'T-0042-3', caseRef: 'ASB-2026-118' },
      },
      {
        sourceRef: 'WKH-INC-7003', category: 'PERSONAL', occurredAt: hoursAgo(390),
        location: { uprn: '100062548801' }, reporter: { personRef: 'WKH-T-UNKNOWN' }, housing: { tenancyRef: 'T-0042-3', caseRef: 'ASB-2026-118' },
      },
    ]);
    expect(res.data!.submitIncidents).toMatchObject({ accepted: 1 });
    expect(res.data!.submitIncidents.rejected).toEqual([
      { index: 1, sourceRef: 'WKH-INC-7003', errors: [{ field: 'reporter.personRef', message: expect.stringContaining('not known') }] },
    ]);
    const q = await t.query<any>(`{ a: incidents(filter: { sourceRef: "WKH-INC-7002" }) { edges { node { reporter { id } } } } b: incidents(filter: { sourceRef: "WKH-INC-7001" }) { edges { node { reporter { id } } } } }`, {}, { token: housing });
    expect(q.data!.a.edges[0].node.reporter.id).toBe(q.data!.b.edges[0].node.reporter.id);
  });

  it('stores a warden patrol log entry', async () => {
    const res = await submit(warden, 'WARDEN', [
      {
        sourceRef: 'KCW-LOG-2026-0912', category: 'ENVIRONMENTAL', subType: 'Fly-tipping', occurredAt: hoursAgo(50),
        location: { address: 'Rear of Elm Court garages', latitude: 51.2724, longitude: 0.1903 },
        actions: [{ at: hoursAgo(49), action: 'Photographed; reported to the council for removal', by: 'Warden 12' }],
        warden: { patrolId: 'PATROL-SEV-N-0312', wardenId: 'W12', observation: 'Mattress and bags of rubble dumped behind the garages.' },
      },
    ]);
    expect(res.errors).toBeUndefined();
    expect(res.data!.submitIncidents).toMatchObject({ accepted: 1, linked: 0, rejected: [] });
    const q = await t.query<any>(`{ incidents(filter: { sourceRef: "KCW-LOG-2026-0912" }) { edges { node { description sourceDetails location } } } }`, {}, { token: warden });
    expect(q.data!.incidents.edges[0].node).toEqual({
      description: 'Mattress and bags of rubble dumped behind the garages.',
      sourceDetails: { patrolId: 'PATROL-SEV-N-0312', wardenId: 'W12' },
      location: 'Rear of Elm Court garages',
    });
  });

  it('links a warden report of the same place (same LSOA, within 100 m) into the same cluster', async () => {
    const res = await submit(warden, 'WARDEN', [
      {
        sourceRef: 'KCW-LOG-2026-0913', category: 'NUISANCE', subType: 'Noise', occurredAt: hoursAgo(31),
        location: { address: 'Outside 22 Elm Court', latitude: 51.2725, longitude: 0.1902, lsoaCode: 'E01024503' },
        warden: { patrolId: 'PATROL-SEV-N-0311', observation: 'Music audible from the street at 1am.' },
      },
    ]);
    expect(res.data!.submitIncidents).toMatchObject({ accepted: 1, linked: 1 });
    const q = await t.query<any>(`{ incidents(filter: { sourceRef: "KCW-LOG-2026-0913" }) { edges { node { clusterId sameIncidentAs { sourceRef } sameIncidentLinks { basis } } } } }`, {}, { token: warden });
    const node = q.data!.incidents.edges[0].node;
    // Without a grant the wardens see their own report only; the link itself is theirs to see.
    expect(node.sameIncidentAs).toEqual([]);
    expect(node.sameIncidentLinks[0].basis).toEqual(['SAME_PLACE', 'SAME_CATEGORY']);
    const clusterOf = () => t.query<any>(`query($c: ID!) { incidents(filter: { clusterId: $c }) { edges { node { sourceRef } } } }`, { c: node.clusterId }, { token: warden });
    expect((await clusterOf()).data!.incidents.edges.map((e: any) => e.node.sourceRef)).toEqual(['KCW-LOG-2026-0913']);
    const reporter = (await t.query<any>(`{ incidents(filter: { sourceRef: "KP-TEST-0001" }) { edges { node { reporter { id } } } } }`, {}, { token: police })).data!.incidents.edges[0].node.reporter.id;
    await grantIncidentDetail('kent-wardens', reporter, ['kent-police', 'west-kent-housing']);
    // Grants are for people (a warden team's reviewer), never for the contributing system itself.
    const wardenReviewer = await tokenFor('kent-wardens', 'reviewer');
    const again = await t.query<any>(`{ incidents(filter: { sourceRef: "KCW-LOG-2026-0913" }) { edges { node { sameIncidentAs { sourceRef } } } } }`, {}, { token: wardenReviewer });
    expect(again.data!.incidents.edges[0].node.sameIncidentAs).toEqual([{ sourceRef: 'KP-TEST-0001' }]);
    const cluster = await t.query<any>(`query($c: ID!) { incidents(filter: { clusterId: $c }) { edges { node { sourceRef } } } }`, { c: node.clusterId }, { token: wardenReviewer });
    expect(cluster.data!.incidents.edges.map((e: any) => e.node.sourceRef).sort()).toEqual(['KCW-LOG-2026-0913', 'KP-TEST-0001', 'WKH-INC-7001']);
  });

  it('rejects the bad records of a mixed batch, naming index, sourceRef and field, and stores the good ones', async () => {
    const res = await submit(police, 'POLICE', [
      policeRecord('KP-MIX-1', { reporter: null }),
      policeRecord('KP-MIX-2', { occurredAt: new Date(Date.now() + 86_400_000).toISOString(), reporter: null }),
      policeRecord('KP-MIX-3', { location: { lsoaCode: 'nowhere' }, reporter: null }),
      policeRecord('KP-MIX-4', { housing: { tenancyRef: 'x', caseRef: 'y' }, reporter: null }),
      policeRecord('KP-MIX-1', { reporter: null }),
      policeRecord('KP-MIX-6', { reporter: { givenName: 'Secret', familyName: 'Name', postcode: 'not a postcode' } }),
      policeRecord('KP-MIX-7', { occurredAt: 'yesterday', reporter: null }),
    ]);
    expect(res.errors).toBeUndefined();
    const r = res.data!.submitIncidents;
    expect(r.accepted).toBe(1);
    expect(r.rejected.map((x: any) => [x.index, x.sourceRef])).toEqual([[1, 'KP-MIX-2'], [2, 'KP-MIX-3'], [3, 'KP-MIX-4'], [4, 'KP-MIX-1'], [5, 'KP-MIX-6'], [6, 'KP-MIX-7']]);
    expect(r.rejected[0].errors[0].field).toBe('occurredAt');
    expect(r.rejected[1].errors.map((e: any) => e.field)).toEqual(expect.arrayContaining(['location.lsoaCode']));
    expect(r.rejected[2].errors[0]).toEqual({ field: 'housing', message: 'does not belong to a POLICE record' });
    expect(r.rejected[3].errors[0].field).toBe('sourceRef');
    expect(r.rejected[4].errors[0].field).toBe('reporter.postcode');
    expect(r.rejected[5].errors).toEqual([{ field: 'occurredAt', message: 'must be an ISO 8601 date-time with offset, e.g. 2026-03-02T22:15:00Z' }]);
    expect(JSON.stringify(r.rejected)).not.toMatch(/Secret|not a postcode/);
  });

  it('refuses more than 1,000 records, a submission for another agency, a source not of the agency kind, and non-contributors', async () => {
    const many = Array.from({ length: 1_001 }, (_, i) => policeRecord(`KP-MANY-${i}`, { reporter: null }));
    const tooMany = await submit(police, 'POLICE', many);
    expect(tooMany.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'records' });

    const other = await submit(police, 'POLICE', [policeRecord('KP-OTHER-1', { reporter: null })], 'herts-police');
    expect(other.errors![0].extensions!.code).toBe('FORBIDDEN');
    const wrongKind = await submit(police, 'HOUSING', [{ sourceRef: 'X-1', category: 'NUISANCE', occurredAt: hoursAgo(1), location: { uprn: '1' }, housing: { tenancyRef: 'a', caseRef: 'b' } }]);
    expect(wrongKind.errors![0].extensions!.code).toBe('FORBIDDEN');
    const spoc = await submit(await tokenFor('sevenoaks-dc', 'spoc'), 'POLICE', [policeRecord('KP-SPOC-1', { reporter: null })]);
    expect(spoc.errors![0].extensions!.code).toBe('FORBIDDEN');

    const none = await t.query<any>(`{ incidents(filter: { sourceRef: "KP-OTHER-1" }) { edges { node { id } } } }`, {}, { token: police });
    expect(none.data!.incidents.edges).toEqual([]);
  });

  it('lets a SPOC undo a same-incident link, recorded, and keeps it undone on resubmission', async () => {
    const spoc = await tokenFor('sevenoaks-dc', 'spoc');
    // The SPOC sees the two agencies' reports of the person under a grant (access model v2).
    const reporter = (await t.query<any>(`{ incidents(filter: { sourceRef: "KP-TEST-0001" }) { edges { node { reporter { id } } } } }`, {}, { token: police })).data!.incidents.edges[0].node.reporter.id;
    await grantIncidentDetail('sevenoaks-dc', reporter, ['kent-police', 'west-kent-housing']);
    const q = await t.query<any>(`{ incidents(filter: { sourceRef: "WKH-INC-7001" }) { edges { node { id sameIncidentAs { id } } } } }`, {}, { token: spoc });
    const node = q.data!.incidents.edges[0].node;
    const contributorTry = await t.query<any>(
      `mutation($a: ID!, $b: ID!) { unlinkIncidents(incidentId: $a, otherIncidentId: $b, reason: "Different nights") { id } }`,
      { a: node.id, b: node.sameIncidentAs[0].id },
      { token: police },
    );
    expect(contributorTry.errors![0].extensions!.code).toBe('FORBIDDEN');
    const undo = await t.query<any>(
      `mutation($a: ID!, $b: ID!) { unlinkIncidents(incidentId: $a, otherIncidentId: $b, reason: "Different nights") { undoneAt undoneBy undoneByAgencyId undoReason } }`,
      { a: node.id, b: node.sameIncidentAs[0].id },
      { token: spoc },
    );
    expect(undo.errors).toBeUndefined();
    expect(undo.data!.unlinkIncidents).toMatchObject({ undoneBy: 'spoc.sevenoaks-dc', undoneByAgencyId: 'sevenoaks-dc', undoReason: 'Different nights' });
    const resubmitted = await submit(police, 'POLICE', [policeRecord('KP-TEST-0001', { description: 'Updated narrative.' })]);
    expect(resubmitted.data!.submitIncidents).toMatchObject({ updated: 1, linked: 0 });
    const after = await t.query<any>(`{ incidents(filter: { sourceRef: "WKH-INC-7001" }) { edges { node { id clusterId sameIncidentAs { id } sameIncidentLinks { undoneAt } } } } }`, {}, { token: spoc });
    const n = after.data!.incidents.edges[0].node;
    expect(n.sameIncidentAs).toEqual([]);
    expect(n.clusterId).toBe(n.id);
    expect(n.sameIncidentLinks[0].undoneAt).not.toBeNull();
  });

  it('pages the incidents list with cursors', async () => {
    // A list without a person is of the caller's own agency's incidents (access model v2).
    const spoc = await tokenFor('kent-police', 'spoc');
    const page = (after?: string) =>
      t.query<any>(`query($after: String) { incidents(filter: { agencyId: "kent-police" }, first: 3, after: $after) { edges { cursor node { id occurredAt } } pageInfo { hasNextPage endCursor } } }`, { after }, { token: spoc });
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 10; i++) {
      const res = await page(after);
      expect(res.errors).toBeUndefined();
      seen.push(...res.data!.incidents.edges.map((e: any) => e.node.id));
      if (!res.data!.incidents.pageInfo.hasNextPage) break;
      after = res.data!.incidents.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(6);
    const bad = await t.query<any>(`{ incidents(after: "garbage") { edges { cursor } } }`, {}, { token: spoc });
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const analyst = await t.query<any>(`{ incidents { edges { cursor } } }`, {}, { token: await tokenFor('sevenoaks-dc', 'analyst') });
    expect(analyst.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(DEMO.people.alice).toBeDefined();
  });
});
