import fs from 'node:fs';
import { z } from 'zod';

/**
 * Perturbation tables of the cell key method (docs/disclosure-control.md), the configuration a DPO
 * signs off. A table is versioned data: a published figure names nothing else, so changing the noise
 * means a new version here (or a JSON file, `DISCLOSURE_PTABLE_FILE`), never an edit of an old one:
 * the same cell must keep getting the same answer.
 *
 * Every record carries a fixed random key from 0 to KEY_RANGE − 1; a cell's key is the sum of its
 * records' keys modulo KEY_RANGE (the "sum modulo 1" of ONS and ABS, on whole numbers so that SQL
 * adds it exactly). A row gives, for one true count, the perturbations and how many of the
 * KEY_RANGE cell keys map to each; cell keys are assigned to perturbations in ascending order of the
 * perturbation. Counts beyond the last row use the last row.
 */
export const KEY_RANGE = 256;

export interface PerturbationRow {
  /** The true count this row is for; the last row also serves every larger count. */
  count: number;
  /** perturbation → how many cell keys (of KEY_RANGE) map to it. */
  weights: Record<string, number>;
}

export interface PerturbationTable {
  version: string;
  description: string;
  rows: PerturbationRow[];
}

/** Truncated to |d| ≤ count, the cut tails moved onto ±count: still symmetric, so still unbiased. */
function truncated(weights: Array<[number, number]>, count: number): Record<string, number> {
  const out = new Map<number, number>();
  for (const [d, w] of weights) {
    const e = Math.max(-count, Math.min(count, d));
    out.set(e, (out.get(e) ?? 0) + w);
  }
  return Object.fromEntries([...out].sort((a, b) => a[0] - b[0]).map(([d, w]) => [String(d), w]));
}

/**
 * ±5 at most, in 256ths: P(0) = 66, P(±1) = 55 each, P(±2) = 27, P(±3) = 9, P(±4) = 3, P(±5) = 1;
 * variance 2.48 (standard deviation 1.57). Thin but wide tails: most figures are within ±2, and what
 * an attacker must allow for is ±5, so a suppressed cell's range (1 to 9 under the default threshold)
 * stays wider than differencing two published counts can close, except on 1-in-65,536 draws.
 */
const HUB_2026_1_WEIGHTS: Array<[number, number]> = [[-5, 1], [-4, 3], [-3, 9], [-2, 27], [-1, 55], [0, 66], [1, 55], [2, 27], [3, 9], [4, 3], [5, 1]];

export const PERTURBATION_TABLES: Record<string, PerturbationTable> = {
  'hub-2026-1': {
    version: 'hub-2026-1',
    description: 'Symmetric perturbation of at most ±5 (variance 2.48), the same for every count from 5; counts 1 to 4 truncated to ±1 … ±4',
    rows: [1, 2, 3, 4, 5].map((count) => ({ count, weights: truncated(HUB_2026_1_WEIGHTS, count) })),
  },
};

export const DEFAULT_PTABLE = 'hub-2026-1';

const fileSchema = z.object({
  version: z.string().min(1),
  description: z.string().default(''),
  rows: z.array(z.object({ count: z.number().int().min(1), weights: z.record(z.string(), z.number().int().min(0)) })).min(1),
});

/**
 * Refuses a table that would not be a valid cell key perturbation: rows for 1, 2, 3, … in order,
 * each row's weights summing to KEY_RANGE, no count perturbed below zero, and every row unbiased
 * (mean perturbation zero), so that totals of many cells are right on average.
 */
export function validatePerturbationTable(t: PerturbationTable): PerturbationTable {
  const bad = (why: string) => new Error(`Perturbation table ${t.version}: ${why}`);
  t.rows.forEach((row, i) => {
    if (row.count !== i + 1) throw bad(`rows must be for counts 1, 2, 3, … in order (row ${i + 1} is for ${row.count})`);
    let total = 0;
    let mean = 0;
    for (const [k, w] of Object.entries(row.weights)) {
      const d = Number(k);
      if (!Number.isInteger(d)) throw bad(`count ${row.count}: perturbation ${k} is not a whole number`);
      if (!Number.isInteger(w) || w < 0) throw bad(`count ${row.count}: weight of ${k} must be a whole number ≥ 0`);
      if (w > 0 && row.count + d < 0) throw bad(`count ${row.count}: perturbation ${d} would publish a negative count`);
      total += w;
      mean += d * w;
    }
    if (total !== KEY_RANGE) throw bad(`count ${row.count}: weights sum to ${total}, not ${KEY_RANGE}`);
    if (mean !== 0) throw bad(`count ${row.count}: perturbation is biased (mean ${mean / KEY_RANGE})`);
  });
  return t;
}

/** The table in force: a JSON file when given, else a built-in version. */
export function loadPerturbationTable(version: string, file?: string): PerturbationTable {
  if (file) {
    const parsed = fileSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`DISCLOSURE_PTABLE_FILE: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return validatePerturbationTable(parsed.data);
  }
  const t = PERTURBATION_TABLES[version];
  if (!t) throw new Error(`DISCLOSURE_PTABLE: no perturbation table ${version} (known: ${Object.keys(PERTURBATION_TABLES).join(', ')})`);
  return validatePerturbationTable(t);
}
