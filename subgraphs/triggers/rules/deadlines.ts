import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { TriggerDecision } from '../../shared/enums';
import type { TriggerApplication } from '../entities/TriggerApplication';

/**
 * Community Trigger time limits in working days (docs/design.md, "acknowledge", "timescale",
 * "follow-up"). A working day is Monday to Friday in England, less the England and Wales bank
 * holidays (including substitute days) as published by the `date-holidays` package (GB/ENG, type
 * `public`). Dates are calendar dates in Europe/London, `YYYY-MM-DD`.
 */
export const ZONE = 'Europe/London';
export const ACKNOWLEDGEMENT_WORKING_DAYS = 2;
export const PROCESS_WORKING_DAYS = 25;
export const OUTCOME_WORKING_DAYS = 5;
export const FINAL_REVIEW_MONTHS = 6;

const holidays = new Holidays('GB', 'ENG', { types: ['public'] });
const byYear = new Map<number, Set<string>>();

/** England and Wales bank holidays of a year, as YYYY-MM-DD. */
export function bankHolidays(year: number): Set<string> {
  let set = byYear.get(year);
  if (!set) {
    set = new Set(holidays.getHolidays(year).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
    byYear.set(year, set);
  }
  return set;
}

// en-CA formats as YYYY-MM-DD; Intl is about six times faster than luxon here, and statistics ask
// it of every application.
const LONDON_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date (Europe/London) of an instant. */
export function londonDate(at: Date): string {
  return LONDON_DATE.format(at);
}

export function isWorkingDay(date: string): boolean {
  const d = DateTime.fromISO(date, { zone: ZONE });
  if (d.weekday > 5) return false;
  return !bankHolidays(d.year).has(date);
}

const added = new Map<string, string>();

/**
 * The date `n` working days after `from` (a date or an instant, taken as its London date). Day
 * zero is `from` itself whatever it is, so 2 working days from a Friday is the Tuesday; n = 0
 * gives `from`'s date. Memoised: statistics ask it of thousands of applications over a few hundred
 * distinct dates.
 */
export function addWorkingDays(from: Date | string, n: number): string {
  const start = typeof from === 'string' ? from : londonDate(from);
  const key = `${start}+${n}`;
  let due = added.get(key);
  if (due === undefined) {
    if (added.size > 50_000) added.clear();
    due = countWorkingDays(start, n);
    added.set(key, due);
  }
  return due;
}

function countWorkingDays(start: string, n: number): string {
  let d = DateTime.fromISO(start, { zone: ZONE });
  let left = n;
  while (left > 0) {
    d = d.plus({ days: 1 });
    if (isWorkingDay(d.toISODate()!)) left--;
  }
  return d.toISODate()!;
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: Date | string, to: Date | string): number {
  const start = typeof from === 'string' ? from : londonDate(from);
  const end = typeof to === 'string' ? to : londonDate(to);
  let d = DateTime.fromISO(start, { zone: ZONE });
  let count = 0;
  while (d.toISODate()! < end) {
    d = d.plus({ days: 1 });
    if (isWorkingDay(d.toISODate()!)) count++;
  }
  return count;
}

export function addMonths(from: Date | string, months: number): string {
  const start = typeof from === 'string' ? from : londonDate(from);
  return DateTime.fromISO(start, { zone: ZONE }).plus({ months }).toISODate()!;
}

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
