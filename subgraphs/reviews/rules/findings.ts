/**
 * docs/design.md ("review"): agencies are asked for information, and a failure to provide it is recorded
 * in the findings. The hub records it when the panel meeting is recorded: every request still
 * unanswered then becomes one automatic finding. The text names the agency and dates only (no
 * personal data), so it is shown to every reader of the review.
 */
export function unansweredFindingText(agencyId: string, requestedOn: string, dueOn: string): string {
  return `No information provided by ${agencyId} (requested ${requestedOn}, due ${dueOn})`;
}
