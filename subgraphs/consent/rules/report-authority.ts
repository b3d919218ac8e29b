/**
 * The authority whose SPOC hears of a person's reports: among the authorities of the areas the
 * reporting agencies serve, the one that holds a record of the person (it registered or knows
 * them); else the area's only authority. Null when that cannot be told (several authorities and
 * none, or more than one, knows the person): the hub never guesses a council. Pure.
 */
export function reportAuthority(q: { reportingAreas: string[]; authorities: Array<{ id: string; area: string }>; holdingRecord: string[] }): string | null {
  const areas = new Set(q.reportingAreas);
  const candidates = [...new Set(q.authorities.filter((a) => areas.has(a.area)).map((a) => a.id))].sort();
  const holding = candidates.filter((id) => q.holdingRecord.includes(id));
  if (holding.length === 1) return holding[0];
  if (holding.length > 1) return null;
  return candidates.length === 1 ? candidates[0] : null;
}
