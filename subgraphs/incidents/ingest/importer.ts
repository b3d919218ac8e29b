import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Knex } from '@mikro-orm/postgresql';
import { IncidentSource } from '../../shared/enums';
import type { FieldError } from '../../shared/validation';
import { assertSourceOfAgency, type ConsentClient } from './consent-client';
import { mapNativeRow } from './native';
import { ASB, mapPoliceUkRows, POLICE_UK_COLUMNS, type PoliceUkRow } from './police-uk';
import { BULK_MAX } from './bulk';
import { ingestIncidents, type IngestResult } from './submit';

/**
 * The file importer behind `npm run ingest`: reads a file, maps it to `IncidentInput` records and
 * sends them, in batches, through the very ingestion `submitIncidents` uses (same validation,
 * same idempotent upsert, same person resolution and linking).
 */
export type ImportFormat = 'native' | 'police-uk';

export interface ImportOptions {
  file: string;
  source: IncidentSource;
  format: ImportFormat;
  /** Native: the submitting agency (required). police-uk: only rows reported by this agency. */
  agencyId?: string;
  batchSize?: number;
  /** Bulk mode: batches of up to BULK_MAX records (ingest/bulk.ts), default BULK_MAX. */
  bulk?: boolean;
  /** Called after each batch with the records done so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

export interface ImportReport {
  total: number;
  accepted: number;
  updated: number;
  unchanged: number;
  linked: number;
  rejected: Array<{ index: number; line?: number; sourceRef: string | null; errors: FieldError[] }>;
  /** Where the rejections were written (none when nothing was rejected). */
  rejectionsFile: string | null;
  agencies: string[];
}

interface Item {
  agencyId: string;
  record: Record<string, unknown>;
  line?: number;
}

/** A row csv-parse could not read, kept as a rejection of its own (its line, never its content). */
interface MalformedRow {
  line: number;
  message: string;
}

const CSV_PROBLEMS: Record<string, string> = {
  CSV_RECORD_INCONSISTENT_COLUMNS: 'has a different number of columns from the header',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'has a different number of columns from the header',
  CSV_INVALID_CLOSING_QUOTE: 'has a quoted value not followed by a comma',
  CSV_QUOTE_NOT_CLOSED: 'opens a quoted value that is never closed',
};

function readCsv(file: string): { rows: Array<{ row: Record<string, string>; line: number }>; malformed: MalformedRow[] } {
  const malformed: MalformedRow[] = [];
  const rows = parse(fs.readFileSync(file), {
    columns: true, skip_empty_lines: true, bom: true, trim: false, info: true, relax_column_count: false,
    // One bad row is rejected alone with its line number; the rest of the file is still imported.
    skip_records_with_error: true,
    on_skip: (err: (Error & { code?: string; lines?: number }) | undefined) => {
      malformed.push({ line: err?.lines ?? 0, message: CSV_PROBLEMS[err?.code ?? ''] ?? 'cannot be read as CSV' });
    },
  }) as Array<{
    record: Record<string, string>;
    info: { lines: number };
  }>;
  return { rows: rows.map((r) => ({ row: r.record, line: r.info.lines })), malformed };
}

const malformedRejection = (index: number, m: MalformedRow): ImportReport['rejected'][number] => ({
  index, line: m.line, sourceRef: null, errors: [{ field: 'row', message: `line ${m.line} ${m.message}` }],
});

