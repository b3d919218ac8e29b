import { describe, expect, it } from 'vitest';
import { IncidentSource } from '../../shared/enums';
import { checkRecord } from './records';
import { agencySlug, areaOf, mapPoliceUkRows, type PoliceUkRow } from './police-uk';
import { mapNativeRow } from './native';

const at = '2026-03-02T22:15:00Z';

describe('checkRecord: each source has its own required parts', () => {
  it('police: needs a location; keeps officer details as source details; sorts actions', () => {
    const ok = checkRecord(IncidentSource.POLICE, {
      sourceRef: ' KP-1 ', category: 'PERSONAL', occurredAt: at, location: { latitude: 51.27, longitude: 0.19 },
      actions: [{ at: '2026-03-04T10:00:00Z', action: 'Community protection warning', by: 'PC 1' }, { at: '2026-03-03T10:00:00Z', action: 'Attended' }],
      police: { crimeReference: 'CR/123', attendingOfficer: null },
    }, 0);
    expect(ok.ok).toBe(true);
    if (!ok.ok) return;
    expect(ok.record.sourceRef).toBe('KP-1');
    expect(ok.record.reportedAt).toEqual(new Date(at));
    expect(ok.record.sourceDetails).toEqual({ crimeReference: 'CR/123' });
    expect(ok.record.actions.map((a) => a.action)).toEqual(['Attended', 'Community protection warning']);
    const bad = checkRecord(IncidentSource.POLICE, { sourceRef: 'KP-2', category: 'PERSONAL', occurredAt: at }, 3);
    expect(bad).toEqual({ ok: false, sourceRef: 'KP-2', errors: [{ field: 'location', message: 'a police record needs an address, a UPRN or coordinates' }] });
  });

  it('housing: needs tenancy and case references and the property UPRN', () => {
    const bad = checkRecord(IncidentSource.HOUSING, { sourceRef: 'H-1', category: 'NUISANCE', occurredAt: at, location: { address: 'x' } }, 0);
    expect(bad.ok || bad.errors.map((e) => e.field)).toEqual(['housing', 'location.uprn']);
    const ok = checkRecord(IncidentSource.HOUSING, { sourceRef: 'H-1', category: 'NUISANCE', occurredAt: at, location: { uprn: '100062548801' }, housing: { tenancyRef: 'T', caseRef: 'C' } }, 0);
    expect(ok.ok).toBe(true);
  });

  it('warden: the observation becomes the narrative', () => {
    const ok = checkRecord(IncidentSource.WARDEN, { sourceRef: 'W-1', category: 'ENVIRONMENTAL', occurredAt: at, location: { address: 'Park' }, warden: { patrolId: 'P1', observation: 'Graffiti on the shelter' } }, 0);
    expect(ok.ok && ok.record.description).toBe('Graffiti on the shelter');
    expect(ok.ok && ok.record.sourceDetails).toEqual({ patrolId: 'P1' });
  });

  it('refuses future times, reports before the incident, half coordinates and names without reference — never echoing values', () => {
    const bad = checkRecord(IncidentSource.POLICE, {
      sourceRef: 'KP-3', category: 'NUISANCE', occurredAt: '2999-01-01T00:00:00Z', reportedAt: '2000-01-01T00:00:00Z',
      location: { latitude: 51.2 }, reporter: { givenName: 'Zebedee' },
    }, 0);
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.map((e) => e.field).sort()).toEqual(['location.longitude', 'occurredAt', 'reportedAt', 'reporter.familyName'].sort());
    expect(JSON.stringify(bad.errors)).not.toContain('Zebedee');
  });
});

describe('data.police.uk rows', () => {
  const row = (over: Partial<PoliceUkRow> = {}): PoliceUkRow => ({
    'Crime ID': '', Month: '2024-01', 'Reported by': 'City of London Police', 'Falls within': 'City of London Police', Longitude: '-0.097078', Latitude: '51.519045',
    Location: 'On or near A1', 'LSOA code': 'E01000001', 'LSOA name': 'City of London 001A', 'Crime type': 'Anti-social behaviour', 'Last outcome category': '', Context: '', ...over,
  });

  it('keeps ASB rows only, with stable references that tell identical rows apart', () => {
    const rows = [row(), row({ 'Crime type': 'Burglary' }), row(), row({ Location: 'On or near Moorgate' })];
    const first = mapPoliceUkRows(rows);
    expect(first).toHaveLength(3);
    const refs = first.map((r) => r.record.sourceRef);
    expect(new Set(refs).size).toBe(3);
    expect(mapPoliceUkRows(rows).map((r) => r.record.sourceRef)).toEqual(refs);
    expect(first[0]).toMatchObject({ agencyId: 'city-of-london-police', area: 'city-of-london', record: { occurredAt: '2024-01-01T00:00:00.000Z', location: { latitude: 51.519045, lsoaCode: 'E01000001' } } });
    expect(checkRecord(IncidentSource.POLICE, first[0].record, 0).ok).toBe(true);
  });

  it('slugs agencies', () => {
    expect(agencySlug('Essex Police')).toBe('essex-police');
    expect(agencySlug('Avon & Somerset Constabulary')).toBe('avon-and-somerset-constabulary');
    expect(areaOf('Avon and Somerset Constabulary')).toBe('avon-and-somerset');
  });
});

describe('native CSV rows', () => {
  it('maps a warden log row with its action', () => {
    const r = mapNativeRow(IncidentSource.WARDEN, { log_entry_ref: 'L-1', patrol_id: 'P-9', warden_id: 'W3', observed_at: at, category: 'NUISANCE', location: 'Bus station', observation: 'Group drinking', action: 'Dispersed group' });
    expect(r).toMatchObject({ sourceRef: 'L-1', occurredAt: at, warden: { patrolId: 'P-9' }, actions: [{ at, action: 'Dispersed group', by: 'W3' }] });
    expect(checkRecord(IncidentSource.WARDEN, r, 0).ok).toBe(true);
  });
});

describe('checkRecord: instants', () => {
  const record = (occurredAt: unknown) => ({ sourceRef: 'KP-T', category: 'NUISANCE', occurredAt, location: { address: '1 High Street' } });
  it('takes ISO 8601 date-times with an offset, and dates', () => {
    for (const v of ['2026-03-02T22:15:00Z', '2026-03-02T22:15+01:00', '2026-03-02T22:15:00.123456+0100', new Date(at)]) {
      const c = checkRecord(IncidentSource.POLICE, record(v), 0);
      expect(c.ok, String(v)).toBe(true);
    }
  });
  it('refuses anything else on the field, with the format in the message', () => {
    for (const v of ['2026-03-02', '2026-03-02T22:15:00', '2026-13-45T25:00:00Z', 'yesterday', 1_772_489_700_000, null, new Date('nope')]) {
      const c = checkRecord(IncidentSource.POLICE, record(v), 0);
      expect(c.ok, String(v)).toBe(false);
      if (!c.ok) expect(c.errors).toEqual([{ field: 'occurredAt', message: expect.stringContaining('ISO 8601 date-time with offset') }]);
    }
  });
});
