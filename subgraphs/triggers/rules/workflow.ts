import { TriggerDecision } from '../../shared/enums';
import { badInput, conflict } from '../../../platform/errors';
import { ApplicationStatus as S } from '../entities/status';
import type { DiscretionGround, NotPursuedReason, TriggerApplication } from '../entities/TriggerApplication';
import type { ThresholdEvaluation } from '../entities/ThresholdEvaluation';
import { LetterKind, type LetterData, type LetterIncident } from '../letters/render';
import { verdictWords } from '../letters/verdicts';
import { addMonths, addWorkingDays, FINAL_REVIEW_MONTHS, londonDate, PROCESS_WORKING_DAYS } from '../../shared/calendar';
import { LifecycleEvent as E, nextStatus, transition } from './lifecycle';
import { ThresholdRoute } from './threshold';

/**
 * The application's workflow as one domain rule: an event in, the application's new state and the
 * letters it sends out. Every way an application moves (the SPOC's mutations, the intake, the
 * reviews subgraph's `_reviewStep`) takes its step here, on the state machine of lifecycle.ts, so
 * the rules (the lead officer, secondStage, which letter when, the error texts) are written once.
 * Pure: the resolvers load the application (and the latest evaluation), apply `changes`, issue the
 * `letters` and persist (resolvers/workflow.ts, `takeStep`).
 */
export type WorkflowEvent =
  | { kind: E.ACKNOWLEDGE; meetingOn?: string | null; letter?: Partial<LetterData> }
  | { kind: E.NOT_PURSUE; reason: NotPursuedReason }
  | {
      kind: E.DECIDE;
      decision: TriggerDecision;
      reason: string | null;
      discretion: DiscretionGround[] | null;
      /** The latest threshold evaluation of the application, null when there is none. */
      evaluation: ThresholdEvaluation | null;
    }
  | { kind: E.BEGIN_REVIEW; meetingOn?: string | null }
  | {
      kind: E.SEND_OUTCOME;
      actions: string[];
      leadOfficer: string | null;
      /**
       * What the review recorded, when the reviews subgraph takes the step: the day the panel met
       * (CT4 names it) and how many recommendations it made. The SPOC's own step records neither.
       */
      review?: { meetingHeldOn: string | null; recommendationCount: number | null };
    }
  | { kind: E.START_ACTION_PLAN }
  | { kind: E.START_FINAL_REVIEW }
  | { kind: E.CLOSE; reason: string | null }
  | { kind: E.APPEAL; reason: string };

/** What a step reads of the application. */
export type WorkflowFacts = Pick<TriggerApplication, 'status' | 'decision' | 'meetingOn' | 'meetingHeldOn' | 'secondStage'>;

/**
 * The events up to and including the decision: their refusal names the state only (a recorded
 * decision guards none of them); the later ones name the decision too when the state is DECIDED.
 */
const BEFORE_REVIEW = new Set<E>([E.ACKNOWLEDGE, E.NOT_PURSUE, E.DECIDE]);
const decisionFor = (app: WorkflowFacts, event: E) => (BEFORE_REVIEW.has(event) ? null : (app.decision ?? null));

/** The fields a step sets on the application (always `status`). */
export type WorkflowChanges = Partial<
  Pick<
    TriggerApplication,
    | 'status'
    | 'meetingOn'
    | 'meetingHeldOn'
    | 'acknowledgedAt'
    | 'notPursuedReason'
    | 'closedAt'
    | 'decision'
    | 'decidedAt'
    | 'decisionReason'
    | 'discretionGrounds'
    | 'secondStage'
    | 'reviewStartedAt'
    | 'outcomeSentAt'
    | 'agreedActions'
    | 'recommendationsMade'
    | 'leadOfficer'
    | 'actionPlanAt'
    | 'finalReviewAt'
    | 'appealedAt'
    | 'appealReason'
  >
> & { status: S };

