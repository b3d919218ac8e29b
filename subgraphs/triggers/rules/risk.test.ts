import { describe, expect, it } from 'vitest';
import { HOME_OFFICE_TRIALS_RISK_POLICY } from '../../../seeds/risk-assessment-policies';
import { checkRiskPolicy, riskReassessmentDue, riskTarget, RiskBand, scoreRiskAssessment, type RiskPolicyRules } from './risk';

const policy: RiskPolicyRules = {
  questions: [
    { id: 'repeat', text: 'Repeated?', score: 3, specialCategory: false },
    { id: 'health', text: 'Health affected?', score: 4, specialCategory: true },
    { id: 'harm', text: 'Fear of harm?', score: 1, specialCategory: false, escalatesToHigh: true },
  ],
  bands: [
    { band: RiskBand.STANDARD, minScore: 0, targetWorkingDays: null },
    { band: RiskBand.MEDIUM, minScore: 3, targetWorkingDays: 15 },
    { band: RiskBand.HIGH, minScore: 7, targetWorkingDays: 5 },
  ],
};
const all = (repeat: boolean, health: boolean, harm: boolean) => [
  { questionId: 'repeat', answer: repeat },
  { questionId: 'health', answer: health },
  { questionId: 'harm', answer: harm },
];
const scored = (a: ReturnType<typeof all>) => {
  const r = scoreRiskAssessment(policy, a);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
};

describe('the victim risk assessment', () => {
  it('adds the scores of the yes answers and bands the total', () => {
    expect(scored(all(false, false, false))).toMatchObject({ score: 0, band: 'STANDARD' });
    expect(scored(all(true, false, false))).toMatchObject({ score: 3, band: 'MEDIUM' });
    expect(scored(all(true, true, false))).toMatchObject({ score: 7, band: 'HIGH' });
  });
  it('is HIGH on an escalating answer whatever the total', () => {
    expect(scored(all(false, false, true))).toMatchObject({ score: 1, band: 'HIGH' });
  });
  it('needs every question answered once and no other, naming the answer', () => {
    const r = scoreRiskAssessment(policy, [...all(true, true, true).slice(1), { questionId: 'health', answer: false }, { questionId: 'other', answer: true }]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.field)).toEqual(['input.answers.2.questionId', 'input.answers.3.questionId', 'input.answers']);
  });
  it('sets the band’s internal target from receipt, met by the decision', () => {
    const receivedAt = new Date('2026-11-02T10:00:00Z'); // a Monday
    const t = riskTarget({ band: RiskBand.HIGH }, policy.bands, { receivedAt }, new Date('2026-11-10T10:00:00Z'))!;
    expect(t).toMatchObject({ band: 'HIGH', workingDays: 5, dueOn: '2026-11-09', overdue: true, metAt: null });
    expect(
      riskTarget({ band: RiskBand.HIGH }, policy.bands, { receivedAt, decidedAt: new Date('2026-11-05T10:00:00Z') }, new Date('2026-11-10T10:00:00Z'))!.overdue,
    ).toBe(false);
    expect(riskTarget({ band: RiskBand.STANDARD }, policy.bands, { receivedAt })).toBeNull();
    expect(riskTarget(null, policy.bands, { receivedAt })).toBeNull();
  });
  it('checks a policy, and the seeded one passes', () => {
    expect(checkRiskPolicy(HOME_OFFICE_TRIALS_RISK_POLICY)).toEqual([]);
    expect(checkRiskPolicy({ ...policy, bands: policy.bands.slice(1) }).map((e) => e.field)).toEqual(['bands']);
    expect(checkRiskPolicy({ ...policy, questions: [...policy.questions, policy.questions[0]] }).map((e) => e.field)).toEqual(['questions']);
  });
  it('asks for a reassessment at the final review of a victim assessed before, until it is made', () => {
    const finalReviewAt = new Date('2027-05-01T10:00:00Z');
    const initial = { stage: 'INITIAL', assessedAt: new Date('2026-11-01T10:00:00Z') };
    expect(riskReassessmentDue({ finalReviewAt: null }, [initial])).toBe(false);
    expect(riskReassessmentDue({ finalReviewAt }, [])).toBe(false);
    expect(riskReassessmentDue({ finalReviewAt }, [initial])).toBe(true);
    // A FINAL_REVIEW assessment made before this final review began does not count.
    expect(riskReassessmentDue({ finalReviewAt }, [initial, { stage: 'FINAL_REVIEW', assessedAt: new Date('2027-04-30T10:00:00Z') }])).toBe(true);
    expect(riskReassessmentDue({ finalReviewAt }, [initial, { stage: 'FINAL_REVIEW', assessedAt: new Date('2027-05-02T10:00:00Z') }])).toBe(false);
    expect(riskReassessmentDue({ finalReviewAt, closedAt: new Date('2027-05-03T10:00:00Z') }, [initial])).toBe(false);
  });
});
