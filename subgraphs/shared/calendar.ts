import Holidays from 'date-holidays';
import { DateTime } from 'luxon';

/**
 * The one calendar of the whole ASB Case Review process, shared by the triggers and reviews
 * subgraphs: a working day is Monday to Friday in England, less the England and Wales bank
 * holidays (including substitute days) as published by the `date-holidays` package (GB/ENG, type
 * `public`). Dates are calendar dates in Europe/London, `YYYY-MM-DD`. Pure functions.
 */
export const ZONE = 'Europe/London';

/**
 * The Community Trigger time limits (docs/design.md, "acknowledge", "timescale", "follow-up"),
 * here because both subgraphs count them: the application's deadlines (the triggers subgraph's
 * rules/deadlines.ts) and the review's (the reviews subgraph's ReviewWorkflowResolver.ts).
 */
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

// London's offset from UTC is a whole number of hours and changes only on the hour (01:00 UTC), so
// every instant of one UTC hour has the same London date: memoised by that hour, as statistics ask
// it several times of every application (tens of thousands a year at national scale).
const byHour = new Map<number, string>();
const HOUR = 3_600_000;

/** The calendar date (Europe/London) of an instant. */
export function londonDate(at: Date): string {
  const hour = Math.floor(at.getTime() / HOUR);
  let date = byHour.get(hour);
  if (date === undefined) {
    if (byHour.size > 100_000) byHour.clear();
    date = LONDON_DATE.format(at);
    byHour.set(hour, date);
  }
  return date;
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

const monthsAdded = new Map<string, string>();

/** The date `months` calendar months after `from` (its London date). Memoised as addWorkingDays is: statistics ask it of every action plan. */
export function addMonths(from: Date | string, months: number): string {
  const start = typeof from === 'string' ? from : londonDate(from);
  const key = `${start}+${months}`;
  let due = monthsAdded.get(key);
  if (due === undefined) {
    if (monthsAdded.size > 50_000) monthsAdded.clear();
    due = DateTime.fromISO(start, { zone: ZONE }).plus({ months }).toISODate()!;
    monthsAdded.set(key, due);
  }
  return due;
}
