import { createHash } from 'node:crypto';
import { AsbCategory } from '../../shared/enums';

/**
 * data.police.uk street-level CSVs (12 columns: Crime ID, Month, Reported by, Falls within,
 * Longitude, Latitude, Location, LSOA code, LSOA name, Crime type, Last outcome category, Context).
 *
 * Only `Anti-social behaviour` rows are incidents. They carry no Crime ID, so the sourceRef is
 * derived from the row's content plus its occurrence number among identical rows of the file
 * (identical rows are common: the same month, place and type), which makes a re-import of the same
 * file produce the same references and change nothing. The published data gives the month only,
 * no NSIR category and no people: incidents are dated the first of the month and recorded as
 * NUISANCE, with what the publication says kept in `sourceDetails`.
 */
export const POLICE_UK_COLUMNS = [
  'Crime ID', 'Month', 'Reported by', 'Falls within', 'Longitude', 'Latitude', 'Location', 'LSOA code', 'LSOA name', 'Crime type', 'Last outcome category', 'Context',
] as const;
export type PoliceUkRow = Record<(typeof POLICE_UK_COLUMNS)[number], string>;

export const ASB = 'Anti-social behaviour';

/** `City of London Police` → `city-of-london-police`. */
export const agencySlug = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);

/** The area an agency serves, from `Falls within`: `City of London Police` → `city-of-london`. */
export const areaOf = (fallsWithin: string) => agencySlug(fallsWithin).replace(/-(police|constabulary)$/, '') || 'unknown';

export interface PoliceUkRecord {
  agencyId: string;
  agencyName: string;
  area: string;
  /** IncidentInput-shaped record. */
  record: Record<string, unknown>;
}

/** Maps the ASB rows (others are skipped); `occurrence` counts identical rows seen before in the file. */
export function mapPoliceUkRows(rows: PoliceUkRow[]): PoliceUkRecord[] {
  const seen = new Map<string, number>();
  const out: PoliceUkRecord[] = [];
  for (const row of rows) {
    if ((row['Crime type'] ?? '').trim() !== ASB) continue;
    const content = POLICE_UK_COLUMNS.map((c) => (row[c] ?? '').trim()).join('\u001f');
    const occurrence = seen.get(content) ?? 0;
    seen.set(content, occurrence + 1);
    const hash = createHash('sha256').update(`${content}\u001e${occurrence}`).digest('hex').slice(0, 32);
    const month = (row.Month ?? '').trim();
    const at = /^\d{4}-\d{2}$/.test(month) ? `${month}-01T00:00:00.000Z` : month;
    const num = (v: string | undefined) => (v && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);
    const reportedBy = (row['Reported by'] ?? '').trim();
    out.push({
      agencyId: agencySlug(reportedBy),
      agencyName: reportedBy,
      area: areaOf((row['Falls within'] ?? reportedBy).trim()),
      record: {
        sourceRef: `PUK-${month}-${hash}`,
        category: AsbCategory.NUISANCE,
        subType: ASB,
        occurredAt: at,
        reportedAt: at,
        location: {
          address: (row.Location ?? '').trim() || null,
          latitude: num(row.Latitude),
          longitude: num(row.Longitude),
          lsoaCode: (row['LSOA code'] ?? '').trim() || null,
        },
        police: { district: (row['LSOA name'] ?? '').trim() || null },
      },
    });
  }
  return out;
}
