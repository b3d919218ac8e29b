import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { possibleTrueCounts, protectCount, protectShare, type DisclosurePolicy } from './disclosure';

const policy: DisclosurePolicy = { minCount: 5, roundingBase: 5 };

/** Every true count that could have been published as `p`. */
const candidates = (p: { count: number | null; suppressed: boolean }) => possibleTrueCounts(p, policy);

describe('disclosure control', () => {
  it('suppresses 1 to 4, shows zero, rounds the rest to the nearest 5 and never to zero', () => {
    expect(protectCount(0, policy)).toEqual({ count: 0, suppressed: false });
    for (const n of [1, 2, 3, 4]) expect(protectCount(n, policy)).toEqual({ count: null, suppressed: true });
    expect([5, 6, 7, 8, 12, 13, 102, 103].map((n) => protectCount(n, policy).count)).toEqual([5, 5, 5, 10, 10, 15, 100, 105]);
    expect(protectCount(3, { minCount: 3, roundingBase: 10 })).toEqual({ count: 10, suppressed: false });
    expect(protectCount(2, { minCount: 3, roundingBase: 1 })).toEqual({ count: null, suppressed: true });
    expect(protectCount(7, { minCount: 3, roundingBase: 1 })).toEqual({ count: 7, suppressed: false });
    expect(() => protectCount(-1, policy)).toThrow(RangeError);
  });

  it('a published count only bounds the true one within the rounding base', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 5000 }), (n) => {
        const p = protectCount(n, policy);
        expect(p.suppressed).toBe(false);
        expect(Math.abs(p.count! - n)).toBeLessThanOrEqual(2);
      }),
    );
  });

  it('defeats the differencing attack: a total less the other cells never pins down a suppressed cell', () => {
    // For any total T and suppressed part s (1–4), publishing T and T − s leaves several values of s possible.
    fc.assert(
      fc.property(fc.integer({ min: 9, max: 900 }), fc.integer({ min: 1, max: 4 }), (total, s) => {
        const whole = protectCount(total, policy);
        const rest = protectCount(total - s, policy);
        const possible = new Set<number>();
        for (const t of candidates(whole)) for (const r of candidates(rest)) if (t - r >= 1 && t - r <= 4) possible.add(t - r);
        expect(possible.has(s)).toBe(true);
        expect(possible.size).toBeGreaterThan(1);
      }),
    );
  });

  it('gives a share only over a shown denominator, to the nearest 5 points', () => {
    expect(protectShare(0, 0, policy)).toEqual({ share: null, suppressed: false });
    expect(protectShare(3, 4, policy)).toEqual({ share: null, suppressed: true });
    expect(protectShare(5, 7, policy)).toEqual({ share: 0.7, suppressed: false });
    expect(protectShare(10, 10, policy)).toEqual({ share: 1, suppressed: false });
    expect(protectShare(1, 30, policy)).toEqual({ share: 0.05, suppressed: false });
    expect(() => protectShare(3, 2, policy)).toThrow(RangeError);
  });
});