export interface LetterOut {
  kind: LetterKind;
  data: Partial<LetterData>;
  /** Sent only where the authority's process has one (its correspondence's `reviewActivatedLetter`). */
  ifAuthoritySendsIt?: boolean;
}

export interface WorkflowOutcome {
  from: S;
  changes: WorkflowChanges;
  /** In the order they are sent (at most one today). */
  letters: LetterOut[];
  /** The application closed or is not pursued: the access grants it held end, with this reason. */
  endsGrants: string | null;
}

const text = (v: string | null | undefined) => (v ?? '').trim();

/** Whether `event` may be taken from the application's state (the reviews' `onlyIfAllowed`). */
export function allows(app: WorkflowFacts, event: E): boolean {
  return nextStatus(app.status, event, decisionFor(app, event)) !== null;
}

/**
 * The step `event` takes at `at`: CONFLICT when the state machine refuses it (checked first), else
 * BAD_USER_INPUT for what the event itself lacks, naming the argument.
 */
export function step(app: WorkflowFacts, event: WorkflowEvent, at: Date): WorkflowOutcome {
  const from = app.status;
  const status = transition(from, event.kind, decisionFor(app, event.kind));
  const done = (changes: Omit<WorkflowChanges, 'status'>, letters: LetterOut[] = [], endsGrants: string | null = null): WorkflowOutcome => ({
    from,
    changes: { status, ...changes },
    letters,
    endsGrants,
  });
  switch (event.kind) {
    case E.ACKNOWLEDGE:
      return done(
        { acknowledgedAt: at, ...(event.meetingOn ? { meetingOn: event.meetingOn } : {}) },
        [{ kind: LetterKind.CT1, data: { processDueOn: addWorkingDays(at, PROCESS_WORKING_DAYS), ...event.letter } }],
      );
    case E.NOT_PURSUE:
      return done({ notPursuedReason: event.reason, closedAt: at }, [], 'application not pursued');
    case E.DECIDE:
      return decide(from, event, at, done);
    case E.BEGIN_REVIEW:
      return done(
        { reviewStartedAt: at, ...(from === S.APPEALED ? { secondStage: true } : {}), ...(event.meetingOn ? { meetingOn: event.meetingOn } : {}) },
        // The "review activated" letter (Kent App. A (c)): the review, or the second-stage review, begins.
        [{ kind: LetterKind.REVIEW_ACTIVATED, data: { secondStage: from === S.APPEALED || !!app.secondStage }, ifAuthoritySendsIt: true }],
      );
    case E.SEND_OUTCOME: {
      const agreed = event.actions.map((a) => a.trim()).filter(Boolean);
      const leadOfficer = text(event.leadOfficer) || null;
      if (agreed.length && !leadOfficer) throw badInput('A lead officer is required when actions are agreed', 'leadOfficer');
      const review = event.review;
      const meetingHeldOn = review?.meetingHeldOn ? review.meetingHeldOn : undefined;
      const letter: Partial<LetterData> = { actions: agreed, leadOfficer, finalReviewDueOn: agreed.length ? addMonths(at, FINAL_REVIEW_MONTHS) : null };
      // CT4 names the meeting the review held, as the review recorded it; else the one planned.
      if (review) letter.meetingOn = meetingHeldOn ?? app.meetingHeldOn ?? app.meetingOn ?? null;
      return done(
        {
          outcomeSentAt: at,
          agreedActions: agreed,
          leadOfficer,
          ...(review ? { recommendationsMade: Math.max(0, review.recommendationCount ?? 0) } : {}),
          ...(meetingHeldOn ? { meetingHeldOn } : {}),
        },
        [{ kind: LetterKind.CT4, data: letter }],
      );
    }
    case E.START_ACTION_PLAN:
      return done({ actionPlanAt: at });
    case E.START_FINAL_REVIEW:
      return done({ finalReviewAt: at });
    case E.CLOSE: {
      // CT5 after a review (a final review held or not); a decision closed without one sends nothing more.
      const afterReview = from === S.FINAL_REVIEW || from === S.OUTCOME_SENT;
      const letters = afterReview ? [{ kind: LetterKind.CT5, data: { reason: text(event.reason) || null, finalReviewHeld: from === S.FINAL_REVIEW } }] : [];
      return done({ closedAt: at }, letters, 'application closed');
    }
    case E.APPEAL:
      if (!text(event.reason)) throw badInput('The appeal needs the applicant’s grounds', 'reason');
      return done({ appealedAt: at, appealReason: text(event.reason) });
  }
}

