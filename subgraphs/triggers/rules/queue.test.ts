import { describe, expect, it } from 'vitest';
import { DeadlineKind, type Deadline } from './deadlines';
import { nextDueOn, queueOrder } from './queue';

const d = (dueOn: string, opts: { met?: boolean; overdue?: boolean } = {}): Deadline => ({
  kind: DeadlineKind.ACKNOWLEDGEMENT,
  dueOn,
  metAt: opts.met ? new Date('2026-01-01T00:00:00Z') : null,
  overdue: opts.overdue ?? false,
});
const item = (id: string, receivedAt: string, deadlines: Deadline[]) => ({ id, receivedAt: new Date(receivedAt), deadlines });

describe('the work queue order', () => {
  it('puts overdue applications first, then the earliest unmet time limit, then those with none', () => {
    const items = [
      item('none', '2026-01-01T09:00:00Z', [d('2026-01-02', { met: true })]),
      item('later', '2026-01-05T09:00:00Z', [d('2026-03-10')]),
      item('overdue', '2026-01-09T09:00:00Z', [d('2026-01-05', { met: true }), d('2026-02-20', { overdue: true })]),
      item('sooner', '2026-01-07T09:00:00Z', [d('2026-01-08', { met: true }), d('2026-03-01')]),
    ];
    expect(queueOrder(items).map((i) => i.id)).toEqual(['overdue', 'sooner', 'later', 'none']);
  });

  it('orders overdue applications among themselves by due date and equal dates by receipt', () => {
    const items = [
      item('b', '2026-01-03T09:00:00Z', [d('2026-02-01', { overdue: true })]),
      item('a', '2026-01-02T09:00:00Z', [d('2026-02-01', { overdue: true })]),
      item('c', '2026-01-04T09:00:00Z', [d('2026-01-20', { overdue: true })]),
    ];
    expect(queueOrder(items).map((i) => i.id)).toEqual(['c', 'a', 'b']);
  });

  it('takes the next due date from unmet time limits only', () => {
    expect(nextDueOn([d('2026-01-01', { met: true }), d('2026-05-01'), d('2026-04-01')])).toBe('2026-04-01');
    expect(nextDueOn([d('2026-01-01', { met: true })])).toBeNull();
  });

  it('raises a high-risk victim’s application above the others alike, never above an overdue one, and counts its internal target', () => {
    const items = [
      item('first', '2026-01-01T09:00:00Z', [d('2026-02-01')]),
      item('overdue', '2026-01-02T09:00:00Z', [d('2026-01-20', { overdue: true })]),
      { ...item('high', '2026-01-05T09:00:00Z', [d('2026-03-01')]), highRisk: true },
      { ...item('medium-target', '2026-01-06T09:00:00Z', [d('2026-03-02')]), target: { dueOn: '2026-01-25', metAt: null } },
    ];
    expect(queueOrder(items).map((i) => i.id)).toEqual(['overdue', 'high', 'medium-target', 'first']);
    // A target met no longer counts.
    items[3] = { ...items[3], target: { dueOn: '2026-01-25', metAt: new Date('2026-01-20T00:00:00Z') } };
    expect(queueOrder(items).map((i) => i.id)).toEqual(['overdue', 'high', 'first', 'medium-target']);
  });
});
