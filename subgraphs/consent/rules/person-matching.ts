import { createHash } from 'node:crypto';

/**
 * Deterministic matching of people reported by different agencies (documented for DPOs).
 *
 * Two records are the same person when their normalised family name, given name, date of birth
 * and postcode are equal. Normalising: lower case, accents removed, anything but letters dropped
 * from names ("O'Brien" = "obrien"), the postcode without spaces. All four must be present: a
 * record lacking one of them is never matched automatically (it becomes a new person), because a
 * wrong merge would disclose one person's data to another's case. The key is stored as a SHA-256
 * digest so that it is not itself readable personal data.
 */
export interface MatchableDetails {
  givenName?: string | null;
  familyName?: string | null;
  dateOfBirth?: string | null;
  postcode?: string | null;
}

const letters = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

export function matchKeyOf(d: MatchableDetails): string | null {
  if (!d.givenName || !d.familyName || !d.dateOfBirth || !d.postcode) return null;
  const parts = [letters(d.familyName), letters(d.givenName), d.dateOfBirth, d.postcode.replace(/\s+/g, '').toUpperCase()];
  if (parts.some((p) => !p)) return null;
  return createHash('sha256').update(parts.join('|')).digest('hex');
}
