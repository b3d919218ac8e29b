import { describe, expect, it } from 'vitest';
import { ApplicationChannel, TriggerDecision } from '../../shared/enums';
import type { DeadlineFields } from './deadlines';
import { protectCount } from '../../shared/disclosure';
import { DEFAULT_PTABLE, loadPerturbationTable } from '../../shared/perturbation-tables';
import { deadlineTallies, publishFigures, statisticsPeriod } from './statistics';

const at = (iso: string) => new Date(iso);
const app = (over: Partial<DeadlineFields>): DeadlineFields => ({
  channel: ApplicationChannel.PHONE, receivedAt: at('2026-03-06T10:00:00Z'), acknowledgedAt: null, meetingOn: null, outcomeSentAt: null,
  actionPlanAt: null, finalReviewAt: null, closedAt: null, decision: null, decidedAt: null, reviewStartedAt: null, ...over,
});
const NOW = at('2026-06-01T12:00:00Z');

describe('deadline shares', () => {
  it('counts acknowledgements by the working-day rule: Friday to Tuesday in time, Wednesday late, online the same day', () => {
    const t = deadlineTallies([
      app({ acknowledgedAt: at('2026-03-10T16:00:00Z') }), // Friday 6 March → due Tuesday 10th: in time
      app({ acknowledgedAt: at('2026-03-11T09:00:00Z') }), // Wednesday: late
      app({ channel: ApplicationChannel.ONLINE, acknowledgedAt: at('2026-03-06T10:00:01Z') }), // online: the same day
      app({ channel: ApplicationChannel.ONLINE, acknowledgedAt: at('2026-03-07T10:00:00Z') }), // online, next day: late
      app({}), // never acknowledged, long overdue: late
      app({ receivedAt: at('2026-05-29T10:00:00Z') }), // Friday 29 May, due Tuesday 2 June: not yet due, left out
      app({ closedAt: at('2026-03-06T15:00:00Z') }), // withdrawn before acknowledgement was due: left out
    ], NOW);
    expect(t.acknowledgement).toMatchObject({ due: { count: 5 }, inTime: { count: 2 } });
  });

  it('counts decisions against 25 working days from acknowledgement, Easter included', () => {
    // Acknowledged Tuesday 10 March 2026; 25 working days on, with Good Friday (3 April) and Easter
    // Monday (6 April) out, is Thursday 16 April.
    const acked = { acknowledgedAt: at('2026-03-10T09:00:00Z') };
    const t = deadlineTallies([
      app({ ...acked, reviewStartedAt: at('2026-03-20T09:00:00Z'), outcomeSentAt: at('2026-04-16T15:00:00Z') }), // in time
      app({ ...acked, reviewStartedAt: at('2026-03-20T09:00:00Z'), outcomeSentAt: at('2026-04-17T09:00:00Z') }), // the day after: late
      app({ ...acked, decision: TriggerDecision.THRESHOLD_NOT_MET, decidedAt: at('2026-03-12T09:00:00Z') }), // concluded by the decision: in time
      app({ ...acked, reviewStartedAt: at('2026-03-20T09:00:00Z') }), // no outcome yet, long overdue: late
    ], NOW);
    expect(t.decision).toMatchObject({ due: { count: 4 }, inTime: { count: 2 } });
  });

  it('publishes exactly to the own SPOC, else each figure as a cell of its own, shares from the published counts', () => {
    const c = (count: number, key: number) => ({ count, key });
    const cells = { applicationsReceived: c(23, 17), thresholdNotMet: c(3, 200), reviewsCarriedOut: c(12, 5), reviewsWithRecommendations: c(0, 0) };
    const tallies = { acknowledgement: { due: c(23, 17), inTime: c(19, 90) }, decision: { due: c(4, 3), inTime: c(4, 3) } };
    expect(publishFigures(cells, tallies, null)).toMatchObject({
      applicationsReceived: 23, thresholdNotMet: 3, reviewsCarriedOut: 12, reviewsWithRecommendations: 0,
      suppressedFigures: [], disclosureControlled: false, acknowledgedInTime: { due: 23, inTime: 19, share: 0.8261 },
    });
    const policy = { minCount: 5, ptable: loadPerturbationTable(DEFAULT_PTABLE) };
    const p = (cell: { count: number; key: number }) => protectCount(cell, policy).count;
    const published = publishFigures(cells, tallies, policy);
    expect(published).toEqual({
      applicationsReceived: p(cells.applicationsReceived), thresholdNotMet: null, reviewsCarriedOut: p(cells.reviewsCarriedOut), reviewsWithRecommendations: 0,
      suppressedFigures: ['thresholdNotMet'], disclosureControlled: true,
      acknowledgedInTime: { due: p(tallies.acknowledgement.due), inTime: p(tallies.acknowledgement.inTime), share: expect.any(Number), suppressed: false },
      decidedInTime: { due: null, inTime: null, share: null, suppressed: true },
    });
    // The same records, the same answer: received and acknowledgements due are one set of applications here.
    expect(published.acknowledgedInTime.due).toBe(published.applicationsReceived);
    expect(published.acknowledgedInTime.share).toBe(Number(Math.min(1, published.acknowledgedInTime.inTime! / published.acknowledgedInTime.due!).toFixed(2)));
    for (const f of [published.applicationsReceived!, published.reviewsCarriedOut!]) expect(f).toBeGreaterThanOrEqual(5);
    expect(Math.abs(published.applicationsReceived! - 23)).toBeLessThanOrEqual(5);
  });

  it('keys each deadline count by its applications: the sum of their record keys', () => {
    const t = deadlineTallies([
      { ...app({ acknowledgedAt: at('2026-03-10T16:00:00Z') }), recordKey: 200 }, // in time
      { ...app({ acknowledgedAt: at('2026-03-11T09:00:00Z') }), recordKey: 100 }, // late
    ], NOW);
    expect(t.acknowledgement).toEqual({ due: { count: 2, key: 44 }, inTime: { count: 1, key: 200 } });
  });

  it('widens a disclosure-controlled period to whole London months, or quarters', () => {
    expect(statisticsPeriod('2026-03-11', '2026-03-11', 'month')).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(statisticsPeriod('2026-02-28', '2026-04-01', 'month')).toEqual({ from: '2026-02-01', to: '2026-04-30' });
    expect(statisticsPeriod('2026-05-11', '2026-05-12', 'quarter')).toEqual({ from: '2026-04-01', to: '2026-06-30' });
  });
});
