import { TriggerDecision } from '../../shared/enums';
import type { PccReviewRoute } from '../letters/correspondence';

/**
 * Whether a victim may ask the Police and Crime Commissioner to review a decision (Crime and
 * Policing Bill 2025): only a "threshold not met" decision, only where the area's letters data
 * offers the route, once per application. Pure: the reason it cannot, or null when it can.
 */
export type PccRefusal = 'NOT_OFFERED' | 'NOT_THRESHOLD_NOT_MET' | 'ALREADY_REQUESTED';

export function pccReviewRefusal(q: {
  route: PccReviewRoute | null | undefined;
  decision: TriggerDecision | null | undefined;
  alreadyRequested: boolean;
}): PccRefusal | null {
  if (!q.route) return 'NOT_OFFERED';
  if (q.decision !== TriggerDecision.THRESHOLD_NOT_MET) return 'NOT_THRESHOLD_NOT_MET';
  if (q.alreadyRequested) return 'ALREADY_REQUESTED';
  return null;
}
