import type { EvaluatedIncident, ThresholdEvaluation } from '../entities/ThresholdEvaluation';
import { IncidentVerdict } from '../rules/threshold';

/**
 * Whether the threshold counted an incident, or why not, as the applicant reads it (CT2: "whether
 * each was counted"): no ids, the other report named by its agency reference.
 */
export function verdictWords(item: EvaluatedIncident, evaluation: Pick<ThresholdEvaluation, 'items' | 'parameters' | 'windowEnd'>): string {
  const p = evaluation.parameters;
  switch (item.verdict) {
    case IncidentVerdict.COUNTED:
      return 'Counted';
    case IncidentVerdict.OUTSIDE_WINDOW:
      return new Date(item.reportedAt) > new Date(evaluation.windowEnd) || new Date(item.occurredAt) > new Date(evaluation.windowEnd)
        ? 'Not counted: reported after your application'
        : `Not counted: not reported in the ${p.windowMonths} months before your application`;
    case IncidentVerdict.REPORTED_TOO_LATE:
      return `Not counted: reported more than ${p.maxReportDelayDays} days after it happened`;
    case IncidentVerdict.DUPLICATE_OF: {
      const other = evaluation.items.find((i) => i.incidentId === item.duplicateOfIncidentId);
      return other ? `Counted once: the same incident as ${other.sourceRef}` : 'Counted once: the same incident as another report';
    }
    case IncidentVerdict.NOT_SIMILAR:
      return 'Not counted: not the same or similar as the incidents counted';
    default:
      return 'Not counted';
  }
}
