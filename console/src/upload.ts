import { parse } from 'csv-parse/browser/esm/sync';
import { mapNativeRow } from '../../subgraphs/incidents/ingest/native';
import type { IncidentSource } from '../../subgraphs/shared/enums';

/**
 * A contributor's file read in the browser, in the same native formats as `npm run ingest`
 * (subgraphs/incidents/ingest/native.ts: a CSV with the source system's columns, or JSON holding
 * `IncidentInput` records). Records whose shape GraphQL would refuse for the whole request (a
 * missing reference or time, an unknown category, a coordinate that is not a number) are rejected
 * here, one by one, with the field and reason; the rest go to `submitIncidents`, which rejects bad
 * records one by one with its own reasons.
 */
export interface UploadItem {
  /** Where the record is in the file: its CSV line, or its position in the JSON list (from 1). */
  position: number;
  record: Record<string, unknown>;
}
export interface LocalRejection {
  position: number;
  sourceRef: string | null;
  errors: Array<{ field: string; message: string }>;
}

const CSV_PROBLEMS: Record<string, string> = {
  CSV_RECORD_INCONSISTENT_COLUMNS: 'has a different number of columns from the header',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'has a different number of columns from the header',
  CSV_INVALID_CLOSING_QUOTE: 'has a quoted value not followed by a comma',
  CSV_QUOTE_NOT_CLOSED: 'opens a quoted value that is never closed',
};
const CATEGORIES = ['PERSONAL', 'NUISANCE', 'ENVIRONMENTAL'];
/** The batch size `submitIncidents` allows. */
export const BATCH = 1000;

export function readUpload(
  name: string,
  text: string,
  source: 'POLICE' | 'HOUSING' | 'WARDEN',
): { items: UploadItem[]; rejected: LocalRejection[]; kind: 'CSV' | 'JSON' } {
  const items: UploadItem[] = [];
  const rejected: LocalRejection[] = [];
  if (/\.json$/i.test(name) || /^\s*[[{]/.test(text)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error('The file is not valid JSON');
    }
    const records = Array.isArray(parsed) ? parsed : (parsed as { records?: unknown } | null)?.records;
    if (!Array.isArray(records)) throw new Error('A JSON file must hold a list of records, or { "records": [...] }');
    records.forEach((record, i) => {
      if (!record || typeof record !== 'object' || Array.isArray(record))
        rejected.push({ position: i + 1, sourceRef: null, errors: [{ field: 'record', message: 'is not an object' }] });
      else items.push({ position: i + 1, record: record as Record<string, unknown> });
    });
    return { ...checkShapes(items, rejected), kind: 'JSON' };
  }
  const rows = parse(text, {
    columns: true,
    skip_empty_lines: true,
    bom: true,
    trim: false,
    info: true,
    relax_column_count: false,
    skip_records_with_error: true,
    on_skip: (err: (Error & { code?: string; lines?: number }) | undefined) => {
      rejected.push({
        position: err?.lines ?? 0,
        sourceRef: null,
        errors: [{ field: 'row', message: CSV_PROBLEMS[err?.code ?? ''] ?? 'cannot be read as CSV' }],
      });
    },
  }) as unknown as Array<{ record: Record<string, string>; info: { lines: number } }>;
  for (const r of rows) items.push({ position: r.info.lines, record: mapNativeRow(source as IncidentSource, r.record) });
  return { ...checkShapes(items, rejected), kind: 'CSV' };
}

/** IncidentInput's fields (schema/supergraph.graphql): any other key fails the whole request. */
const FIELDS: Record<string, string[] | null> = {
  sourceRef: null,
  category: null,
  subType: null,
  occurredAt: null,
  reportedAt: null,
  description: null,
  location: ['address', 'uprn', 'latitude', 'longitude', 'lsoaCode'],
  reporter: ['givenName', 'familyName', 'dateOfBirth', 'postcode', 'address', 'personRef'],
  peopleInvolved: null,
  actions: null,
  police: ['crimeReference', 'attendingOfficer', 'district'],
  housing: ['tenancyRef', 'caseRef', 'officer'],
  warden: ['patrolId', 'wardenId', 'observation'],
};
const STRINGS = ['sourceRef', 'category', 'subType', 'occurredAt', 'reportedAt', 'description'];

const text = (v: unknown) => typeof v === 'string' && v.trim() !== '';
const isNum = (v: unknown) => v === null || v === undefined || (typeof v === 'number' && Number.isFinite(v));

/** Splits off the records GraphQL's input types would refuse (they would fail the whole batch). */
function checkShapes(items: UploadItem[], rejected: LocalRejection[]): { items: UploadItem[]; rejected: LocalRejection[] } {
  const ok: UploadItem[] = [];
  for (const item of items) {
    const r = item.record;
    const errors: Array<{ field: string; message: string }> = [];
    for (const [k, v] of Object.entries(r)) {
      if (!(k in FIELDS)) errors.push({ field: k, message: 'is not a field of an incident record' });
      else if (STRINGS.includes(k) && v !== null && v !== undefined && typeof v !== 'string') errors.push({ field: k, message: 'must be text' });
      else if (FIELDS[k] && v && typeof v === 'object')
        for (const sub of Object.keys(v)) if (!FIELDS[k]!.includes(sub)) errors.push({ field: `${k}.${sub}`, message: `is not a field of ${k}` });
    }
    if (!text(r.sourceRef)) errors.push({ field: 'sourceRef', message: 'is required (the agency’s own reference)' });
    if (!text(r.occurredAt)) errors.push({ field: 'occurredAt', message: 'is required' });
    if (!CATEGORIES.includes(String(r.category ?? ''))) errors.push({ field: 'category', message: `must be one of ${CATEGORIES.join(', ')}` });
    const loc = (r.location ?? {}) as Record<string, unknown>;
    for (const f of ['latitude', 'longitude']) if (!isNum(loc[f])) errors.push({ field: `location.${f}`, message: 'is not a number' });
    const actions = Array.isArray(r.actions) ? (r.actions as Array<Record<string, unknown>>) : [];
    actions.forEach((a, i) => {
      if (!text(a.at)) errors.push({ field: `actions.${i}.at`, message: 'is required' });
      if (!text(a.action)) errors.push({ field: `actions.${i}.action`, message: 'is required' });
    });
    const housing = r.housing as Record<string, unknown> | null | undefined;
    if (housing) for (const f of ['tenancyRef', 'caseRef']) if (!text(housing[f])) errors.push({ field: `housing.${f}`, message: 'is required' });
    const warden = r.warden as Record<string, unknown> | null | undefined;
    if (warden && !text(warden.patrolId)) errors.push({ field: 'warden.patrolId', message: 'is required' });
    if (errors.length) rejected.push({ position: item.position, sourceRef: text(r.sourceRef) ? String(r.sourceRef) : null, errors });
    else ok.push(item);
  }
  return { items: ok, rejected };
}
