import { describe, expect, it } from 'vitest';
import { addMonths, addWorkingDays, bankHolidays, isWorkingDay, workingDaysBetween } from '../../shared/calendar';
import { deadlinesOf, DeadlineKind } from './deadlines';

describe('England and Wales bank holidays (date-holidays GB/ENG)', () => {
  it('includes Christmas, the Boxing Day substitute, New Year and Easter', () => {
    const h2026 = bankHolidays(2026);
    for (const d of ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28']) expect(h2026.has(d), d).toBe(true);
    expect(h2026.has('2026-04-05')).toBe(false); // Easter Sunday is a Sunday, not a bank holiday entry
    const h2027 = bankHolidays(2027);
    for (const d of ['2027-01-01', '2027-03-26', '2027-03-29', '2027-12-27', '2027-12-28']) expect(h2027.has(d), d).toBe(true);
  });

  it('has no Scottish-only days (2 January, St Andrew) in England', () => {
    expect(bankHolidays(2026).has('2026-01-02')).toBe(false);
    expect(bankHolidays(2026).has('2026-11-30')).toBe(false);
  });
});

describe('addWorkingDays', () => {
  it.each([
    // [from, n, expected, why]
    ['2026-11-23', 2, '2026-11-25', 'ordinary week (Mon → Wed)'],
    ['2026-11-27', 2, '2026-12-01', 'over a weekend (Fri → Tue)'],
    ['2026-11-28', 2, '2026-12-01', 'from a Saturday, day zero is not counted'],
    ['2026-12-24', 2, '2026-12-30', 'Christmas: 25th, weekend and the 28th (Boxing Day substitute) are skipped'],
    ['2026-12-23', 1, '2026-12-24', 'Christmas Eve is a working day'],
    ['2026-12-30', 2, '2027-01-04', 'New Year: 1 January 2027 (Friday) is skipped'],
    ['2026-12-31', 1, '2027-01-04', 'New Year from New Year’s Eve'],
    ['2026-04-02', 2, '2026-04-08', 'Easter 2026: Good Friday 3 April and Easter Monday 6 April'],
    ['2027-03-25', 2, '2027-03-31', 'Easter 2027: Good Friday 26 March and Easter Monday 29 March'],
    ['2026-12-14', 25, '2027-01-21', '25-day process across Christmas and New Year'],
    ['2026-03-20', 25, '2026-04-28', '25-day process across Easter 2026'],
    ['2026-11-23', 0, '2026-11-23', 'zero days is the same date'],
  ])('%s + %i working days = %s (%s)', (from, n, expected) => {
    expect(addWorkingDays(from, n)).toBe(expected);
  });

  it('takes an instant by its London date (BST evening is already the next day in London)', () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
    expect(addWorkingDays(new Date('2026-06-30T23:30:00Z'), 1)).toBe('2026-07-02');
  });

  it('isWorkingDay and workingDaysBetween agree', () => {
    expect(isWorkingDay('2026-12-25')).toBe(false);
    expect(isWorkingDay('2026-12-24')).toBe(true);
    expect(workingDaysBetween('2026-12-14', '2027-01-21')).toBe(25);
    expect(workingDaysBetween('2026-12-24', '2026-12-30')).toBe(2);
  });

  it('adds calendar months for the six-month final review (end of month clamps)', () => {
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2026-05-15', 6)).toBe('2026-11-15');
  });
});

describe('deadlinesOf', () => {
  const at = (iso: string) => new Date(iso);

  it('acknowledgement is due the same day online and in 2 working days otherwise', () => {
    const online = deadlinesOf({ channel: 'ONLINE', receivedAt: at('2026-12-24T10:00:00Z') }, at('2026-12-24T12:00:00Z'));
    expect(online).toEqual([{ kind: DeadlineKind.ACKNOWLEDGEMENT, dueOn: '2026-12-24', metAt: null, overdue: false }]);
    const phone = deadlinesOf({ channel: 'PHONE', receivedAt: at('2026-12-24T10:00:00Z') }, at('2026-12-30T12:00:00Z'));
    expect(phone[0]).toMatchObject({ dueOn: '2026-12-30', overdue: false });
    const late = deadlinesOf({ channel: 'PHONE', receivedAt: at('2026-12-24T10:00:00Z') }, at('2026-12-31T09:00:00Z'));
    expect(late[0]).toMatchObject({ dueOn: '2026-12-30', overdue: true });
  });

  it('adds the 25-day process, the outcome (5 days after the meeting) and the six-month final review as they apply', () => {
    const d = deadlinesOf(
      {
        channel: 'WRITING',
        receivedAt: at('2026-12-10T10:00:00Z'),
        acknowledgedAt: at('2026-12-14T10:00:00Z'),
        meetingOn: '2026-12-23',
        outcomeSentAt: at('2027-01-05T10:00:00Z'),
        actionPlanAt: at('2027-01-06T10:00:00Z'),
      },
      at('2027-03-01T10:00:00Z'),
    );
    expect(d.map((x) => [x.kind, x.dueOn, x.overdue])).toEqual([
      [DeadlineKind.ACKNOWLEDGEMENT, '2026-12-14', false],
      [DeadlineKind.PROCESS, '2027-01-21', false],
      [DeadlineKind.OUTCOME, '2027-01-04', false], // met late (5 Jan), so not "overdue" any more
      [DeadlineKind.FINAL_REVIEW, '2027-07-06', false],
    ]);
  });

  it('shows an unmet deadline past its date as overdue, and nothing overdue once the application is finished', () => {
    const facts = { channel: 'PHONE' as const, receivedAt: at('2026-12-01T10:00:00Z'), acknowledgedAt: at('2026-12-02T10:00:00Z') };
    const open = deadlinesOf(facts, at('2027-02-01T10:00:00Z'));
    expect(open.find((x) => x.kind === DeadlineKind.PROCESS)).toMatchObject({ dueOn: '2027-01-11', overdue: true });
    const closed = deadlinesOf({ ...facts, finishedAt: at('2026-12-20T10:00:00Z') }, at('2027-02-01T10:00:00Z'));
    expect(closed.every((x) => !x.overdue)).toBe(true);
  });
});
