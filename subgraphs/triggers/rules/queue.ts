import type { Deadline } from './deadlines';

/**
 * The SPOC's work queue order (the one definition: triggerApplications and the console both show
 * it): applications with an overdue time limit first; then, among those alike, the ones whose
 * victim's latest risk assessment is HIGH (rules/risk.ts); then by the earliest time limit not yet
 * met (a risk band's internal target counts as one); then by when they were received; an
 * application with no open time limit goes last. Ties keep the oldest application first.
 */
export interface QueueItem {
  id: string;
  receivedAt: Date;
  deadlines: Deadline[];
  /** The latest risk assessment found the victim at high risk. */
  highRisk?: boolean;
  /** The internal target the risk band sets, if any. */
  target?: Pick<Deadline, 'dueOn' | 'metAt'> | null;
}

/** The date the application must next be acted on (its earliest unmet time limit), or null. */
export function nextDueOn(deadlines: Array<Pick<Deadline, 'dueOn' | 'metAt'>>): string | null {
  const open = deadlines
    .filter((d) => !d.metAt)
    .map((d) => d.dueOn)
    .sort();
  return open[0] ?? null;
}

export function queueOrder<T extends QueueItem>(items: T[]): T[] {
  const key = (i: T) => ({
    overdue: i.deadlines.some((d) => d.overdue),
    high: !!i.highRisk,
    due: nextDueOn(i.target ? [...i.deadlines, i.target] : i.deadlines),
  });
  const keyed = items.map((item) => ({ item, ...key(item) }));
  keyed.sort((a, b) => {
    if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
    if (a.high !== b.high) return a.high ? -1 : 1;
    if (a.due !== b.due) return a.due === null ? 1 : b.due === null ? -1 : a.due < b.due ? -1 : 1;
    return a.item.receivedAt.getTime() - b.item.receivedAt.getTime() || (a.item.id < b.item.id ? -1 : 1);
  });
  return keyed.map((k) => k.item);
}
