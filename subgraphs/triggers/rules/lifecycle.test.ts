import { describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { TriggerDecision as D } from '../../shared/enums';
import { ApplicationStatus as S } from '../entities/status';
import { LifecycleEvent as E, nextStatus, transition } from './lifecycle';

/**
 * Every (state, event, decision) combination: the allowed ones are listed here, by hand, from
 * docs/design.md; every other combination must be refused with CONFLICT.
 */
const ANY = [null, D.THRESHOLD_MET, D.THRESHOLD_NOT_MET, D.MET_ALL_ACTION_TAKEN];
const allowed: Array<[S, E, (D | null)[], S]> = [
  [S.RECEIVED, E.ACKNOWLEDGE, ANY, S.ACKNOWLEDGED],
  [S.RECEIVED, E.NOT_PURSUE, ANY, S.NOT_PURSUED],
  [S.ACKNOWLEDGED, E.NOT_PURSUE, ANY, S.NOT_PURSUED],
  [S.ACKNOWLEDGED, E.DECIDE, ANY, S.DECIDED],
  [S.DECIDED, E.BEGIN_REVIEW, [D.THRESHOLD_MET], S.IN_REVIEW],
  [S.DECIDED, E.CLOSE, [D.THRESHOLD_NOT_MET, D.MET_ALL_ACTION_TAKEN], S.CLOSED],
  [S.DECIDED, E.APPEAL, [D.THRESHOLD_NOT_MET, D.MET_ALL_ACTION_TAKEN], S.APPEALED],
  [S.APPEALED, E.BEGIN_REVIEW, ANY, S.IN_REVIEW],
  [S.IN_REVIEW, E.SEND_OUTCOME, ANY, S.OUTCOME_SENT],
  [S.OUTCOME_SENT, E.START_ACTION_PLAN, ANY, S.ACTION_PLAN],
  [S.OUTCOME_SENT, E.APPEAL, ANY, S.APPEALED],
  [S.OUTCOME_SENT, E.CLOSE, ANY, S.CLOSED],
  [S.ACTION_PLAN, E.START_FINAL_REVIEW, ANY, S.FINAL_REVIEW],
  [S.FINAL_REVIEW, E.CLOSE, ANY, S.CLOSED],
];

const expected = (s: S, e: E, d: D | null): S | null => allowed.find(([from, ev, ds]) => from === s && ev === e && ds.includes(d))?.[3] ?? null;

const cases: Array<[S, E, D | null, S | null]> = [];
for (const s of Object.values(S)) for (const e of Object.values(E)) for (const d of ANY) cases.push([s, e, d, expected(s, e, d)]);

describe('lifecycle: every allowed transition', () => {
  it.each(cases.filter((c) => c[3] !== null))('%s --%s (%s)--> %s', (s, e, d, to) => {
    expect(transition(s, e, d)).toBe(to);
  });
});

describe('lifecycle: every refused transition is CONFLICT', () => {
  it.each(cases.filter((c) => c[3] === null))('%s --%s (%s)--> CONFLICT', (s, e, d) => {
    expect(nextStatus(s, e, d)).toBeNull();
    let thrown: unknown;
    try {
      transition(s, e, d);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(GraphQLError);
    expect((thrown as GraphQLError).extensions).toMatchObject({ code: 'CONFLICT', status: s, event: e });
  });

  it('covers the whole grid', () => {
    expect(cases).toHaveLength(Object.values(S).length * Object.values(E).length * ANY.length);
    expect(cases.filter((c) => c[3] !== null).length).toBeGreaterThan(20);
  });

  it('CLOSED and NOT_PURSUED are terminal', () => {
    for (const e of Object.values(E)) for (const d of ANY) {
      expect(nextStatus(S.CLOSED, e, d)).toBeNull();
      expect(nextStatus(S.NOT_PURSUED, e, d)).toBeNull();
    }
  });
});
