import { badInput } from '../../../platform/errors';

/**
 * Derbyshire's case review templates as records of a review (docs/design.md, "review",
 * "follow-up"): the meeting agenda, the action plan and the perpetrator proportionality assessment.
 * Pure rules: what each record needs before it is kept. Errors name the field, never the value.
 */
export const MAX_TEMPLATE_TEXT = 5000;

/** The agenda headings used when the SPOC gives none (the order of a case review meeting). */
export const DEFAULT_AGENDA_HEADINGS = [
  'Introductions and apologies',
  'Purpose of the meeting and confidentiality',
  'The case: the application and the incidents reported',
  'The victim’s views and the impact on them',
  'Information from each agency',
  'Risk, vulnerability and harm',
  'Perpetrator: action taken and its proportionality',
  'Recommendations and the action plan',
  'How the victim will be told the outcome',
  'Any other business; date of the next review',
] as const;

export interface AgendaItemData {
  heading: string;
  leadAgencyId: string | null;
  notes: string | null;
}

const clean = (v: string | null | undefined) => (v ?? '').trim();

function limit(value: string, field: string): string {
  if (value.length > MAX_TEMPLATE_TEXT) throw badInput(`${field} is longer than ${MAX_TEMPLATE_TEXT} characters`, field);
  return value;
}

/** The agenda's items: those given (each with a heading), else the default headings. */
export function agendaItems(input: Array<{ heading: string; leadAgencyId?: string | null; notes?: string | null }> | null | undefined): AgendaItemData[] {
  if (!input || input.length === 0) return DEFAULT_AGENDA_HEADINGS.map((heading) => ({ heading, leadAgencyId: null, notes: null }));
  return input.map((item, i) => {
    const heading = clean(item.heading);
    if (!heading) throw badInput(`input.items[${i}].heading is required`, `input.items[${i}].heading`);
    if (heading.length > 200) throw badInput(`input.items[${i}].heading is longer than 200 characters`, `input.items[${i}].heading`);
    return { heading, leadAgencyId: clean(item.leadAgencyId) || null, notes: limit(clean(item.notes), `input.items[${i}].notes`) || null };
  });
}

export interface ActionPlanData {
  issues: string;
  desiredOutcome: string | null;
  leadOfficer: string | null;
  reviewOn: string | null;
}

/** The plan needs the issues it addresses; the review date, when given, is after the day it is recorded. */
export function actionPlan(
  input: { issues: string; desiredOutcome?: string | null; leadOfficer?: string | null; reviewOn?: string | null },
  today: string,
): ActionPlanData {
  const issues = limit(clean(input.issues), 'input.issues');
  if (!issues) throw badInput('input.issues is required: what the action plan addresses', 'input.issues');
  const leadOfficer = clean(input.leadOfficer) || null;
  if (leadOfficer && leadOfficer.length > 200) throw badInput('input.leadOfficer is longer than 200 characters', 'input.leadOfficer');
  const reviewOn = input.reviewOn ?? null;
  if (reviewOn && reviewOn <= today) throw badInput('input.reviewOn must be after today: the date the plan is reviewed', 'input.reviewOn');
  return { issues, desiredOutcome: limit(clean(input.desiredOutcome), 'input.desiredOutcome') || null, leadOfficer, reviewOn };
}

export enum ProportionalityConclusion {
  PROPORTIONATE = 'PROPORTIONATE',
  PROPORTIONATE_WITH_CHANGES = 'PROPORTIONATE_WITH_CHANGES',
  NOT_PROPORTIONATE = 'NOT_PROPORTIONATE',
}

export interface ProportionalityInput {
  proposedAction: string;
  circumstances?: string | null;
  necessary: boolean;
  lessIntrusiveOptions?: string | null;
  impactOnOthers?: string | null;
  equalityConsiderations?: string | null;
  conclusion: ProportionalityConclusion;
  changes?: string | null;
  reasons: string;
}

export interface ProportionalityData {
  proposedAction: string;
  circumstances: string | null;
  necessary: boolean;
  lessIntrusiveOptions: string | null;
  impactOnOthers: string | null;
  equalityConsiderations: string | null;
  conclusion: ProportionalityConclusion;
  changes: string | null;
  reasons: string;
}

/**
 * A proportionality assessment of action against the perpetrator: the action, whether it is
 * necessary, the less intrusive options weighed, its impact on others (the household), the
 * perpetrator's circumstances and equality duties, and the conclusion with its reasons. An action
 * that is not necessary cannot be proportionate; concluding it is (with or without changes) needs
 * the less intrusive options weighed; "with changes" says which.
 */
export function proportionalityAssessment(input: ProportionalityInput): ProportionalityData {
  const d: ProportionalityData = {
    proposedAction: limit(clean(input.proposedAction), 'input.proposedAction'),
    circumstances: limit(clean(input.circumstances), 'input.circumstances') || null,
    necessary: input.necessary,
    lessIntrusiveOptions: limit(clean(input.lessIntrusiveOptions), 'input.lessIntrusiveOptions') || null,
    impactOnOthers: limit(clean(input.impactOnOthers), 'input.impactOnOthers') || null,
    equalityConsiderations: limit(clean(input.equalityConsiderations), 'input.equalityConsiderations') || null,
    conclusion: input.conclusion,
    changes: limit(clean(input.changes), 'input.changes') || null,
    reasons: limit(clean(input.reasons), 'input.reasons'),
  };
  if (!d.proposedAction) throw badInput('input.proposedAction is required: the action assessed', 'input.proposedAction');
  if (!d.reasons) throw badInput('input.reasons is required: why the action is or is not proportionate', 'input.reasons');
  const proportionate = d.conclusion !== ProportionalityConclusion.NOT_PROPORTIONATE;
  if (proportionate && !d.necessary) throw badInput('An action that is not necessary cannot be proportionate', 'input.conclusion');
  if (proportionate && !d.lessIntrusiveOptions)
    throw badInput('Concluding the action is proportionate needs the less intrusive options weighed', 'input.lessIntrusiveOptions');
  if (d.conclusion === ProportionalityConclusion.PROPORTIONATE_WITH_CHANGES && !d.changes)
    throw badInput('Say which changes make the action proportionate', 'input.changes');
  if (d.conclusion !== ProportionalityConclusion.PROPORTIONATE_WITH_CHANGES && d.changes)
    throw badInput('input.changes is only for PROPORTIONATE_WITH_CHANGES', 'input.changes');
  return d;
}