export async function importFile(deps: { knex: Knex; consent: ConsentClient }, opts: ImportOptions): Promise<ImportReport> {
  const batchSize = opts.batchSize ?? (opts.bulk ? BULK_MAX : 500);
  const maxBatch = opts.bulk ? BULK_MAX : undefined;
  const items: Item[] = [];
  const early: ImportReport['rejected'] = [];
  const agencies = new Map<string, { name: string; area: string }>();

  if (opts.format === 'police-uk') {
    if (opts.source !== IncidentSource.POLICE) throw new Error('--format police-uk needs --source police');
    const { rows, malformed } = readCsv(opts.file);
    malformed.forEach((m, i) => early.push(malformedRejection(-1 - i, m)));
    const header = Object.keys(rows[0]?.row ?? {});
    const missing = POLICE_UK_COLUMNS.filter((c) => !header.includes(c));
    if (rows.length && missing.length) throw new Error(`Not a data.police.uk street-level CSV: missing columns ${missing.join(', ')}`);
    const asbRows = rows.filter((r) => (r.row['Crime type'] ?? '').trim() === ASB);
    const mapped = mapPoliceUkRows(asbRows.map((r) => r.row as PoliceUkRow));
    mapped.forEach((m, i) => {
      const line = asbRows[i].line;
      if (!m.agencyId) return early.push({ index: i, line, sourceRef: String(m.record.sourceRef), errors: [{ field: 'Reported by', message: 'is empty' }] });
      if (opts.agencyId && m.agencyId !== opts.agencyId) {
        return early.push({ index: i, line, sourceRef: String(m.record.sourceRef), errors: [{ field: 'Reported by', message: 'is not the agency given with --agency' }] });
      }
      agencies.set(m.agencyId, { name: m.agencyName, area: m.area });
      items.push({ agencyId: m.agencyId, record: m.record, line });
    });
    // A force not known yet is registered as a police agency (consent subgraph).
    for (const [id, a] of agencies) await deps.consent.ensureAgency({ id, name: a.name, kind: 'POLICE', area: a.area });
  } else {
    if (!opts.agencyId) throw new Error('--agency <id> is required for native files');
    await assertSourceOfAgency(deps.consent, opts.agencyId, opts.source);
    agencies.set(opts.agencyId, { name: opts.agencyId, area: '' });
    if (/\.json$/i.test(opts.file)) {
      const parsed = JSON.parse(fs.readFileSync(opts.file, 'utf8')) as unknown;
      const records = Array.isArray(parsed) ? parsed : (parsed as { records?: unknown[] }).records;
      if (!Array.isArray(records)) throw new Error('A JSON file holds an array of records, or { "records": [...] }');
      for (const record of records) items.push({ agencyId: opts.agencyId, record: record as Record<string, unknown> });
    } else {
      const { rows, malformed } = readCsv(opts.file);
      malformed.forEach((m, i) => early.push(malformedRejection(-1 - i, m)));
      for (const { row, line } of rows) items.push({ agencyId: opts.agencyId, record: mapNativeRow(opts.source, row), line });
    }
  }

  for (const [id] of agencies) await assertSourceOfAgency(deps.consent, id, opts.source);

  const report: ImportReport = { total: items.length + early.length, accepted: 0, updated: 0, unchanged: 0, linked: 0, rejected: [...early], rejectionsFile: null, agencies: [...agencies.keys()] };
  let done = early.length;
  opts.onProgress?.(done, report.total);
  const byAgency = new Map<string, Array<Item & { index: number }>>();
  items.forEach((item, index) => byAgency.set(item.agencyId, [...(byAgency.get(item.agencyId) ?? []), { ...item, index }]));
  for (const [agencyId, list] of byAgency) {
    for (let start = 0; start < list.length; start += batchSize) {
      const batch = list.slice(start, start + batchSize);
      const result: IngestResult = await ingestIncidents({ knex: deps.knex, consent: deps.consent, maxBatch }, { agencyId, source: opts.source, records: batch.map((b) => b.record) });
      report.accepted += result.accepted;
      report.updated += result.updated;
      report.unchanged += result.unchanged;
      report.linked += result.linked;
      for (const r of result.rejected) report.rejected.push({ ...r, index: batch[r.index].index, line: batch[r.index].line });
      done += batch.length;
      opts.onProgress?.(done, report.total);
    }
  }
  // In file order: rows that could not be read have no record index, only their line.
  report.rejected.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || a.index - b.index);
  if (report.rejected.length) report.rejectionsFile = writeRejections(opts.file, report.rejected);
  return report;
}

/** `<input>.rejected.json` beside the input; when that folder is read-only, in the working folder. */
function writeRejections(file: string, rejected: ImportReport['rejected']): string {
  const name = `${path.basename(file)}.rejected.json`;
  const body = JSON.stringify({ file: path.basename(file), rejected }, null, 2) + '\n';
  const beside = path.join(path.dirname(file), name);
  try {
    fs.writeFileSync(beside, body);
    return beside;
  } catch {
    const here = path.resolve(name);
    fs.writeFileSync(here, body);
    return here;
  }
}
