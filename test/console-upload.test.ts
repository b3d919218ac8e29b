import { describe, expect, it } from 'vitest';
import { mapNativeRow } from '../subgraphs/incidents/ingest/native';
import { IncidentSource } from '../subgraphs/shared/enums';
import { readUpload } from '../console/src/upload';

/**
 * The console's reading of a contributor's file (console/src/upload.ts): the same native columns as
 * `npm run ingest`, and the records GraphQL would refuse for the whole batch rejected alone, with
 * their place in the file, field and reason.
 */
describe('the console reads an uploaded incidents file', () => {
  const header = 'incident_ref,occurred_at,nsir_category,nsir_sub_type,description,address,latitude,crime_ref,actions';

  it('maps CSV rows with the CLI’s own mapping, and rejects alone what GraphQL would refuse for the whole batch', () => {
    const csv = [
      header,
      'P-1,2026-03-02T22:15:00Z,NUISANCE,Noise,"Music, loud",1 High St,,CR-1,2026-03-02T23:00:00Z|Words of advice|PC 1',
      ',2026-03-02T22:15:00Z,NUISANCE,,,2 High St,,,',
      'P-3,,noise,,,3 High St,north,,',
      'P-4,2026-03-03T10:00:00Z,PERSONAL,,,4 High St,,,|Warning letter|',
      '"P-5,2026-03-03T10:00:00Z,PERSONAL,,,5 High St,,,',
    ].join('\n');
    const { items, rejected, kind } = readUpload('incidents.csv', csv, 'POLICE');
    expect(kind).toBe('CSV');
    expect(items).toHaveLength(1);
    expect(items[0].position).toBe(2);
    const row = {
      incident_ref: 'P-1',
      occurred_at: '2026-03-02T22:15:00Z',
      nsir_category: 'NUISANCE',
      nsir_sub_type: 'Noise',
      description: 'Music, loud',
      address: '1 High St',
      latitude: '',
      crime_ref: 'CR-1',
      actions: '2026-03-02T23:00:00Z|Words of advice|PC 1',
    };
    expect(items[0].record).toEqual(mapNativeRow(IncidentSource.POLICE, row));
    const byLine = Object.fromEntries(rejected.map((r) => [r.position, r]));
    expect(byLine[3].errors).toEqual([{ field: 'sourceRef', message: 'is required (the agency’s own reference)' }]);
    expect(byLine[4]).toEqual({
      position: 4,
      sourceRef: 'P-3',
      errors: [
        { field: 'occurredAt', message: 'is required' },
        { field: 'category', message: 'must be one of PERSONAL, NUISANCE, ENVIRONMENTAL' },
        { field: 'location.latitude', message: 'is not a number' },
      ],
    });
    expect(byLine[5].errors).toEqual([{ field: 'actions.0.at', message: 'is required' }]);
    // A row csv-parse cannot read is rejected alone, by its line, never with its content.
    const unreadable = rejected.find((r) => r.errors[0].field === 'row')!;
    expect(unreadable.errors[0].message).toBe('opens a quoted value that is never closed');
    expect(JSON.stringify(unreadable)).not.toContain('5 High St');
  });

  it('takes JSON records (a list, or { records }), rejecting unknown fields and non-objects by their position', () => {
    const good = {
      sourceRef: 'H-1',
      category: 'ENVIRONMENTAL',
      occurredAt: '2026-03-02T22:15:00Z',
      location: { uprn: '100062' },
      housing: { tenancyRef: 'T1', caseRef: 'C1' },
    };
    const { items, rejected, kind } = readUpload(
      'incidents.json',
      JSON.stringify({
        records: [
          good,
          { ...good, sourceRef: 'H-2', colour: 'red', location: { postcode: 'TN13 1AA' } },
          7,
          { ...good, sourceRef: 42, housing: { tenancyRef: 'T1' } },
        ],
      }),
      'HOUSING',
    );
    expect(kind).toBe('JSON');
    expect(items).toEqual([{ position: 1, record: good }]);
    expect(rejected).toEqual([
      { position: 3, sourceRef: null, errors: [{ field: 'record', message: 'is not an object' }] },
      {
        position: 2,
        sourceRef: 'H-2',
        errors: [
          { field: 'location.postcode', message: 'is not a field of location' },
          { field: 'colour', message: 'is not a field of an incident record' },
        ],
      },
      {
        position: 4,
        sourceRef: null,
        errors: [
          { field: 'sourceRef', message: 'must be text' },
          { field: 'sourceRef', message: 'is required (the agency’s own reference)' },
          { field: 'housing.caseRef', message: 'is required' },
        ],
      },
    ]);
    expect(() => readUpload('x.json', '{"records": 3}', 'HOUSING')).toThrow('A JSON file must hold a list of records');
    expect(() => readUpload('x.json', '[oops', 'HOUSING')).toThrow('The file is not valid JSON');
  });
});
