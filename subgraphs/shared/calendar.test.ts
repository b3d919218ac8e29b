import { describe, expect, it } from 'vitest';
import { addMonths, londonDate } from './calendar';

const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

describe('londonDate (memoised by UTC hour)', () => {
  it('agrees with Intl minute by minute across both 2026 clock changes and midnights either side', () => {
    for (const start of [Date.UTC(2026, 2, 28, 20), Date.UTC(2026, 9, 24, 20)]) {
      for (let t = start; t < start + 36 * 3_600_000; t += 60_000) expect(londonDate(new Date(t)), new Date(t).toISOString()).toBe(intl.format(new Date(t)));
    }
  });

  it('23:30 UTC is the next day in summer, the same day in winter', () => {
    expect(londonDate(new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
    expect(londonDate(new Date('2026-01-01T23:30:00Z'))).toBe('2026-01-01');
  });
});

describe('addMonths (memoised)', () => {
  it('the same answer asked again, month ends clamped', () => {
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths(new Date('2026-07-01T23:30:00Z'), 6)).toBe('2027-01-02');
  });
});
