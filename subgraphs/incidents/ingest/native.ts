// A type only: the console maps uploaded files with this same module in the browser (console/src/upload.ts).
import type { IncidentSource } from '../../shared/enums';

/**
 * The native export format of each kind of source system, as CSV (one record a row), mapped to the
 * `IncidentInput` shape. JSON files hold `IncidentInput` records directly (an array, or `{ records }`).
 *
 * Columns every source may have: occurred_at, reported_at, category (NSIR: PERSONAL, NUISANCE,
 * ENVIRONMENTAL), sub_type, description, address, uprn, latitude, longitude, lsoa_code,
 * reporter_given_name, reporter_family_name, reporter_date_of_birth, reporter_postcode,
 * reporter_ref, actions (`<ISO time>|<what>|<by>` entries separated by `;`).
 *
 * - police:  incident_ref (the force incident reference), nsir_category / nsir_sub_type (aliases of
 *            category / sub_type), crime_ref, officer, district
 * - housing: incident_ref, case_ref, tenancy_ref, property_uprn (alias of uprn), officer
 * - warden:  log_entry_ref, patrol_id, warden_id, observation, action, action_at
 */
type Row = Record<string, string | undefined>;

const v = (row: Row, ...names: string[]) => {
  for (const n of names) {
    const value = row[n]?.trim();
    if (value) return value;
  }
  return null;
};
const num = (s: string | null) => (s === null ? null : Number.isFinite(Number(s)) ? Number(s) : (s as unknown as number));

function actionsOf(text: string | null): Array<{ at: string; action: string; by: string | null }> {
  if (!text) return [];
  return text
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const [at, action, by] = entry.split('|').map((x) => x.trim());
      return { at, action: action ?? '', by: by || null };
    });
}

export function mapNativeRow(source: IncidentSource, row: Row): Record<string, unknown> {
  const reporterFields = {
    givenName: v(row, 'reporter_given_name'),
    familyName: v(row, 'reporter_family_name'),
    dateOfBirth: v(row, 'reporter_date_of_birth'),
    postcode: v(row, 'reporter_postcode'),
    personRef: v(row, 'reporter_ref'),
  };
  const hasReporter = Object.values(reporterFields).some(Boolean);
  const record: Record<string, unknown> = {
    sourceRef: v(row, 'incident_ref', 'log_entry_ref', 'source_ref'),
    category: v(row, 'nsir_category', 'category'),
    subType: v(row, 'nsir_sub_type', 'sub_type'),
    occurredAt: v(row, 'occurred_at', 'observed_at'),
    reportedAt: v(row, 'reported_at'),
    description: v(row, 'description'),
    location: {
      address: v(row, 'address', 'location'),
      uprn: v(row, 'property_uprn', 'uprn'),
      latitude: num(v(row, 'latitude')),
      longitude: num(v(row, 'longitude')),
      lsoaCode: v(row, 'lsoa_code'),
    },
    reporter: hasReporter ? reporterFields : null,
    actions: actionsOf(v(row, 'actions')),
  };
  switch (source as string) {
    case 'POLICE':
      record.police = { crimeReference: v(row, 'crime_ref'), attendingOfficer: v(row, 'officer'), district: v(row, 'district') };
      break;
    case 'HOUSING':
      record.housing = { tenancyRef: v(row, 'tenancy_ref'), caseRef: v(row, 'case_ref'), officer: v(row, 'officer') };
      break;
    case 'WARDEN': {
      record.warden = { patrolId: v(row, 'patrol_id'), wardenId: v(row, 'warden_id'), observation: v(row, 'observation') };
      const action = v(row, 'action');
      if (action) (record.actions as unknown[]).push({ at: v(row, 'action_at') ?? record.occurredAt, action, by: v(row, 'warden_id') });
      break;
    }
  }
  return record;
}
