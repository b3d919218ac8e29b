import { describe, expect, it } from 'vitest';
import { TriggerDecision } from '../../shared/enums';
import { pccReviewRefusal } from './pcc-review';

const route = { reviewer: 'the PCC', how: 'Ask us.' };

describe('the PCC review of a "threshold not met" decision', () => {
  it('is open for that decision where the area offers it, once', () => {
    expect(pccReviewRefusal({ route, decision: TriggerDecision.THRESHOLD_NOT_MET, alreadyRequested: false })).toBeNull();
    expect(pccReviewRefusal({ route, decision: TriggerDecision.THRESHOLD_NOT_MET, alreadyRequested: true })).toBe('ALREADY_REQUESTED');
  });
  it('is not offered where the area has no route, nor for another decision or none', () => {
    expect(pccReviewRefusal({ route: null, decision: TriggerDecision.THRESHOLD_NOT_MET, alreadyRequested: false })).toBe('NOT_OFFERED');
    expect(pccReviewRefusal({ route: undefined, decision: TriggerDecision.THRESHOLD_NOT_MET, alreadyRequested: false })).toBe('NOT_OFFERED');
    for (const decision of [TriggerDecision.THRESHOLD_MET, TriggerDecision.MET_ALL_ACTION_TAKEN, null]) {
      expect(pccReviewRefusal({ route, decision, alreadyRequested: false })).toBe('NOT_THRESHOLD_NOT_MET');
    }
  });
});
