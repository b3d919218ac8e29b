import { conflict } from '../../../platform/errors';
import { TriggerDecision } from '../../shared/enums';
import { ApplicationStatus as S } from '../entities/status';

/**
 * The Community Trigger lifecycle as an explicit state machine (docs/design.md, "What the process is"):
 *
 *   RECEIVED → ACKNOWLEDGED → DECIDED → IN_REVIEW → OUTCOME_SENT → ACTION_PLAN → FINAL_REVIEW → CLOSED
 *   RECEIVED | ACKNOWLEDGED → NOT_PURSUED            (no consent to share, consent withdrawn)
 *   DECIDED (not met, or met with all action taken) → CLOSED, or → APPEALED
 *   OUTCOME_SENT → APPEALED                          (the applicant disputes the review's outcome)
 *   APPEALED → IN_REVIEW                             (second-stage review by an independent panel)
 *   OUTCOME_SENT → CLOSED                            (a review that recommends no further action)
 *
 * Anything else is CONFLICT. Every step is taken through rules/workflow.ts (the SPOC's mutations and
 * the reviews subgraph's `_reviewStep` alike), which adds what each step records and sends.
 */
export enum LifecycleEvent {
  ACKNOWLEDGE = 'ACKNOWLEDGE',
  NOT_PURSUE = 'NOT_PURSUE',
  DECIDE = 'DECIDE',
  BEGIN_REVIEW = 'BEGIN_REVIEW',
  SEND_OUTCOME = 'SEND_OUTCOME',
  START_ACTION_PLAN = 'START_ACTION_PLAN',
  START_FINAL_REVIEW = 'START_FINAL_REVIEW',
  CLOSE = 'CLOSE',
  APPEAL = 'APPEAL',
}

interface Transition {
  from: S[];
  to: S;
  /** Only when the recorded decision is one of these (DECIDED-state guards). */
  decisions?: (TriggerDecision | null)[];
}

const NOT_MET_OR_ALL_DONE = [TriggerDecision.THRESHOLD_NOT_MET, TriggerDecision.MET_ALL_ACTION_TAKEN];

/** Per event, the states it may start from (and the decision it needs there). */
export const TRANSITIONS: Record<LifecycleEvent, Transition[]> = {
  ACKNOWLEDGE: [{ from: [S.RECEIVED], to: S.ACKNOWLEDGED }],
  NOT_PURSUE: [{ from: [S.RECEIVED, S.ACKNOWLEDGED], to: S.NOT_PURSUED }],
  DECIDE: [{ from: [S.ACKNOWLEDGED], to: S.DECIDED }],
  BEGIN_REVIEW: [
    { from: [S.DECIDED], to: S.IN_REVIEW, decisions: [TriggerDecision.THRESHOLD_MET] },
    { from: [S.APPEALED], to: S.IN_REVIEW },
  ],
  SEND_OUTCOME: [{ from: [S.IN_REVIEW], to: S.OUTCOME_SENT }],
  START_ACTION_PLAN: [{ from: [S.OUTCOME_SENT], to: S.ACTION_PLAN }],
  START_FINAL_REVIEW: [{ from: [S.ACTION_PLAN], to: S.FINAL_REVIEW }],
  CLOSE: [
    { from: [S.FINAL_REVIEW, S.OUTCOME_SENT], to: S.CLOSED },
    { from: [S.DECIDED], to: S.CLOSED, decisions: NOT_MET_OR_ALL_DONE },
  ],
  APPEAL: [
    { from: [S.DECIDED], to: S.APPEALED, decisions: NOT_MET_OR_ALL_DONE },
    { from: [S.OUTCOME_SENT], to: S.APPEALED },
  ],
};

/** The state `event` leads to from `status`, or null when it is not allowed. */
export function nextStatus(status: S, event: LifecycleEvent, decision: TriggerDecision | null = null): S | null {
  for (const t of TRANSITIONS[event]) {
    if (t.from.includes(status) && (!t.decisions || t.decisions.includes(decision))) return t.to;
  }
  return null;
}

/** The next state, or CONFLICT naming the current one. */
export function transition(status: S, event: LifecycleEvent, decision: TriggerDecision | null = null): S {
  const to = nextStatus(status, event, decision);
  if (!to) {
    throw conflict(`${event} is not allowed while the application is ${status}${decision && status === S.DECIDED ? ` (${decision})` : ''}`, {
      status,
      event,
    });
  }
  return to;
}

/** States in which an application is still open (a repeat application is linked to it). */
export const OPEN_STATUSES: S[] = Object.values(S).filter((s) => s !== S.CLOSED && s !== S.NOT_PURSUED);
