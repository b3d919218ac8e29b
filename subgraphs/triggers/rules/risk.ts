import { addWorkingDays, londonDate } from '../../shared/calendar';
import type { FieldError } from '../../shared/validation';

/**
 * The victim risk assessment (docs/design.md, "The 2025 statutory guidance": identifying high-risk
 * victims early matters most). A policy is data, versioned per authority: yes/no questions, each with
 * a score and whether it touches health or vulnerability (special category data), some escalating to
 * high on their own; bands by total score; the shorter internal target a band sets. Pure.
 */
export enum RiskBand {
  STANDARD = 'STANDARD',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
}

export interface RiskQuestion {
  id: string;
  text: string;
  /** Added to the total when answered yes. */
  score: number;
  /** The question is about health, disability or vulnerability: its answer is SPECIAL_CATEGORY. */
  specialCategory: boolean;
  /** A yes makes the assessment HIGH whatever the total. */
  escalatesToHigh?: boolean;
}

export interface RiskBandRule {
  band: RiskBand;
  /** The least total score in the band. */
  minScore: number;
  /** The internal target, in working days from receipt, to decide an application in this band (null: the statutory limits only). */
  targetWorkingDays: number | null;
}

export interface RiskPolicyRules {
  questions: RiskQuestion[];
  bands: RiskBandRule[];
}

export interface RiskAnswer {
  questionId: string;
  answer: boolean;
}

const RANK: Record<RiskBand, number> = { STANDARD: 0, MEDIUM: 1, HIGH: 2 };
export const riskRank = (b: RiskBand | null | undefined) => (b ? RANK[b] : -1);

/** Whether a policy's rules hang together: unique question ids, bands STANDARD from 0 upward. */
export function checkRiskPolicy(p: RiskPolicyRules): FieldError[] {
  const errors: FieldError[] = [];
  const ids = p.questions.map((q) => q.id);
  if (!p.questions.length) errors.push({ field: 'questions', message: 'needs at least one question' });
  if (new Set(ids).size !== ids.length) errors.push({ field: 'questions', message: 'question ids must be unique' });
  if (p.questions.some((q) => !Number.isInteger(q.score) || q.score < 0)) errors.push({ field: 'questions', message: 'scores are whole numbers from 0' });
  const bands = [...p.bands].sort((a, b) => a.minScore - b.minScore);
  if (bands.map((b) => b.band).join() !== 'STANDARD,MEDIUM,HIGH')
    errors.push({ field: 'bands', message: 'STANDARD, MEDIUM and HIGH, by rising minimum score' });
  else if (bands[0].minScore !== 0) errors.push({ field: 'bands', message: 'STANDARD starts at 0' });
  if (p.bands.some((b) => b.targetWorkingDays != null && (!Number.isInteger(b.targetWorkingDays) || b.targetWorkingDays < 1)))
    errors.push({ field: 'bands', message: 'a target is a whole number of working days from 1' });
  return errors;
}

export interface ScoredAssessment {
  score: number;
  band: RiskBand;
  /** The answers in the policy's question order. */
  answers: RiskAnswer[];
}

/** Scores the answers against the policy: every question answered once, none unknown (errors name `answers`). */
export function scoreRiskAssessment(p: RiskPolicyRules, answers: RiskAnswer[]): { ok: true; value: ScoredAssessment } | { ok: false; errors: FieldError[] } {
  const known = new Map(p.questions.map((q) => [q.id, q]));
  const given = new Map<string, boolean>();
  const errors: FieldError[] = [];
  answers.forEach((a, i) => {
    if (!known.has(a.questionId)) errors.push({ field: `input.answers.${i}.questionId`, message: 'is not a question of the policy in force' });
    else if (given.has(a.questionId)) errors.push({ field: `input.answers.${i}.questionId`, message: 'is answered twice' });
    else given.set(a.questionId, a.answer);
  });
  const missing = p.questions.filter((q) => !given.has(q.id));
  if (missing.length) errors.push({ field: 'input.answers', message: `every question needs an answer (missing ${missing.length})` });
  if (errors.length) return { ok: false, errors };
  let score = 0;
  let escalated = false;
  for (const q of p.questions) {
    if (!given.get(q.id)) continue;
    score += q.score;
    if (q.escalatesToHigh) escalated = true;
  }
  const byScore = [...p.bands].sort((a, b) => b.minScore - a.minScore).find((b) => score >= b.minScore)?.band ?? RiskBand.STANDARD;
  const band = escalated ? RiskBand.HIGH : byScore;
  return { ok: true, value: { score, band, answers: p.questions.map((q) => ({ questionId: q.id, answer: given.get(q.id)! })) } };
}

export interface RiskTarget {
  band: RiskBand;
  workingDays: number;
  dueOn: string;
  metAt: Date | null;
  overdue: boolean;
}

/**
 * The internal target the latest assessment's band sets: decide within `targetWorkingDays` of
 * receipt (shorter than the statutory limits); met by the decision, or by the application ending.
 */
export function riskTarget(
  latest: { band: RiskBand } | null,
  bands: RiskBandRule[],
  app: { receivedAt: Date; decidedAt?: Date | null; closedAt?: Date | null },
  now = new Date(),
): RiskTarget | null {
  if (!latest) return null;
  const days = bands.find((b) => b.band === latest.band)?.targetWorkingDays;
  if (!days) return null;
  const dueOn = addWorkingDays(app.receivedAt, days);
  const metAt = app.decidedAt ?? app.closedAt ?? null;
  return { band: latest.band, workingDays: days, dueOn, metAt, overdue: !metAt && londonDate(now) > dueOn };
}

/**
 * The victim is reassessed at the final review: due once the final review has begun, when the
 * victim was assessed before and no FINAL_REVIEW assessment has been made since it began.
 */
export function riskReassessmentDue(
  app: { finalReviewAt?: Date | null; closedAt?: Date | null },
  assessments: Array<{ stage: string; assessedAt: Date }>,
): boolean {
  if (!app.finalReviewAt || app.closedAt || !assessments.length) return false;
  return !assessments.some((a) => a.stage === 'FINAL_REVIEW' && a.assessedAt >= app.finalReviewAt!);
}
