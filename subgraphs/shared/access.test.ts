import { describe, expect, it } from 'vitest';
import type { Caller } from '../../platform/auth';
import { AccessDecider, type AccessQuestion, type PolicyDecisionPoint } from './access';
import { DataCategory } from './enums';

/**
 * Opening a request's questions early (`expect`): the decision point is told the people before the
 * records are read, for a query only, once; the first batch is asked on that opening, and an
 * opening never asked is let go when the request settles.
 */
const caller: Caller = { sub: 'r1', agencyId: 'kent-police', roles: ['reviewer'], token: 't' };
const alice = '0a11ce00-0000-4000-8000-000000000001';
const record = { personId: alice, category: DataCategory.INCIDENT_DETAIL, controllerAgencyIds: ['sevenoaks-dc'], field: 'Person.incidents' };

function fakePdp() {
  const calls = { asked: 0, opened: [] as string[][], openedAsks: [] as AccessQuestion[][], cancelled: 0 };
  const answer = (qs: AccessQuestion[]) => ({ answers: qs.map(() => ({ allowed: true, basis: 'grant:g1' })), logged: Promise.resolve() });
  const pdp: PolicyDecisionPoint = async (_actor, qs) => {
    calls.asked++;
    return answer(qs);
  };
  pdp.open = (_actor, people) => {
    calls.opened.push(people);
    return {
      ask: async (qs) => (calls.openedAsks.push(qs), answer(qs)),
      cancel: () => void calls.cancelled++,
    };
  };
  return { pdp, calls };
}

describe('AccessDecider.expect', () => {
  it('opens once for a query, and its first batch is asked on the opening', async () => {
    const { pdp, calls } = fakePdp();
    const d = new AccessDecider(caller, { subgraph: 'incidents' }, pdp);
    d.deferLogs = true; // a query (shared/server.ts accessLogPlugin)
    d.expect([alice]);
    d.expect([alice, 'another']);
    expect(calls.opened).toEqual([[alice]]);
    expect(await d.prefetch([record])).toEqual([true]);
    expect(calls.openedAsks).toHaveLength(1);
    expect(calls.asked).toBe(0);
    // A later batch is asked as usual (the opening is spent).
    expect(await d.prefetch([{ ...record, category: DataCategory.SPECIAL_CATEGORY }])).toEqual([true]);
    expect(calls.asked).toBe(1);
    d.expect([alice]);
    expect(calls.opened).toHaveLength(1);
    expect(await d.settled()).toBe(true);
    expect(calls.cancelled).toBe(0);
  });

  it('never opens for a mutation (its grants may change meanwhile), a service caller, or with the layer bypassed', () => {
    for (const [c, bypass, query] of [
      [caller, false, false],
      [{ ...caller, service: 'triggers' }, false, true],
      [caller, true, true],
    ] as const) {
      const { pdp, calls } = fakePdp();
      const d = new AccessDecider(c, { subgraph: 'incidents' }, pdp, bypass);
      d.deferLogs = query;
      d.expect([alice]);
      expect(calls.opened).toEqual([]);
    }
  });

  it('lets an opening never asked go when the request settles', async () => {
    const { pdp, calls } = fakePdp();
    const d = new AccessDecider(caller, { subgraph: 'incidents' }, pdp);
    d.deferLogs = true;
    d.expect([alice]);
    expect(await d.settled()).toBe(true);
    expect(calls.cancelled).toBe(1);
    expect(calls.asked + calls.openedAsks.length).toBe(0);
  });
});

/**
 * A record's personal fields ask `peekRecord` one after another: the answer is kept per record and
 * category once decided, and never before (a decision still to come must be seen when it comes).
 */
describe('AccessDecider.peekRecord', () => {
  const subjectOf = (r: { personId: string; agencyId: string }) => ({ personId: r.personId, controllerAgencyIds: [r.agencyId] });
  const denyingPdp: PolicyDecisionPoint = async (_actor, qs) => ({
    answers: qs.map((q) => ({ allowed: q.category === DataCategory.INCIDENT_DETAIL, basis: 'grant:g1' })),
    logged: Promise.resolve(),
  });

  it('answers undecided until the decision is taken, then the decision, for each record and category apart', async () => {
    const d = new AccessDecider(caller, { subgraph: 'incidents' }, denyingPdp);
    const a = { personId: alice, agencyId: 'sevenoaks-dc' };
    const b = { personId: 'b0b00000-0000-4000-8000-000000000002', agencyId: 'sevenoaks-dc' };
    expect(d.peekRecord(a, DataCategory.INCIDENT_DETAIL, subjectOf).decision).toBeUndefined();
    expect(d.peekRecord(a, DataCategory.INCIDENT_DETAIL, subjectOf).decision).toBeUndefined();
    await d.prefetch([{ personId: alice, category: DataCategory.INCIDENT_DETAIL, controllerAgencyIds: ['sevenoaks-dc'], field: 'Incident.description' }]);
    expect(d.peekRecord(a, DataCategory.INCIDENT_DETAIL, subjectOf).decision).toMatchObject({ allowed: true });
    // Another category of the same record, and another record, are not the one just answered.
    expect(d.peekRecord(a, DataCategory.SPECIAL_CATEGORY, subjectOf).decision).toBeUndefined();
    expect(d.peekRecord(b, DataCategory.INCIDENT_DETAIL, subjectOf).decision).toBeUndefined();
    await d.prefetch([{ personId: alice, category: DataCategory.SPECIAL_CATEGORY, controllerAgencyIds: ['sevenoaks-dc'], field: 'Person.vulnerabilities' }]);
    expect(d.peekRecord(a, DataCategory.SPECIAL_CATEGORY, subjectOf).decision).toMatchObject({ allowed: false });
    expect(d.peekRecord(a, DataCategory.INCIDENT_DETAIL, subjectOf).decision).toMatchObject({ allowed: true });
    expect(d.peekRecord(b, DataCategory.INCIDENT_DETAIL, subjectOf).decision).toBeUndefined();
  });
});
