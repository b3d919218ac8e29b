import { describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { TriggerDecision as D } from '../../shared/enums';
import { ApplicationStatus as S } from '../entities/status';
import { DiscretionGround, NotPursuedReason } from '../entities/TriggerApplication';
import type { ThresholdEvaluation } from '../entities/ThresholdEvaluation';
import { IncidentVerdict, ThresholdRoute } from './threshold';
import { LetterKind } from '../letters/render';
import { LifecycleEvent as E } from './lifecycle';
import { allows, letterIncidents, step, type WorkflowEvent, type WorkflowFacts } from './workflow';

/** The application's workflow: event in, new state and letters out (no database). */
const at = new Date('2026-03-02T10:00:00Z');
const app = (status: S, more: Partial<WorkflowFacts> = {}): WorkflowFacts => ({ status, decision: null, meetingOn: null, meetingHeldOn: null, secondStage: false, ...more });

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(GraphQLError);
    return { message: (err as GraphQLError).message, ...(err as GraphQLError).extensions };
  }
  throw new Error('expected a refusal');
};

const evaluation = (met: boolean): ThresholdEvaluation =>
  ({
    met,
    policyName: 'Sevenoaks',
    policyVersion: 2,
    counted: met ? 3 : 1,
    items: [
      { incidentId: 'i2', route: ThresholdRoute.PERSON, verdict: IncidentVerdict.COUNTED, ownIncident: true, agencyId: 'kent-police', sourceRef: 'B', category: 'NUISANCE', subType: null, occurredAt: '2026-02-10T12:00:00Z', actions: [] },
      { incidentId: 'i1', route: ThresholdRoute.PERSON, verdict: IncidentVerdict.COUNTED, ownIncident: true, agencyId: 'sevenoaks-dc', sourceRef: 'A', category: 'PERSONAL', subType: 'Noise', occurredAt: '2026-01-05T12:00:00Z', actions: [{ at: '2026-01-06T09:00:00Z', action: 'Warning letter', by: null }] },
      { incidentId: 'x', route: ThresholdRoute.PERSON, verdict: IncidentVerdict.COUNTED, ownIncident: false, agencyId: 'kent-police', sourceRef: 'C', category: 'NUISANCE', subType: null, occurredAt: '2026-01-01T12:00:00Z', actions: [] },
    ],
  }) as unknown as ThresholdEvaluation;

