import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { plantCandidates, solveAtoms } from '../../test/support/disclosure-attacks';
import {
  KEY_RANGE, cellKey, perturbation, possibleOutcomes, possibleTrueCounts, protectCount, protectShare, type Cell, type DisclosurePolicy, type ProtectedCount,
} from './disclosure';
import { DEFAULT_PTABLE, loadPerturbationTable, validatePerturbationTable, type PerturbationTable } from './perturbation-tables';

const ptable = loadPerturbationTable(DEFAULT_PTABLE);
const policy: DisclosurePolicy = { minCount: 5, ptable };
const KEYS = Array.from({ length: KEY_RANGE }, (_, k) => k);
const SUPPRESSED: ProtectedCount = { count: null, suppressed: true };
const shown = (count: number): ProtectedCount => ({ count, suppressed: false });
/** The cell of these record keys. */
const cellOf = (keys: number[]): Cell => ({ count: keys.length, key: cellKey(keys.reduce((s, k) => s + k, 0)) });

describe('the perturbation table', () => {
  it('is unbiased, at most ±5, never below zero, and its weights cover every cell key once', () => {
    expect(() => validatePerturbationTable(ptable)).not.toThrow();
    for (let n = 1; n <= 300; n++) {
      const ds = KEYS.map((k) => perturbation(n, k, ptable));
      expect(ds.reduce((s, d) => s + d, 0)).toBe(0); // mean zero over the uniformly random cell key
      expect(Math.max(...ds.map(Math.abs))).toBeLessThanOrEqual(Math.min(5, n));
      expect(Math.min(...ds.map((d) => n + d))).toBeGreaterThanOrEqual(0);
      if (n >= 5) expect(new Set(ds).size).toBe(11);
    }
  });

  it('refuses a biased, incomplete, negative or out-of-order table', () => {
    const t = (rows: PerturbationTable['rows']): PerturbationTable => ({ version: 'test', description: '', rows });
    expect(() => validatePerturbationTable(t([{ count: 1, weights: { '0': 200, '1': 56 } }]))).toThrow(/biased/);
    expect(() => validatePerturbationTable(t([{ count: 1, weights: { '0': 255 } }]))).toThrow(/sum to 255/);
    expect(() => validatePerturbationTable(t([{ count: 1, weights: { '-2': 64, '0': 128, '2': 64 } }]))).toThrow(/negative/);
    expect(() => validatePerturbationTable(t([{ count: 2, weights: { '0': 256 } }]))).toThrow(/in order/);
    expect(() => loadPerturbationTable('no-such-version')).toThrow(/DISCLOSURE_PTABLE/);
  });

  it("loads a DPO's own table from a JSON file, and refuses a biased one there too", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptable-'));
    try {
      const file = path.join(dir, 'table.json');
      const rows = [{ count: 1, weights: { '-1': 64, '0': 128, '1': 64 } }, { count: 2, weights: { '-2': 32, '-1': 32, '0': 128, '1': 32, '2': 32 } }];
      fs.writeFileSync(file, JSON.stringify({ version: 'dpo-1', rows }));
      const own = loadPerturbationTable('ignored', file);
      expect(own.version).toBe('dpo-1');
      expect(KEYS.map((k) => perturbation(9, k, own)).filter((d) => d === 2)).toHaveLength(32); // counts past the last row use it
      fs.writeFileSync(file, JSON.stringify({ version: 'dpo-2', rows: [{ count: 1, weights: { '0': 128, '1': 128 } }] }));
      expect(() => loadPerturbationTable('ignored', file)).toThrow(/biased/);
      fs.writeFileSync(file, JSON.stringify({ version: 'dpo-3', rows: [{ count: 'one' }] }));
      expect(() => loadPerturbationTable('ignored', file)).toThrow(/DISCLOSURE_PTABLE_FILE/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('disclosure control (cell key method)', () => {
  it('shows zero unperturbed, suppresses every true count from 1 to 4 whatever its key, and never shows anything below 5', () => {
    for (const key of KEYS) {
      expect(protectCount({ count: 0, key }, policy)).toEqual({ count: 0, suppressed: false });
      for (const n of [1, 2, 3, 4]) expect(protectCount({ count: n, key }, policy)).toEqual(SUPPRESSED);
      for (let n = 5; n <= 40; n++) {
        const p = protectCount({ count: n, key }, policy);
        if (!p.suppressed) {
          expect(p.count).toBeGreaterThanOrEqual(5);
          expect(Math.abs(p.count! - n)).toBeLessThanOrEqual(5);
        }
      }
    }
    // With a lower threshold the truncated rows apply.
    expect(protectCount({ count: 2, key: 0 }, { minCount: 2, ptable })).toEqual(SUPPRESSED);
    expect(() => protectCount({ count: -1, key: 0 }, policy)).toThrow(RangeError);
  });

  it('gives the same cell one answer however it is reached: any grouping of its records, any order, asked any number of times', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ key: fc.integer({ min: 0, max: KEY_RANGE - 1 }), a: fc.nat(5), b: fc.nat(3) }), { maxLength: 80 }),
        (records) => {
          const direct = protectCount(cellOf(records.map((r) => r.key)), policy);
          // As the read models hold it: per finer cell a count and a key sum, added up by the query.
          for (const by of [(r: (typeof records)[0]) => r.a, (r: (typeof records)[0]) => r.b, (r: (typeof records)[0]) => r.a * 4 + r.b]) {
            const parts = new Map<number, Cell>();
            for (const r of records) {
              const p = parts.get(by(r)) ?? { count: 0, key: 0 };
              parts.set(by(r), { count: p.count + 1, key: p.key + r.key });
            }
            const whole = [...parts.values()].reduce((s, p) => ({ count: s.count + p.count, key: s.key + p.key }), { count: 0, key: 0 });
            expect(protectCount(whole, policy)).toEqual(direct);
          }
          expect(protectCount(cellOf([...records].reverse().map((r) => r.key)), policy)).toEqual(direct);
        },
      ),
    );
  });

  it('gives a cell with one more record a fresh draw: the new record key makes the cell key uniformly random', () => {
    for (const n of [5, 12, 40]) {
      const before = 137; // any key sum of the n records already there
      const draws = KEYS.map((k) => perturbation(n + 1, before + k, ptable));
      for (const [d, w] of Object.entries(ptable.rows[Math.min(n + 1, ptable.rows.length) - 1].weights)) {
        expect(draws.filter((x) => x === Number(d)).length).toBe(w);
      }
    }
  });

  it('knows what a published figure leaves possible', () => {
    expect(possibleTrueCounts({ count: 0, suppressed: false }, policy)).toEqual([0]);
    expect(possibleTrueCounts(SUPPRESSED, policy)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(possibleTrueCounts(shown(5), policy)).toEqual([5, 6, 7, 8, 9, 10]);
    expect(possibleTrueCounts(shown(10), policy)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(possibleOutcomes(4, policy)).toEqual([SUPPRESSED]);
  });
});

/** The rule this replaces (1–4 suppressed, the rest rounded to 5), to show each finding was real. */
const oldRule = (n: number): ProtectedCount => (n === 0 ? shown(0) : n < 5 ? SUPPRESSED : shown(Math.max(5, Math.round(n / 5) * 5)));
const oldCandidates = (p: ProtectedCount) => Array.from({ length: 200 }, (_, n) => n).filter((n) => oldRule(n).count === p.count && oldRule(n).suppressed === p.suppressed);

describe('the attacks of docs/disclosure-control.md (findings 1–4), replayed against the rule', () => {
  it('finding 1, asymmetric bands: an area over two suppressed cells no longer pins them', () => {
    // Before: true 4 + 4 = 8 showed as 10 (8–12) over two suppressed cells (≤ 4): both exactly 4.
    const old = (a: ProtectedCount, b: ProtectedCount, total: ProtectedCount) => {
      const out = new Set<number>();
      for (const x of oldCandidates(a)) for (const y of oldCandidates(b)) if (oldCandidates(total).includes(x + y)) out.add(x);
      return out;
    };
    expect([...old(oldRule(4), oldRule(4), oldRule(8))]).toEqual([4]);
    // Now, for every pair of cells of 1 to 4 and every key of the area's own cell: several values stay possible.
    for (let a = 1; a <= 4; a++) {
      for (let b = 1; b <= 4; b++) {
        const areaOutcomes = possibleOutcomes(a + b, policy);
        for (const area of areaOutcomes) {
          const [ca, cb] = solveAtoms(2, [
            { atoms: [0], published: protectCount({ count: a, key: 0 }, policy) },
            { atoms: [1], published: protectCount({ count: b, key: 0 }, policy) },
            { atoms: [0, 1], published: area },
          ], policy, 12);
          expect(ca.has(a) && cb.has(b)).toBe(true);
          expect(ca.size).toBeGreaterThan(1);
          expect(cb.size).toBeGreaterThan(1);
        }
      }
    }
    // And two figures both shown as 5 leave each anything from 5 to 10, their difference −5..5.
    expect(possibleTrueCounts(shown(5), policy)).toHaveLength(6);
  });

  it('differencing a total and the rest: one difference never pins a cell of 2 to 4, and a cell of 1 only on the rarest draws', () => {
    // The attacker sees the total T and the total less the cell, T − s, and knows the cell is a row
    // (s ≥ 1) that is suppressed. Exact over every pair of perturbations, weighted as the table weighs them.
    const weighted = (n: number): Array<[ProtectedCount, number]> => {
      if (n === 0) return [[shown(0), 1]];
      if (n < 5) return [[SUPPRESSED, 1]];
      return Object.entries(ptable.rows[Math.min(n, ptable.rows.length) - 1].weights)
        .map(([d, w]) => [n + Number(d) < 5 ? SUPPRESSED : shown(n + Number(d)), w / KEY_RANGE]);
    };
    const suppressedRange = possibleTrueCounts(SUPPRESSED, policy);
    const memo = new Map<string, number[]>();
    const candidates = (p: ProtectedCount) => {
      const k = `${p.count}/${p.suppressed}`;
      if (!memo.has(k)) memo.set(k, possibleTrueCounts(p, policy, 140));
      return memo.get(k)!;
    };
    for (let total = 5; total <= 120; total++) {
      for (let s = 1; s <= 4; s++) {
        let pinned = 0;
        for (const [pT, wT] of weighted(total)) {
          for (const [pR, wR] of weighted(total - s)) {
            const cell = new Set<number>();
            for (const t of candidates(pT)) for (const r of candidates(pR)) if (suppressedRange.includes(t - r)) cell.add(t - r);
            expect(cell.has(s)).toBe(true);
            if (cell.size === 1) pinned += wT * wR;
          }
        }
        if (s >= 2) expect(pinned).toBe(0);
        else expect(pinned).toBeLessThanOrEqual((1 / KEY_RANGE) ** 2 + 1e-12);
      }
    }
  });

  it('finding 2, shares from exact counts: a share is computed from the published counts and withheld with them', () => {
    // Before: due 6 → 5, in time 4 → suppressed, share 4/6 → 0.65: only 4 of 6 fits.
    for (const key of KEYS) {
      const due = protectCount({ count: 6, key }, policy);
      const inTime = protectCount({ count: 4, key: key ^ 1 }, policy);
      expect(protectShare(inTime, due)).toEqual({ share: null, suppressed: true });
    }
    // Before: due 10, in time 9 → 10 and 10, share 0.9: exactly one late. Now, whatever the keys, the
    // late count (due − in time) keeps several values.
    for (const inTimeKey of KEYS) {
      for (const lateKey of [0, 37, 101, 255]) {
        const due = protectCount({ count: 10, key: inTimeKey + lateKey }, policy);
        const inTime = protectCount({ count: 9, key: inTimeKey }, policy);
        const s = protectShare(inTime, due);
        if (due.suppressed || inTime.suppressed) {
          expect(s).toEqual({ share: null, suppressed: true });
          continue;
        }
        expect(s.share).toBe(Number(Math.min(1, inTime.count! / due.count!).toFixed(2)));
        const late = new Set<number>();
        for (const d of possibleTrueCounts(due, policy, 40)) for (const i of possibleTrueCounts(inTime, policy, 40)) if (i <= d) late.add(d - i);
        expect(late.has(1)).toBe(true);
        expect(late.size).toBeGreaterThan(1);
      }
    }
  });

  it('a share is a function of the two published counts alone', () => {
    fc.assert(
      fc.property(fc.nat(200), fc.nat(200), fc.nat(KEY_RANGE - 1), fc.nat(KEY_RANGE - 1), (a, b, ka, kb) => {
        const [inTime, due] = [Math.min(a, b), Math.max(a, b)];
        const pIn = protectCount({ count: inTime, key: ka }, policy);
        const pDue = protectCount({ count: due, key: kb }, policy);
        const s = protectShare(pIn, pDue);
        expect(s.suppressed).toBe(pIn.suppressed || pDue.suppressed);
        if (!s.suppressed && pDue.count) expect(s.share).toBe(Number(Math.min(1, pIn.count! / pDue.count).toFixed(2)));
        if (s.share !== null) expect(s.share).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('finding 4, before and after: planting one record at a time until the cell shows no longer tells its count', () => {
    // Before: the figure flipped from suppressed to 5 at exactly 5 records, so n = 5 − planted.
    for (let n = 1; n <= 4; n++) {
      const k = Array.from({ length: 10 }, (_, i) => i + 1).find((i) => !oldRule(n + i).suppressed)!;
      const old = Array.from({ length: 5 }, (_, m) => m).filter((m) => Array.from({ length: k + 1 }, (_, i) => i).every((i) => {
        const a = oldRule(m + i);
        const b = oldRule(n + i);
        return a.count === b.count && a.suppressed === b.suppressed;
      }));
      expect(old).toEqual([n]);
    }
    // Now: each planted record brings a key nobody knows. Deterministic simulation, 4 × 2,000 attacks.
    const rng = xoroshiro128plus(23);
    const randomKey = () => Math.floor(uniformFloat64(rng) * KEY_RANGE);
    for (let n = 1; n <= 4; n++) {
      const sizes: number[] = [];
      for (let run = 0; run < 2000; run++) {
        const keys = Array.from({ length: n }, randomKey);
        const seen: Array<{ planted: number; published: ProtectedCount }> = [];
        for (let planted = 0; ; planted++) {
          if (planted > 0) keys.push(randomKey());
          const published = protectCount(cellOf(keys), policy);
          seen.push({ planted, published });
          if (!published.suppressed) break;
        }
        const candidates = plantCandidates(seen, policy);
        expect(candidates).toContain(n);
        sizes.push(candidates.length);
      }
      expect(Math.min(...sizes)).toBeGreaterThan(1);
    }
  });
});
