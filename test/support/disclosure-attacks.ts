import { possibleOutcomes, possibleTrueCounts, type DisclosurePolicy, type ProtectedCount } from '../../subgraphs/shared/disclosure';

/**
 * What an attacker who knows the rule and the perturbation table (everything but the record keys)
 * can deduce from published figures, reasoning exactly: every true value consistent with every
 * figure seen. A count is recovered when one candidate is left.
 */
const same = (a: ProtectedCount, b: ProtectedCount) => a.count === b.count && a.suppressed === b.suppressed;

/**
 * The table as atoms (the finest cells, each a count from 0 to `max`) and published figures, each the
 * sum of some atoms: the values each atom can still take. Exhaustive over every combination.
 */
export function solveAtoms(
  atoms: number,
  figures: Array<{ atoms: number[]; published: ProtectedCount }>,
  policy: DisclosurePolicy,
  max = 30,
): Array<Set<number>> {
  const possible = figures.map((f) => new Set(possibleTrueCounts(f.published, policy, max * atoms + 10)));
  const out = Array.from({ length: atoms }, () => new Set<number>());
  const values = new Array<number>(atoms).fill(0);
  // Figures checked as soon as all their atoms are set, so impossible branches stop early.
  const checkAt = figures.map((f) => Math.max(...f.atoms));
  const walk = (i: number) => {
    if (i === atoms) {
      values.forEach((v, j) => out[j].add(v));
      return;
    }
    for (let v = 0; v <= max; v++) {
      values[i] = v;
      let ok = true;
      for (let f = 0; f < figures.length && ok; f++) {
        if (checkAt[f] !== i) continue;
        ok = possible[f].has(figures[f].atoms.reduce((s, a) => s + values[a], 0));
      }
      if (ok) walk(i + 1);
    }
  };
  walk(0);
  return out;
}

/** Before and after: the cell seen after planting `planted` records in it; the true counts left possible. */
export function plantCandidates(observations: Array<{ planted: number; published: ProtectedCount }>, policy: DisclosurePolicy, max = 200): number[] {
  const out: number[] = [];
  for (let n = 0; n <= max; n++) {
    if (observations.every((o) => possibleOutcomes(n + o.planted, policy).some((p) => same(p, o.published)))) out.push(n);
  }
  return out;
}
