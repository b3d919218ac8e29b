/**
 * How a reported person's details are compared when records are matched (documented for DPOs in
 * subgraphs/consent/rules/person-matching.ts): names in lower case, accents removed, anything but
 * letters dropped ("O'Brien" = "obrien"); postcodes without spaces, in capitals. Ingestion groups
 * the people of one submission by the same parts (subgraphs/incidents/ingest/submit.ts); a review
 * panel's members are told apart on the same folded names (subgraphs/reviews/rules/members.ts).
 */
export interface MatchableDetails {
  givenName?: string | null;
  familyName?: string | null;
  dateOfBirth?: string | null;
  postcode?: string | null;
}

/** Lower case with accents removed ("Siân" → "sian"): the first step of every comparison of names. */
export const foldName = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** A name as matching compares it. */
export const normaliseName = (s: string) => foldName(s).replace(/[^a-z]/g, '');

/** A postcode as matching compares it. */
export const normalisePostcodeForMatching = (s: string) => s.replace(/\s+/g, '').toUpperCase();

/**
 * The parts two records of one person share (family name, given name, date of birth, postcode),
 * normalised; null when any is missing or normalises to nothing: such a record is never matched.
 */
export function matchParts(d: MatchableDetails): string[] | null {
  if (!d.givenName || !d.familyName || !d.dateOfBirth || !d.postcode) return null;
  const parts = [normaliseName(d.familyName), normaliseName(d.givenName), d.dateOfBirth, normalisePostcodeForMatching(d.postcode)];
  return parts.some((p) => !p) ? null : parts;
}