describe('step', () => {
  it('refuses what the state machine refuses with CONFLICT, before looking at the event', () => {
    expect(refusal(() => step(app(S.RECEIVED), { kind: E.SEND_OUTCOME, actions: ['Visit'], leadOfficer: null }, at))).toMatchObject({ code: 'CONFLICT', status: S.RECEIVED, event: E.SEND_OUTCOME });
    expect(refusal(() => step(app(S.RECEIVED), { kind: E.DECIDE, decision: D.THRESHOLD_MET, reason: null, discretion: null, evaluation: null }, at))).toMatchObject({ code: 'CONFLICT', event: E.DECIDE });
  });

  it('names the decision in a refusal from DECIDED only for the steps after the decision', () => {
    const decided = app(S.DECIDED, { decision: D.THRESHOLD_MET });
    expect(refusal(() => step(decided, { kind: E.NOT_PURSUE, reason: NotPursuedReason.OTHER }, at)).message).toBe('NOT_PURSUE is not allowed while the application is DECIDED');
    expect(refusal(() => step(decided, { kind: E.CLOSE, reason: null }, at)).message).toBe('CLOSE is not allowed while the application is DECIDED (THRESHOLD_MET)');
  });

  it('acknowledges with CT1, the process due 25 working days on, and the meeting date when given', () => {
    const out = step(app(S.RECEIVED), { kind: E.ACKNOWLEDGE, meetingOn: '2026-03-20', letter: { applicantLink: 'https://x' } }, at);
    expect(out.changes).toEqual({ status: S.ACKNOWLEDGED, acknowledgedAt: at, meetingOn: '2026-03-20' });
    expect(out.letters).toEqual([{ kind: LetterKind.CT1, data: { processDueOn: '2026-04-08', applicantLink: 'https://x' } }]);
    expect(step(app(S.RECEIVED), { kind: E.ACKNOWLEDGE, meetingOn: null }, at).changes).not.toHaveProperty('meetingOn');
  });

  it('is not pursued, closing, and ends the grants', () => {
    const out = step(app(S.ACKNOWLEDGED), { kind: E.NOT_PURSUE, reason: NotPursuedReason.CONSENT_WITHDRAWN }, at);
    expect(out).toEqual({ from: S.ACKNOWLEDGED, changes: { status: S.NOT_PURSUED, notPursuedReason: NotPursuedReason.CONSENT_WITHDRAWN, closedAt: at }, letters: [], endsGrants: 'application not pursued' });
  });

  describe('the decision', () => {
    const decide = (e: Partial<Extract<WorkflowEvent, { kind: E.DECIDE }>>) =>
      step(app(S.ACKNOWLEDGED), { kind: E.DECIDE, decision: D.THRESHOLD_MET, reason: null, discretion: null, evaluation: evaluation(true), ...e }, at);

    it('needs an evaluation', () => {
      expect(refusal(() => decide({ evaluation: null }))).toMatchObject({ code: 'CONFLICT', message: 'Evaluate the threshold before deciding', status: S.ACKNOWLEDGED });
    });
    it('needs a reason against the evaluation, either way', () => {
      expect(refusal(() => decide({ evaluation: evaluation(false), reason: 'short' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
      expect(refusal(() => decide({ decision: D.THRESHOLD_NOT_MET, reason: '  ' })).message).toBe('Deciding the threshold not met when the count was reached needs a reason');
      expect(decide({ evaluation: evaluation(false), reason: ' Persistent harm to a vulnerable victim ', discretion: [DiscretionGround.HARM] }).changes).toMatchObject({
        decisionReason: 'Persistent harm to a vulnerable victim',
        discretionGrounds: [DiscretionGround.HARM],
      });
    });
    it('takes discretion only when deciding met although the count fell short', () => {
      expect(refusal(() => decide({ discretion: [DiscretionGround.HARM] }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'discretion' });
    });
    it('sends no letter when met, CT2 with the verdicts when not met, CT3 when all action was taken', () => {
      const met = decide({});
      expect(met.changes).toEqual({ status: S.DECIDED, decision: D.THRESHOLD_MET, decidedAt: at, decisionReason: null, discretionGrounds: [] });
      expect(met.letters).toEqual([]);
      const notMet = decide({ decision: D.THRESHOLD_NOT_MET, evaluation: evaluation(false) });
      expect(notMet.letters.map((l) => l.kind)).toEqual([LetterKind.CT2]);
      expect(notMet.letters[0].data).toMatchObject({ policyName: 'Sevenoaks', policyVersion: 2, counted: 1, reason: null });
      expect(notMet.letters[0].data.incidents!.every((i) => 'verdict' in i)).toBe(true);
      const allDone = decide({ decision: D.MET_ALL_ACTION_TAKEN, reason: 'All agencies acted' });
      expect(allDone.letters.map((l) => l.kind)).toEqual([LetterKind.CT3]);
      expect(allDone.letters[0].data.incidents!.some((i) => 'verdict' in i)).toBe(false);
    });
  });

  it('begins the review with the activation letter where the authority sends one; after an appeal, as the second stage', () => {
    const first = step(app(S.DECIDED, { decision: D.THRESHOLD_MET }), { kind: E.BEGIN_REVIEW, meetingOn: '2026-03-10' }, at);
    expect(first.changes).toEqual({ status: S.IN_REVIEW, reviewStartedAt: at, meetingOn: '2026-03-10' });
    expect(first.letters).toEqual([{ kind: LetterKind.REVIEW_ACTIVATED, data: { secondStage: false }, ifAuthoritySendsIt: true }]);
    const second = step(app(S.APPEALED, { decision: D.THRESHOLD_NOT_MET }), { kind: E.BEGIN_REVIEW }, at);
    expect(second.changes).toEqual({ status: S.IN_REVIEW, reviewStartedAt: at, secondStage: true });
    expect(second.letters[0].data).toEqual({ secondStage: true });
  });

  describe('the outcome (CT4)', () => {
    const inReview = app(S.IN_REVIEW, { meetingOn: '2026-03-10', meetingHeldOn: '2026-03-01' });

    it('needs a lead officer when actions are agreed', () => {
      expect(refusal(() => step(inReview, { kind: E.SEND_OUTCOME, actions: ['Joint visit'], leadOfficer: '  ' }, at))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'leadOfficer',
        message: 'A lead officer is required when actions are agreed',
      });
    });
    it('records the actions agreed (blank ones dropped) and the final review due six months on', () => {
      const out = step(inReview, { kind: E.SEND_OUTCOME, actions: [' Joint visit ', ' '], leadOfficer: ' PC Smith ' }, at);
      expect(out.changes).toEqual({ status: S.OUTCOME_SENT, outcomeSentAt: at, agreedActions: ['Joint visit'], leadOfficer: 'PC Smith' });
      expect(out.letters).toEqual([{ kind: LetterKind.CT4, data: { actions: ['Joint visit'], leadOfficer: 'PC Smith', finalReviewDueOn: '2026-09-02' } }]);
      expect(step(inReview, { kind: E.SEND_OUTCOME, actions: [], leadOfficer: null }, at).letters[0].data).toEqual({ actions: [], leadOfficer: null, finalReviewDueOn: null });
    });
    it('from a review: the day the panel met (named in CT4) and the recommendations made', () => {
      const out = step(inReview, { kind: E.SEND_OUTCOME, actions: [], leadOfficer: null, review: { meetingHeldOn: '2026-03-02', recommendationCount: -1 } }, at);
      expect(out.changes).toMatchObject({ meetingHeldOn: '2026-03-02', recommendationsMade: 0 });
      expect(out.letters[0].data.meetingOn).toBe('2026-03-02');
      const unheld = step(inReview, { kind: E.SEND_OUTCOME, actions: [], leadOfficer: null, review: { meetingHeldOn: null, recommendationCount: 2 } }, at);
      expect(unheld.changes).not.toHaveProperty('meetingHeldOn');
      expect(unheld.changes.recommendationsMade).toBe(2);
      expect(unheld.letters[0].data.meetingOn).toBe('2026-03-01');
    });
  });

  it('starts the action plan and its final review', () => {
    expect(step(app(S.OUTCOME_SENT), { kind: E.START_ACTION_PLAN }, at).changes).toEqual({ status: S.ACTION_PLAN, actionPlanAt: at });
    expect(step(app(S.ACTION_PLAN), { kind: E.START_FINAL_REVIEW }, at).changes).toEqual({ status: S.FINAL_REVIEW, finalReviewAt: at });
  });

  it('closes with CT5 after a review (saying whether a final review was held), without after a decision; the grants end', () => {
    const afterFinal = step(app(S.FINAL_REVIEW), { kind: E.CLOSE, reason: ' Done ' }, at);
    expect(afterFinal.letters).toEqual([{ kind: LetterKind.CT5, data: { reason: 'Done', finalReviewHeld: true } }]);
    expect(afterFinal.endsGrants).toBe('application closed');
    expect(step(app(S.OUTCOME_SENT), { kind: E.CLOSE, reason: null }, at).letters).toEqual([{ kind: LetterKind.CT5, data: { reason: null, finalReviewHeld: false } }]);
    const decided = step(app(S.DECIDED, { decision: D.THRESHOLD_NOT_MET }), { kind: E.CLOSE, reason: null }, at);
    expect(decided).toMatchObject({ changes: { status: S.CLOSED, closedAt: at }, letters: [], endsGrants: 'application closed' });
  });

  it('takes an appeal only with the applicant’s grounds', () => {
    expect(refusal(() => step(app(S.OUTCOME_SENT), { kind: E.APPEAL, reason: ' ' }, at))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason', message: 'The appeal needs the applicant’s grounds' });
    expect(step(app(S.OUTCOME_SENT), { kind: E.APPEAL, reason: ' Nothing changed ' }, at).changes).toEqual({ status: S.APPEALED, appealedAt: at, appealReason: 'Nothing changed' });
  });
});

describe('allows', () => {
  it('says whether the step applies, as the state machine and the recorded decision allow', () => {
    expect(allows(app(S.DECIDED, { decision: D.THRESHOLD_MET }), E.BEGIN_REVIEW)).toBe(true);
    expect(allows(app(S.DECIDED, { decision: D.THRESHOLD_NOT_MET }), E.BEGIN_REVIEW)).toBe(false);
    expect(allows(app(S.IN_REVIEW), E.BEGIN_REVIEW)).toBe(false);
  });
});

describe('letterIncidents', () => {
  it('lists the person’s own incidents once, oldest first, with the actions taken', () => {
    const list = letterIncidents(evaluation(true));
    expect(list.map((i) => i.sourceRef)).toEqual(['A', 'B']);
    expect(list[0]).toMatchObject({ occurredOn: '2026-01-05', agency: 'sevenoaks-dc', category: 'Personal', subType: 'Noise', actions: [{ on: '2026-01-06', action: 'Warning letter', by: null }] });
    expect(letterIncidents(null)).toEqual([]);
  });
});
