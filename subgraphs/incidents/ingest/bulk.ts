import { badInput } from '../../../platform/errors';
import type { IncidentSource } from '../../shared/enums';
import { ingestIncidents, type IngestDeps, type IngestResult } from './submit';

/**
 * The bulk mode of ingestion (`submitIncidentsBulk`, `npm run ingest -- --bulk`): up to BULK_MAX
 * records in one batch, given as NDJSON (one `IncidentInput` JSON object a line) so that GraphQL
 * does not coerce each record's every field on its way in (the gateway's and the subgraph's
 * coercion of a batch of nested input objects cost more than the hub's own validation). The
 * records then go through the very ingestion `submitIncidents` uses (ingest/submit.ts): the same
 * validation with per-record errors, the same person resolution (one consent call per batch), the
 * same upsert statement, links and access-log append (one each per batch). A line that is not a
 * JSON object is rejected alone; the record index is the line's position among non-blank lines,
 * the index the same records would have in a `submitIncidents` array.
 */
export const BULK_MAX = 5_000;

export interface BulkRequest {
  agencyId: string;
  source: IncidentSource;
  ndjson: string;
}

/** The records of an NDJSON text, and the lines that are not JSON objects (rejected by index). */
export function parseNdjson(text: string, max = BULK_MAX): { records: Array<{ index: number; record: unknown }>; rejected: IngestResult['rejected'] } {
  const records: Array<{ index: number; record: unknown }> = [];
  const rejected: IngestResult['rejected'] = [];
  let index = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    if (index >= max) throw badInput(`At most ${max} records per bulk submission`, 'ndjson', { limit: max });
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      record = undefined;
    }
    if (record && typeof record === 'object' && !Array.isArray(record)) records.push({ index, record });
    else rejected.push({ index, sourceRef: null, errors: [{ field: '(record)', message: 'is not a JSON object on one line' }] });
    index++;
  }
  return { records, rejected };
}

export async function ingestBulk(deps: IngestDeps, req: BulkRequest): Promise<IngestResult> {
  const { records, rejected } = parseNdjson(req.ndjson, deps.maxBatch ?? BULK_MAX);
  const result = await ingestIncidents({ ...deps, maxBatch: deps.maxBatch ?? BULK_MAX }, { agencyId: req.agencyId, source: req.source, records: records.map((r) => r.record) });
  if (!rejected.length) {
    // Every line parsed: the indexes are already the lines'.
    return result;
  }
  const all = [...rejected, ...result.rejected.map((r) => ({ ...r, index: records[r.index].index }))].sort((a, b) => a.index - b.index);
  return { ...result, rejected: all };
}