/**
 * The threshold decision. Deciding against the latest evaluation (met although the count fell
 * short: the SPOC's discretion for persistence, harm or adequacy of response; or not met although
 * it was reached) needs a reason. Not met sends CT2, met with all action taken CT3.
 */
function decide(
  from: S,
  event: Extract<WorkflowEvent, { kind: E.DECIDE }>,
  at: Date,
  done: (changes: Omit<WorkflowChanges, 'status'>, letters?: LetterOut[]) => WorkflowOutcome,
): WorkflowOutcome {
  const { evaluation, decision, discretion } = event;
  if (!evaluation) throw conflict('Evaluate the threshold before deciding', { status: from });
  const saysMet = decision !== TriggerDecision.THRESHOLD_NOT_MET;
  const why = text(event.reason);
  if (saysMet !== evaluation.met && why.length < 10) {
    throw badInput(
      saysMet
        ? 'Deciding the threshold met when the count fell short uses discretion: give the reasons (persistence, harm or potential harm, adequacy of response)'
        : 'Deciding the threshold not met when the count was reached needs a reason',
      'reason',
    );
  }
  if (discretion?.length && (!saysMet || evaluation.met)) throw badInput('Discretion applies only when deciding met although the count fell short', 'discretion');
  const policyFacts = { policyName: evaluation.policyName, policyVersion: evaluation.policyVersion, counted: evaluation.counted };
  const letters: LetterOut[] = [];
  // CT2 lists every incident of the twelve months before the application and whether each was counted (Kent App. A).
  if (decision === TriggerDecision.THRESHOLD_NOT_MET) letters.push({ kind: LetterKind.CT2, data: { ...policyFacts, incidents: letterIncidents(evaluation, { verdicts: true }), reason: why || null } });
  if (decision === TriggerDecision.MET_ALL_ACTION_TAKEN) letters.push({ kind: LetterKind.CT3, data: { ...policyFacts, incidents: letterIncidents(evaluation), reason: why || null } });
  return done({ decision, decidedAt: at, decisionReason: why || null, discretionGrounds: discretion ?? [] }, letters);
}

/** The ASB categories as a victim reads them. */
const CATEGORY_WORDS: Record<string, string> = { PERSONAL: 'Personal', NUISANCE: 'Nuisance', ENVIRONMENTAL: 'Environmental' };

/**
 * The person's own incidents the evaluation considered (every one of the twelve months before the
 * application), once each (their verdict on the person's route), oldest first, with the actions
 * taken; with `verdicts`, whether each was counted (CT2).
 */
export function letterIncidents(evaluation: ThresholdEvaluation | null, opts: { verdicts?: boolean } = {}): LetterIncident[] {
  if (!evaluation) return [];
  const seen = new Set<string>();
  const own = [...evaluation.items]
    .sort((a, b) => (a.route === b.route ? 0 : a.route === ThresholdRoute.PERSON ? -1 : 1))
    .filter((i) => i.ownIncident && !seen.has(i.incidentId) && seen.add(i.incidentId));
  return own
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))
    .map((i) => ({
      occurredOn: londonDate(new Date(i.occurredAt)),
      agency: i.agencyId,
      sourceRef: i.sourceRef,
      category: CATEGORY_WORDS[i.category] ?? i.category,
      subType: i.subType,
      ...(opts.verdicts ? { verdict: verdictWords(i, evaluation) } : {}),
      actions: i.actions.map((a) => ({ on: londonDate(new Date(a.at)), action: a.action, by: a.by ?? null })),
    }));
}
