import { config } from './config';

/**
 * Statistical disclosure control for every count the hub publishes (docs/disclosure-control.md).
 *
 * 1. Primary suppression: a count from 1 to `minCount - 1` (default 1–4) is not shown; the cell
 *    says `suppressed: true` and its count is null. Zero is shown: "none" discloses nobody.
 * 2. Rounding: every count that is shown is rounded to the nearest multiple of `roundingBase`
 *    (default 5), and never to zero. Totals are rounded on their own, not summed from rounded
 *    cells, so a suppressed cell cannot be worked out by subtracting the other cells from a total,
 *    nor by differencing two overlapping queries: each published figure only bounds the true one
 *    to ± (base − 1) / 2, and the bounds of a difference always hold every value from 1 to 4.
 * 3. Shares (e.g. applications acknowledged in time) are given only when their denominator is
 *    shown unsuppressed, and to the nearest 5 percentage points, so a share cannot undo rounding.
 *
 * Periods are coarsened by the callers (incident statistics count whole months, as data.police.uk
 * publishes) so that sliding a date filter a day at a time cannot single out one record.
 */
export interface DisclosurePolicy {
  /** Counts below this (and above zero) are suppressed. */
  minCount: number;
  /** Shown counts are rounded to the nearest multiple of this; 1 shows exact counts. */
  roundingBase: number;
}

export function disclosurePolicy(): DisclosurePolicy {
  const c = config();
  return { minCount: c.DISCLOSURE_MIN_COUNT, roundingBase: c.DISCLOSURE_ROUNDING_BASE };
}

export interface ProtectedCount {
  count: number | null;
  suppressed: boolean;
}

export function isSuppressed(n: number, policy: DisclosurePolicy): boolean {
  return n > 0 && n < policy.minCount;
}

/** A raw count as it may be published. */
export function protectCount(n: number, policy: DisclosurePolicy): ProtectedCount {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`a count must be a whole number ≥ 0, not ${n}`);
  if (n === 0) return { count: 0, suppressed: false };
  if (isSuppressed(n, policy)) return { count: null, suppressed: true };
  const base = policy.roundingBase;
  return { count: Math.max(base, Math.round(n / base) * base), suppressed: false };
}

export const SHARE_STEP = 0.05;

/**
 * `numerator / denominator` as it may be published: null (suppressed) when the denominator itself
 * would be suppressed; null and not suppressed when there is nothing to share (denominator 0);
 * else rounded to the nearest 5 percentage points.
 */
export function protectShare(numerator: number, denominator: number, policy: DisclosurePolicy): { share: number | null; suppressed: boolean } {
  if (numerator < 0 || numerator > denominator) throw new RangeError(`a share needs 0 ≤ ${numerator} ≤ ${denominator}`);
  if (denominator === 0) return { share: null, suppressed: false };
  if (isSuppressed(denominator, policy)) return { share: null, suppressed: true };
  const steps = Math.round(numerator / denominator / SHARE_STEP);
  return { share: Number((steps * SHARE_STEP).toFixed(2)), suppressed: false };
}

/**
 * Every true count up to `max` that would be published as `published`: what a reader (or an attacker)
 * can know of the true count from the figure alone. Used to prove the differencing attack fails.
 */
export function possibleTrueCounts(published: ProtectedCount, policy: DisclosurePolicy, max = 1000): number[] {
  const out: number[] = [];
  for (let n = 0; n <= max; n++) {
    const p = protectCount(n, policy);
    if (p.count === published.count && p.suppressed === published.suppressed) out.push(n);
  }
  return out;
}
