import { config } from '../../platform/config';
import { KEY_RANGE, loadPerturbationTable, type PerturbationTable } from './perturbation-tables';

export { KEY_RANGE };

/**
 * Statistical disclosure control for every count the hub publishes: the cell key method (ONS,
 * Census 2021; the ABS TableBuilder) with small-count suppression on top (docs/disclosure-control.md).
 *
 * - Every record (incident, Community Trigger application) carries a fixed random key, 0–255, set
 *   by the database when the record is made and never shown. A cell's key is the sum of its
 *   records' keys modulo 256, so it depends only on which records the cell holds: the same cell
 *   reached by any grouping or filter gets the same key, hence the same answer, and asking again
 *   averages nothing away. A total is a cell of its own (its own records, its own key).
 * - The perturbation table (perturbation-tables.ts, versioned configuration) maps (true count, cell
 *   key) to a small unbiased change. Zero is never perturbed: "none" is about nobody.
 * - A cell is suppressed when its true count is from 1 to `minCount − 1`, or when its perturbed
 *   count falls below `minCount`. The second clause is what stops "suppressed" meaning "at most 4":
 *   a suppressed cell may hold up to `minCount − 1 + max perturbation` records, and a shown one
 *   does not flip into view at a fixed true count.
 * - Derived figures (shares) are computed from the published counts only and withheld when a count
 *   they rest on is withheld (`protectShare`).
 */
export interface DisclosurePolicy {
  /** True or perturbed counts below this (and above zero) are suppressed. */
  minCount: number;
  ptable: PerturbationTable;
}

let cachedPolicy: DisclosurePolicy | undefined;
export function disclosurePolicy(): DisclosurePolicy {
  if (!cachedPolicy) {
    const c = config();
    cachedPolicy = { minCount: c.DISCLOSURE_MIN_COUNT, ptable: loadPerturbationTable(c.DISCLOSURE_PTABLE, c.DISCLOSURE_PTABLE_FILE) };
  }
  return cachedPolicy;
}

/** The records of one cell: how many, and the sum of their record keys (any whole number; reduced here). */
export interface Cell {
  count: number;
  key: number;
}

export interface ProtectedCount {
  count: number | null;
  suppressed: boolean;
}

/** Cell key of a sum of record keys (or of cell keys: the sum of parts' keys is the whole's key). */
export function cellKey(keySum: number): number {
  return ((keySum % KEY_RANGE) + KEY_RANGE) % KEY_RANGE;
}

/** Each row as a lookup from cell key to perturbation, built once per table. */
const compiled = new WeakMap<PerturbationTable, Int8Array[]>();
function lookups(t: PerturbationTable): Int8Array[] {
  let rows = compiled.get(t);
  if (!rows) {
    rows = t.rows.map((row) => {
      const out = new Int8Array(KEY_RANGE);
      let at = 0;
      for (const [d, w] of Object.entries(row.weights).map(([k, w]) => [Number(k), w] as const).sort((a, b) => a[0] - b[0])) {
        out.fill(d, at, at + w);
        at += w;
      }
      return out;
    });
    compiled.set(t, rows);
  }
  return rows;
}

/** The perturbation the table gives a cell of `count` records with this cell key. */
export function perturbation(count: number, key: number, t: PerturbationTable): number {
  if (count === 0) return 0;
  const rows = lookups(t);
  return rows[Math.min(count, rows.length) - 1][cellKey(key)];
}

/** Every perturbation the table can give `count` (what an attacker knowing the table can allow for). */
export function perturbationsOf(count: number, t: PerturbationTable): number[] {
  if (count === 0) return [0];
  const row = t.rows[Math.min(count, t.rows.length) - 1];
  return Object.entries(row.weights).filter(([, w]) => w > 0).map(([d]) => Number(d)).sort((a, b) => a - b);
}

/** A cell as it may be published. */
export function protectCount(cell: Cell, policy: DisclosurePolicy): ProtectedCount {
  const n = cell.count;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`a count must be a whole number ≥ 0, not ${n}`);
  if (n === 0) return { count: 0, suppressed: false };
  if (n < policy.minCount) return { count: null, suppressed: true };
  const shown = n + perturbation(n, cell.key, policy.ptable);
  return shown < policy.minCount ? { count: null, suppressed: true } : { count: shown, suppressed: false };
}

/**
 * A share from two published counts, never from the true ones: withheld (null, suppressed) when
 * either count is withheld; null and not suppressed when nothing was due; else their ratio (at most 1:
 * the two are perturbed apart), to two decimals. It tells nothing the two counts do not.
 */
export function protectShare(numerator: ProtectedCount, denominator: ProtectedCount): { share: number | null; suppressed: boolean } {
  if (numerator.suppressed || denominator.suppressed) return { share: null, suppressed: true };
  if (!denominator.count) return { share: null, suppressed: false };
  return { share: Number(Math.min(1, numerator.count! / denominator.count).toFixed(2)), suppressed: false };
}

/** Every way a cell of `n` records can be published (whatever its key). */
export function possibleOutcomes(n: number, policy: DisclosurePolicy): ProtectedCount[] {
  if (n === 0) return [{ count: 0, suppressed: false }];
  if (n < policy.minCount) return [{ count: null, suppressed: true }];
  const out: ProtectedCount[] = [];
  let suppressed = false;
  for (const d of perturbationsOf(n, policy.ptable)) {
    if (n + d < policy.minCount) suppressed = true;
    else out.push({ count: n + d, suppressed: false });
  }
  return suppressed ? [{ count: null, suppressed: true }, ...out] : out;
}

/**
 * Every true count up to `max` that could have been published as `published`: what a reader who
 * knows the rule and the table (but no record key) can know of the true count from the figure.
 */
export function possibleTrueCounts(published: ProtectedCount, policy: DisclosurePolicy, max = 1000): number[] {
  const out: number[] = [];
  for (let n = 0; n <= max; n++) {
    if (possibleOutcomes(n, policy).some((p) => p.count === published.count && p.suppressed === published.suppressed)) out.push(n);
  }
  return out;
}
