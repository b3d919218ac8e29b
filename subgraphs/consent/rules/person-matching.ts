import { createHash } from 'node:crypto';
import { matchParts, type MatchableDetails } from '../../shared/person-names';

/**
 * Deterministic matching of people reported by different agencies (documented for DPOs).
 *
 * Two records are the same person when their normalised family name, given name, date of birth
 * and postcode are equal. Normalising: lower case, accents removed, anything but letters dropped
 * from names ("O'Brien" = "obrien"), the postcode without spaces. All four must be present: a
 * record lacking one of them is never matched automatically (it becomes a new person), because a
 * wrong merge would disclose one person's data to another's case. The key is stored as a SHA-256
 * digest so that it is not itself readable personal data. The normalising is
 * subgraphs/shared/person-names.ts (ingestion groups a submission's people by the same parts).
 */
export function matchKeyOf(d: MatchableDetails): string | null {
  const parts = matchParts(d);
  if (!parts) return null;
  return createHash('sha256').update(parts.join('|')).digest('hex');
}
