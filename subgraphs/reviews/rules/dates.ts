/**
 * The review's timescales (docs/design.md, "timescale" and "follow-up"), on the same working-day
 * calendar (England and Wales bank holidays, Europe/London) as the triggers subgraph's deadlines:
 * one calendar for the whole process. Pure functions, shared as code, not data.
 */
export { addMonths, addWorkingDays, FINAL_REVIEW_MONTHS, londonDate, OUTCOME_WORKING_DAYS } from '../../triggers/rules/deadlines';
