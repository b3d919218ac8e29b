import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentClient } from '../subgraphs/incidents/ingest/consent-client';
import { importFile } from '../subgraphs/incidents/ingest/importer';
import { IncidentSource } from '../subgraphs/shared/enums';
import { startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * The bulk mode (`submitIncidentsBulk`, NDJSON) against `submitIncidents` on the same input: the
 * same rows stored, the same same-incident links and clusters, the same rejections (record index,
 * sourceRef, fields and messages), the same counts, and the same again on resubmission. The input
 * goes through one path, is snapshotted and removed, then goes through the other.
 */
let t: TestHub;
let police: string;
let housing: string;
beforeAll(async () => {
  t = await startTestHub({ seed: true });
  police = await tokenFor('kent-police', 'contributor');
  housing = await tokenFor('west-kent-housing', 'contributor');
});
afterAll(async () => {
  await t?.stop();
});

const RESULT = 'accepted updated unchanged linked rejected { index sourceRef errors { field message } }';
const SUBMIT = `mutation($source: IncidentSource!, $records: [IncidentInput!]!) { submitIncidents(source: $source, records: $records) { ${RESULT} } }`;
const BULK = `mutation($source: IncidentSource!, $ndjson: String!) { submitIncidentsBulk(source: $source, ndjson: $ndjson) { ${RESULT} } }`;

const NOW = Date.now();
const hoursAgo = (h: number) => new Date(NOW - h * 3_600_000).toISOString();
const person = (i: number) => ({ givenName: 'Robin', familyName: `Bulkmode${String.fromCharCode(97 + i)}`, dateOfBirth: '1981-07-0' + (1 + (i % 9)), postcode: 'TN13 1AA' });
const place = (i: number) => ({ address: `${i} Birch Row, Sevenoaks`, latitude: 51.25 + i * 0.01, longitude: 0.15, lsoaCode: 'E01024511' });

/** Police records: good ones, a malformed date, a future date, a repeated sourceRef, an unknown person reference. */
const policeRecords = () => [
  ...Array.from({ length: 12 }, (_, i) => ({
    sourceRef: `BULKEQ-P-${i}`,
    category: i % 3 ? 'NUISANCE' : 'PERSONAL',
    subType: 'Noise',
    occurredAt: hoursAgo(200 - i * 10),
    location: place(i),
    reporter: person(i),
    peopleInvolved: i % 4 === 0 ? [{ givenName: 'Ash', familyName: `Neighbour${String.fromCharCode(97 + i)}`, personRef: `KP-N-${i}` }] : [],
    actions: [{ at: hoursAgo(190 - i * 10), action: 'Words of advice', by: 'PC 1' }],
    police: { district: 'Sevenoaks' },
  })),
  { sourceRef: 'BULKEQ-P-BAD-1', category: 'NUISANCE', occurredAt: 'last Tuesday', location: place(1), police: {} },
  { sourceRef: 'BULKEQ-P-BAD-2', category: 'NUISANCE', occurredAt: new Date(NOW + 86_400_000).toISOString(), location: place(2), police: {} },
  { sourceRef: 'BULKEQ-P-3', category: 'NUISANCE', occurredAt: hoursAgo(5), location: place(3), police: {} },
  { sourceRef: 'BULKEQ-P-BAD-3', category: 'NUISANCE', occurredAt: hoursAgo(5), location: place(4), reporter: { personRef: 'KP-NEVER-SEEN' }, police: {} },
];

/** Housing's reports of half of the same events (same reporter, same place, hours later: linked), and one of its own. */
const housingRecords = () => [
  ...Array.from({ length: 6 }, (_, k) => {
    const i = k * 2;
    return {
      sourceRef: `BULKEQ-H-${i}`,
      category: i % 3 ? 'NUISANCE' : 'PERSONAL',
      subType: 'noise',
      occurredAt: hoursAgo(200 - i * 10 - 3),
      location: { ...place(i), uprn: String(200100 + i) },
      reporter: person(i),
      housing: { tenancyRef: `T-${i}`, caseRef: `C-${i}` },
    };
  }),
  { sourceRef: 'BULKEQ-H-BAD', category: 'NUISANCE', occurredAt: hoursAgo(5), location: { address: 'somewhere' }, housing: { tenancyRef: 'T', caseRef: 'C' } },
];

type Outcome = { accepted: number; updated: number; unchanged: number; linked: number; rejected: Array<{ index: number; sourceRef: string | null; errors: unknown[] }> };

async function viaSubmit(token: string, source: string, records: unknown[]): Promise<Outcome> {
  const res = await t.query<{ submitIncidents: Outcome }>(SUBMIT, { source, records }, { token });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.submitIncidents;
}
async function viaBulk(token: string, source: string, records: unknown[]): Promise<Outcome> {
  const res = await t.query<{ submitIncidentsBulk: Outcome }>(BULK, { source, ndjson: records.map((r) => JSON.stringify(r)).join('\n') + '\n' }, { token });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.submitIncidentsBulk;
}

const knex = () => t.hub.subgraphs.incidents.db.orm.em.getConnection().getKnex();

/** What the hub holds of the BULKEQ records: every stored column but ids and times, clusters and links by sourceRef. */
async function snapshot() {
  const rows = await knex().raw(
    `select i.source, i.agency_id, i.source_ref, i.category, i.sub_type, i.occurred_at, i.reported_at, i.description, i.location, i.uprn, i.latitude, i.longitude,
       i.lsoa_code, i.reporter_person_id, i.person_ids, i.actions, i.source_details, c.source_ref as cluster
     from incidents.incident i join incidents.incident c on c.id = i.cluster_id where i.source_ref like 'BULKEQ-%' order by i.agency_id, i.source_ref`,
  );
  const links = await knex().raw(
    // each pair by sourceRef: the stored order is by id, and ids are random
    `select least(a.source_ref, b.source_ref) as a, greatest(a.source_ref, b.source_ref) as b, l.basis, l.hours_apart, l.window_hours, l.undone_at is null as live
     from incidents.incident_link l join incidents.incident a on a.id = l.incident_id join incidents.incident b on b.id = l.other_incident_id
     where a.source_ref like 'BULKEQ-%' or b.source_ref like 'BULKEQ-%' order by 1, 2`,
  );
  return { rows: rows.rows, links: links.rows };
}

async function forget() {
  await knex().raw(
    `delete from incidents.incident_link l using incidents.incident i where (i.id = l.incident_id or i.id = l.other_incident_id) and i.source_ref like 'BULKEQ-%'`,
  );
  await knex().raw(`delete from incidents.incident where source_ref like 'BULKEQ-%'`);
}

describe('submitIncidentsBulk', () => {
  it('stores, links and rejects exactly as submitIncidents does on the same input, and again on resubmission', async () => {
    const run = async (send: typeof viaSubmit) => ({
      police: await send(police, 'POLICE', policeRecords()),
      housing: await send(housing, 'HOUSING', housingRecords()),
      again: await send(police, 'POLICE', policeRecords()),
    });
    const before = await run(viaSubmit);
    const held = await snapshot();
    await forget();
    const bulk = await run(viaBulk);
    const heldBulk = await snapshot();

    expect(before.police.accepted).toBe(12);
    expect(before.police.rejected.map((r) => r.index)).toEqual([12, 13, 14, 15]);
    expect(before.housing.linked).toBe(6);
    expect(before.again.unchanged).toBe(12);
    expect(bulk).toEqual(before);
    expect(held.rows).toHaveLength(18);
    expect(held.links).toHaveLength(6);
    expect(heldBulk).toEqual(held);
  });

  it('npm run ingest --bulk (importFile, bulk: one batch of 1,216) stores, links and rejects as batches of 500 do', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulk-import-'));
    const policeFile = path.join(dir, 'police.json');
    const housingFile = path.join(dir, 'housing.json');
    // More than one submitIncidents batch may hold (1,000): police reports of their own after the mixed ones.
    const filler = Array.from({ length: 1_200 }, (_, i) => ({
      sourceRef: `BULKEQ-F-${i}`, category: 'ENVIRONMENTAL', occurredAt: hoursAgo(3_000 + i), location: { address: `Lay-by ${i}, A25` }, police: { district: 'Sevenoaks' },
    }));
    fs.writeFileSync(policeFile, JSON.stringify([...policeRecords(), ...filler]));
    fs.writeFileSync(housingFile, JSON.stringify(housingRecords()));
    const deps = { knex: knex(), consent: consentClient(() => t.hub.subgraphs.consent.url) };
    const run = async (bulk: boolean) => {
      const a = await importFile(deps, { file: policeFile, source: IncidentSource.POLICE, format: 'native', agencyId: 'kent-police', bulk });
      const b = await importFile(deps, { file: housingFile, source: IncidentSource.HOUSING, format: 'native', agencyId: 'west-kent-housing', bulk });
      return { a, b, held: await snapshot() };
    };
    await forget();
    const small = await run(false);
    await forget();
    const bulk = await run(true);
    expect(small.a.accepted).toBe(1_212);
    expect(small.held.links).toHaveLength(6);
    expect(small.held.rows).toHaveLength(1_218);
    expect(bulk).toEqual(small);
  });

  it('rejects a line that is not a JSON object alone, by its position among non-blank lines', async () => {
    const good = { sourceRef: 'BULKLINE-1', category: 'NUISANCE', occurredAt: hoursAgo(3), location: place(40), police: {} };
    const ndjson = ['', JSON.stringify(good), '{"sourceRef": "BULKLINE-2", ', '[1, 2]', '', JSON.stringify({ ...good, sourceRef: 'BULKLINE-3', category: 'NONE' })].join('\n');
    const res = await t.query<{ submitIncidentsBulk: Outcome }>(BULK, { source: 'POLICE', ndjson }, { token: police });
    expect(res.errors).toBeUndefined();
    const out = res.data!.submitIncidentsBulk;
    expect(out.accepted).toBe(1);
    expect(out.rejected).toEqual([
      { index: 1, sourceRef: null, errors: [{ field: '(record)', message: 'is not a JSON object on one line' }] },
      { index: 2, sourceRef: null, errors: [{ field: '(record)', message: 'is not a JSON object on one line' }] },
      { index: 3, sourceRef: 'BULKLINE-3', errors: [{ field: 'category', message: 'must be PERSONAL, NUISANCE or ENVIRONMENTAL' }] },
    ]);
  });

  it('puts the collection on the access log, refuses another agency and more than 5,000 records', async () => {
    const one = { sourceRef: 'BULKLOG-1', category: 'NUISANCE', occurredAt: hoursAgo(2), location: place(50), reporter: person(20), police: {} };
    expect((await viaBulk(police, 'POLICE', [one])).accepted).toBe(1);
    const log = await t.hub.subgraphs.consent.db.orm.em
      .getConnection()
      .getKnex()
      .raw(`select count(*)::int as n from consent.access_event where operation like '%submitIncidentsBulk' and action = 'COLLECT' and category = 'INCIDENT_DETAIL'`);
    expect(log.rows[0].n).toBeGreaterThan(0);

    const other = await t.query(`mutation { submitIncidentsBulk(source: POLICE, ndjson: "", agencyId: "herts-police") { accepted } }`, {}, { token: police });
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const many = Array.from({ length: 5_001 }, () => '{}').join('\n');
    const big = await t.query(BULK, { source: 'POLICE', ndjson: many }, { token: police });
    expect(big.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(big.errors?.[0].extensions?.field).toBe('ndjson');
  });
});
