import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentClient } from '../subgraphs/incidents/ingest/consent-client';
import { importFile } from '../subgraphs/incidents/ingest/importer';
import { IncidentSource } from '../subgraphs/shared/enums';
import { projectRoot } from '../platform/paths';
import { freshDatabase } from './support/db';
import { startTestHub, tokenFor, type TestHub } from './support/hub';

/** The file importer (npm run ingest): data.police.uk months, native CSVs, rejections, re-imports. */
const policeUk = (month: string) => path.join(projectRoot(), 'test', 'fixtures', 'police-uk', `2024-${month}-city-of-london-street.csv`);
let t: TestHub;
let tmp: string;
const deps = () => ({ knex: t.hub.subgraphs.incidents.db.orm.em.getConnection().getKnex(), consent: consentClient(() => t.hub.subgraphs.consent.url) });
beforeAll(async () => {
  t = await startTestHub({ seed: true });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'asb-ingest-'));
});
afterAll(async () => {
  await t?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('police-uk street-level CSVs', () => {
  it('imports exactly the ASB rows of each month (12, 35, 52), registering the force; a re-import changes nothing', async () => {
    const expected: Record<string, number> = { '01': 12, '02': 35, '03': 52 };
    for (const [month, n] of Object.entries(expected)) {
      const report = await importFile(deps(), { file: policeUk(month), source: IncidentSource.POLICE, format: 'police-uk' });
      expect(report, month).toMatchObject({ total: n, accepted: n, updated: 0, unchanged: 0, rejected: [], agencies: ['city-of-london-police'] });
    }
    const before = await t.hub.subgraphs.incidents.db.orm.em.getConnection().execute(`select max(updated_at) as at, count(*)::int as n from incidents.incident where agency_id = 'city-of-london-police'`);
    expect(before[0].n).toBe(99);
    for (const [month, n] of Object.entries(expected)) {
      const again = await importFile(deps(), { file: policeUk(month), source: IncidentSource.POLICE, format: 'police-uk' });
      expect(again, month).toMatchObject({ accepted: 0, updated: 0, unchanged: n, rejected: [] });
    }
    const after = await t.hub.subgraphs.incidents.db.orm.em.getConnection().execute(`select max(updated_at) as at, count(*)::int as n from incidents.incident where agency_id = 'city-of-london-police'`);
    expect(after).toEqual(before);

    const token = await tokenFor('city-of-london-police', 'contributor');
    const agency = await t.query<any>(`{ agency(id: "city-of-london-police") { id name kind } }`, {}, { token });
    expect(agency.data!.agency).toEqual({ id: 'city-of-london-police', name: 'City of London Police', kind: 'POLICE' });
    const list = await t.query<any>(`{ incidents(first: 100, filter: { agencyId: "city-of-london-police", occurredFrom: "2024-02-01T00:00:00Z", occurredTo: "2024-03-01T00:00:00Z" }) { edges { node { source category subType location lsoaCode occurredAt } } } }`, {}, { token });
    expect(list.errors).toBeUndefined();
    expect(list.data!.incidents.edges).toHaveLength(35);
    expect(list.data!.incidents.edges[0].node).toMatchObject({ source: 'POLICE', subType: 'Anti-social behaviour', occurredAt: '2024-02-01T00:00:00.000Z' });
    expect(list.data!.incidents.edges.every((e: any) => /^On or near |^No Location$/.test(e.node.location))).toBe(true);
  });
});

describe('native files', () => {
  it('imports a housing CSV export, rejecting the bad rows into a file beside the input', async () => {
    const file = path.join(tmp, 'wkh-export.csv');
    fs.writeFileSync(
      file,
      [
        'incident_ref,case_ref,tenancy_ref,property_uprn,category,sub_type,occurred_at,reported_at,address,description,reporter_given_name,reporter_family_name,reporter_date_of_birth,reporter_postcode,reporter_ref,actions',
        'WKH-CSV-1,ASB-2026-200,T-0100-1,100062549900,NUISANCE,Noise,2026-03-02T23:00:00Z,2026-03-03T09:00:00Z,"Flat 2, 5 Birch Road, Sevenoaks",Loud parties every weekend,Erin,Walsh,1990-07-07,TN13 9ZZ,WKH-T-100,"2026-03-05T10:00:00Z|Warning letter|HO-3;2026-03-20T10:00:00Z|Injunction applied for|Legal team"',
        'WKH-CSV-2,ASB-2026-200,T-0100-1,,NUISANCE,Noise,2026-03-09T23:00:00Z,,"Flat 2, 5 Birch Road, Sevenoaks",Again,Erin,Walsh,1990-07-07,TN13 9ZZ,WKH-T-100,',
        'WKH-CSV-3,ASB-2026-201,T-0100-2,100062549901,NOISY,,2026-03-10T23:00:00Z,,,,,,,,,',
      ].join('\n'),
    );
    const report = await importFile(deps(), { file, source: IncidentSource.HOUSING, format: 'native', agencyId: 'west-kent-housing' });
    expect(report).toMatchObject({ total: 3, accepted: 1 });
    expect(report.rejected.map((r) => [r.index, r.line, r.sourceRef, r.errors[0].field])).toEqual([
      [1, 3, 'WKH-CSV-2', 'location.uprn'],
      [2, 4, 'WKH-CSV-3', 'category'],
    ]);
    expect(report.rejectionsFile).toBe(`${file}.rejected.json`);
    const written = JSON.parse(fs.readFileSync(report.rejectionsFile!, 'utf8'));
    expect(written.rejected).toHaveLength(2);
    expect(JSON.stringify(written)).not.toMatch(/Erin|Walsh/);

    const token = await tokenFor('west-kent-housing', 'contributor');
    const q = await t.query<any>(`{ incidents(filter: { sourceRef: "WKH-CSV-1" }) { edges { node { uprn sourceDetails actions { action by } } } } }`, {}, { token });
    expect(q.data!.incidents.edges[0].node).toEqual({
      uprn: '100062549900',
      sourceDetails: { tenancyRef: 'T-0100-1', caseRef: 'ASB-2026-200' },
      actions: [{ action: 'Warning letter', by: 'HO-3' }, { action: 'Injunction applied for', by: 'Legal team' }],
    });
  });

  it('a malformed CSV row is rejected alone, with its line number and without its content; the rows around it land', async () => {
    const file = path.join(tmp, 'wkh-malformed.csv');
    const header = 'incident_ref,case_ref,tenancy_ref,property_uprn,category,sub_type,occurred_at,reported_at,address,description';
    fs.writeFileSync(
      file,
      [
        header,
        'WKH-BAD-1,ASB-1,T-1,100062549910,NUISANCE,Noise,2026-03-02T23:00:00Z,,"1 Oak Road",First',
        'WKH-BAD-2,ASB-1,T-1,Secret Street only four columns',
        'WKH-BAD-3,ASB-1,T-1,100062549911,NUISANCE,Noise,2026-03-04T23:00:00Z,,"2 Oak Road",Third',
      ].join('\n'),
    );
    const report = await importFile(deps(), { file, source: IncidentSource.HOUSING, format: 'native', agencyId: 'west-kent-housing' });
    expect(report).toMatchObject({ total: 3, accepted: 2 });
    expect(report.rejected).toHaveLength(1);
    expect(report.rejected[0]).toMatchObject({ line: 3, sourceRef: null, errors: [{ field: 'row' }] });
    expect(report.rejected[0].errors[0].message).toMatch(/line 3 .*columns/);
    expect(fs.readFileSync(report.rejectionsFile!, 'utf8')).not.toMatch(/Secret/);
  });

  it('refuses a native file for an agency of another kind', async () => {
    const file = path.join(tmp, 'wrong.json');
    fs.writeFileSync(file, JSON.stringify([{ sourceRef: 'X', category: 'NUISANCE', occurredAt: '2026-01-01T00:00:00Z' }]));
    await expect(importFile(deps(), { file, source: IncidentSource.WARDEN, format: 'native', agencyId: 'kent-police' })).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });
});

describe('npm run ingest', () => {
  it('imports a police-uk month into an empty database, prints the counts, and a second run changes nothing', async () => {
    const db = await freshDatabase('ingest_cli');
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'warn' };
    delete env.CONSENT_URL;
    const run = async () => {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [path.join(projectRoot(), 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/ingest.ts', '--source', 'police', '--format', 'police-uk', policeUk('01')],
        { cwd: projectRoot(), env },
      );
      return stdout;
    };
    try {
      expect(await run()).toMatch(/12 records for city-of-london-police — accepted 12, updated 0, unchanged 0, rejected 0/);
      expect(await run()).toMatch(/accepted 0, updated 0, unchanged 12, rejected 0/);
    } finally {
      await db.drop();
    }
  });
});
