import { TriggerDecision } from '../../shared/enums';
import type { TriggerApplication } from '../entities/TriggerApplication';
import { ACKNOWLEDGEMENT_WORKING_DAYS, addMonths, addWorkingDays, FINAL_REVIEW_MONTHS, londonDate, OUTCOME_WORKING_DAYS, PROCESS_WORKING_DAYS } from '../../shared/calendar';

/** The Community Trigger's deadlines, on the calendar both subgraphs share (subgraphs/shared/calendar.ts). */

export enum DeadlineKind {
  ACKNOWLEDGEMENT = 'ACKNOWLEDGEMENT',
  PROCESS = 'PROCESS',
  OUTCOME = 'OUTCOME',
  FINAL_REVIEW = 'FINAL_REVIEW',
}

/** What the deadlines of one application depend on. */
export interface DeadlineFacts {
  channel: 'ONLINE' | 'PHONE' | 'WRITING';
  receivedAt: Date;
  acknowledgedAt?: Date | null;
  /** The review meeting (calendar date): the one held, else the one planned. */
  meetingOn?: string | null;
  /** When the review outcome went to the applicant. */
  outcomeSentAt?: Date | null;
  /** When the action plan started (the six-month final review runs from here). */
  actionPlanAt?: Date | null;
  finalReviewAt?: Date | null;
  /** Set when the process ended without a review (not met, not pursued) or was closed. */
  finishedAt?: Date | null;
}

export interface Deadline {
  kind: DeadlineKind;
  dueOn: string;
  /** When it was met, if it was. */
  metAt: Date | null;
  overdue: boolean;
}

/**
 * Every deadline that applies so far. A deadline is overdue when it is not met and today (London)
 * is after its due date; once the application is finished (`finishedAt`) nothing is overdue any
 * more. A deadline met late keeps its `metAt` (after `dueOn`) and is not overdue.
 */
export function deadlinesOf(f: DeadlineFacts, now: Date = new Date()): Deadline[] {
  const today = londonDate(now);
  const out: Deadline[] = [];
  const push = (kind: DeadlineKind, dueOn: string, metAt: Date | null | undefined) => {
    const met = metAt ?? f.finishedAt ?? null;
    out.push({ kind, dueOn, metAt: metAt ?? null, overdue: !met && today > dueOn });
  };
  const ackDue = f.channel === 'ONLINE' ? londonDate(f.receivedAt) : addWorkingDays(f.receivedAt, ACKNOWLEDGEMENT_WORKING_DAYS);
  push(DeadlineKind.ACKNOWLEDGEMENT, ackDue, f.acknowledgedAt);
  if (f.acknowledgedAt) push(DeadlineKind.PROCESS, addWorkingDays(f.acknowledgedAt, PROCESS_WORKING_DAYS), f.outcomeSentAt);
  if (f.meetingOn) push(DeadlineKind.OUTCOME, addWorkingDays(f.meetingOn, OUTCOME_WORKING_DAYS), f.outcomeSentAt);
  if (f.actionPlanAt) push(DeadlineKind.FINAL_REVIEW, addMonths(f.actionPlanAt, FINAL_REVIEW_MONTHS), f.finalReviewAt);
  return out;
}

/** What an application's deadlines depend on (also used by statistics, over plain rows). */
export type DeadlineFields = Pick<
  TriggerApplication,
  'channel' | 'receivedAt' | 'acknowledgedAt' | 'meetingOn' | 'outcomeSentAt' | 'actionPlanAt' | 'finalReviewAt' | 'closedAt' | 'decision' | 'decidedAt' | 'reviewStartedAt'
>;

/** The outcome is due 5 working days after the meeting held (else the one planned), on the application as on its review. */
export function deadlineFacts(app: DeadlineFields & { meetingHeldOn?: string | null }): DeadlineFacts {
  const finishedWithoutReview = app.decision && app.decision !== TriggerDecision.THRESHOLD_MET && app.decidedAt && !app.reviewStartedAt ? app.decidedAt : null;
  return {
    channel: app.channel,
    receivedAt: app.receivedAt,
    acknowledgedAt: app.acknowledgedAt,
    meetingOn: app.meetingHeldOn ?? app.meetingOn,
    outcomeSentAt: app.outcomeSentAt ?? finishedWithoutReview,
    actionPlanAt: app.actionPlanAt,
    finalReviewAt: app.finalReviewAt,
    finishedAt: app.closedAt ?? finishedWithoutReview,
  };
}
