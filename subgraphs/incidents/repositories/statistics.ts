import type { EntityManager } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import { ZONE } from '../../shared/calendar';
import { KEY_RANGE, protectCount, type DisclosurePolicy } from '../../shared/disclosure';
import { AsbCategory, IncidentSource } from '../../shared/enums';
import { badInput } from '../../../platform/errors';

/**
 * Incident counts for analysts (`incidentStatistics`): counted from the monthly aggregates that the
 * incidents table's triggers keep exact (migrations/Migration20261123130000.ts; by area, or without
 * it when the question does not need it), never from persons, then passed through disclosure control
 * (shared/disclosure.ts): each row is a cell whose key is the sum of its incidents' record keys
 * (kept beside the counts, Migration20261124090000.ts), so however a cell is reached (any grouping,
 * any filter that selects the same incidents) it gets the same answer.
 *
 * Periods are whole London months: `from` and `to` are widened to the months that contain them, the
 * granularity data.police.uk publishes at, so moving a date filter by a day cannot isolate one
 * incident. Groups with no incidents are left out; with no grouping the one row is the total.
 */
export enum IncidentDimension {
  MONTH = 'MONTH',
  SOURCE = 'SOURCE',
  CATEGORY = 'CATEGORY',
  AREA = 'AREA',
  AGENCY = 'AGENCY',
}

export interface IncidentStatsQuery {
  groupBy: IncidentDimension[];
  source?: IncidentSource | null;
  agencyId?: string | null;
  category?: AsbCategory | null;
  /** YYYY-MM-DD, widened to the start of its month. */
  from?: string | null;
  /** YYYY-MM-DD, widened to the end of its month. */
  to?: string | null;
}

export interface StatisticRowData {
  month: string | null;
  source: IncidentSource | null;
  category: AsbCategory | null;
  area: string | null;
  agencyId: string | null;
  count: number | null;
  suppressed: boolean;
}

/** More rows than this is a question to narrow, not a page to send. */
export const MAX_STATISTIC_ROWS = 50_000;

/** How each dimension is grouped (on the stored column) and shown. */
const COLUMN: Record<IncidentDimension, { group: string; show: string; key: keyof StatisticRowData }> = {
  [IncidentDimension.MONTH]: { group: `"month"`, show: `to_char("month", 'YYYY-MM')`, key: 'month' },
  [IncidentDimension.SOURCE]: { group: `"source"`, show: `"source"`, key: 'source' },
  [IncidentDimension.CATEGORY]: { group: `"category"`, show: `"category"`, key: 'category' },
  [IncidentDimension.AREA]: { group: `"lsoa_code"`, show: `nullif("lsoa_code", '')`, key: 'area' },
  [IncidentDimension.AGENCY]: { group: `"agency_id"`, show: `"agency_id"`, key: 'agencyId' },
};

const monthOf = (date: string) => DateTime.fromISO(date, { zone: ZONE }).startOf('month').toISODate()!;

export async function incidentStatistics(em: EntityManager, q: IncidentStatsQuery, policy: DisclosurePolicy): Promise<StatisticRowData[]> {
  const dims = [...new Set(q.groupBy)];
  if (dims.length !== q.groupBy.length) throw badInput('Each dimension may be grouped on once', 'groupBy');
  if (q.from && q.to && q.to < q.from) throw badInput('`to` must not be before `from`', 'filter.to');

  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql);
  };
  if (q.source) add(`"source" = ?`, q.source);
  if (q.category) add(`"category" = ?`, q.category);
  if (q.agencyId) add(`"agency_id" = ?`, q.agencyId);
  if (q.from) add(`"month" >= ?::date`, monthOf(q.from));
  if (q.to) add(`"month" <= ?::date`, monthOf(q.to));

  // Without the area, the far smaller table without it answers.
  const table = dims.includes(IncidentDimension.AREA) ? 'incident_monthly_count' : 'incident_monthly_total';
  const selected = dims.map((d, i) => `${COLUMN[d].show} as g${i}`);
  const groups = dims.map((d) => COLUMN[d].group);
  const sql = `select ${[...selected, 'sum("count")::int as n', `(sum("key_sum") % ${KEY_RANGE})::int as k`].join(', ')}
    from "incidents"."${table}"
    ${where.length ? `where ${where.join(' and ')}` : ''}
    ${groups.length ? `group by ${groups.join(', ')} having sum("count") > 0 order by ${groups.join(', ')}` : ''}
    limit ${MAX_STATISTIC_ROWS + 1}`;
  const rows = await em.getConnection().execute<Array<Record<string, string | number | null>>>(sql, params);
  if (rows.length > MAX_STATISTIC_ROWS) {
    throw badInput(`More than ${MAX_STATISTIC_ROWS} rows: narrow the filter (period, agency, source or category) or group on fewer dimensions`, 'groupBy');
  }
  return rows.map((r) => {
    const out: StatisticRowData = { month: null, source: null, category: null, area: null, agencyId: null, ...protectCount({ count: Number(r.n ?? 0), key: Number(r.k ?? 0) }, policy) };
    dims.forEach((d, i) => ((out as unknown as Record<string, unknown>)[COLUMN[d].key] = r[`g${i}`]));
    return out;
  });
}
