import { describe, expect, it } from 'vitest';
import { ApplicationChannel, TriggerDecision } from '../../shared/enums';
import type { DeadlineFields } from './deadlines';
import { deadlineTallies, publishFigures } from './statistics';

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
    expect(t.acknowledgement).toEqual({ due: 5, inTime: 2 });
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
    expect(t.decision).toEqual({ due: 4, inTime: 2 });
  });

  it('publishes exactly to the own SPOC, else rounded and suppressed with the figures named', () => {
    const counts = { applicationsReceived: 23, thresholdNotMet: 3, reviewsCarriedOut: 12, reviewsWithRecommendations: 0 };
    const tallies = { acknowledgement: { due: 23, inTime: 19 }, decision: { due: 4, inTime: 4 } };
    expect(publishFigures(counts, tallies, null)).toMatchObject({ ...counts, suppressedFigures: [], disclosureControlled: false, acknowledgedInTime: { due: 23, inTime: 19, share: 0.8261 } });
    expect(publishFigures(counts, tallies, { minCount: 5, roundingBase: 5 })).toEqual({
      applicationsReceived: 25, thresholdNotMet: null, reviewsCarriedOut: 10, reviewsWithRecommendations: 0,
      suppressedFigures: ['thresholdNotMet'], disclosureControlled: true,
      acknowledgedInTime: { due: 25, inTime: 20, share: 0.85, suppressed: false },
      decidedInTime: { due: null, inTime: null, share: null, suppressed: true },
    });
  });
});
