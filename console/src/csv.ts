import { stringify } from 'csv-stringify/browser/esm/sync';

/** Rows as CSV (RFC 4180 quoting by csv-stringify), header first. */
export function toCsv(header: string[], rows: Array<Array<string | number | null | undefined>>): string {
  return stringify([header, ...rows.map((r) => r.map((v) => (v === null || v === undefined ? '' : v)))]);
}
