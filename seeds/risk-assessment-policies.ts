import { RiskBand, type RiskPolicyRules } from '../subgraphs/triggers/rules/risk';

/**
 * The victim risk assessment seeded as every authority's default (authority null, version 1), in the
 * style of the matrix the Home Office's 2011–12 ASB call-handling trials used: yes/no questions on
 * repeat victimisation, targeting, fear of harm, impact and vulnerability, scored and summed into
 * standard, medium and high risk, with answers that make the risk high on their own. The weights and
 * bands are this hub's reading, not a Home Office table: each authority publishes its own version.
 * Questions about health, disability or vulnerability (and the protected characteristics a hate
 * motive names) are special category data.
 */
export interface RiskPolicySeed extends RiskPolicyRules {
  name: string;
}

export const HOME_OFFICE_TRIALS_RISK_POLICY: RiskPolicySeed = {
  name: 'Victim risk assessment (standard / medium / high, after the Home Office 2011–12 call-handling trials)',
  questions: [
    { id: 'repeat', text: 'Has this happened to you more than once in the last twelve months?', score: 3, specialCategory: false },
    { id: 'targeted', text: 'Do you feel that you, your family or your home are being targeted?', score: 3, specialCategory: false },
    {
      id: 'hate',
      text: 'Do you think it is because of your race, religion, disability, sexual orientation, gender identity or age?',
      score: 4,
      specialCategory: true,
    },
    {
      id: 'fear-of-harm',
      text: 'Are you afraid that you or someone in your household will be harmed?',
      score: 4,
      specialCategory: false,
      escalatesToHigh: true,
    },
    { id: 'crime', text: 'Has there been damage, violence or threats?', score: 2, specialCategory: false },
    { id: 'health', text: 'Is it affecting your health, physical or mental?', score: 3, specialCategory: true },
    {
      id: 'disability',
      text: 'Do you or anyone in your household have a disability, long-term illness or mental health condition?',
      score: 3,
      specialCategory: true,
    },
    { id: 'isolated', text: 'Do you live alone, or have little support from family, friends or neighbours?', score: 2, specialCategory: true },
    { id: 'children', text: 'Are children in your household affected?', score: 2, specialCategory: false },
    { id: 'daily-life', text: 'Has it changed how you live (staying in, avoiding places, losing sleep)?', score: 2, specialCategory: false },
    { id: 'moving', text: 'Have you thought about moving home because of it?', score: 2, specialCategory: false },
    { id: 'self-harm', text: 'Has it made you feel that you might harm yourself?', score: 5, specialCategory: true, escalatesToHigh: true },
  ],
  bands: [
    { band: RiskBand.STANDARD, minScore: 0, targetWorkingDays: null },
    { band: RiskBand.MEDIUM, minScore: 10, targetWorkingDays: 20 },
    { band: RiskBand.HIGH, minScore: 20, targetWorkingDays: 10 },
  ],
};

export const RISK_POLICY_EFFECTIVE_FROM = new Date('2014-10-20T00:00:00Z');
