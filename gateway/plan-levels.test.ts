import { describe, expect, it } from 'vitest';
import { alignGatewayPlans, alignLevels, alignPlan, type PlanNodeLike } from './plan-levels';

const fetch = (name: string) => ({ kind: 'Fetch', serviceName: name });
const flatten = (name: string) => ({ kind: 'Flatten', path: [name], node: fetch(name) });
const seq = (...nodes: PlanNodeLike[]) => ({ kind: 'Sequence', nodes });
const par = (...nodes: PlanNodeLike[]) => ({ kind: 'Parallel', nodes });

describe('plans in aligned levels', () => {
  it('runs every branch’s n-th step together, the shape of the gateway-bound query', () => {
    const plan = par(fetch('agencies'), seq(fetch('policies'), flatten('authority')), seq(fetch('reviews'), par(flatten('panel'), flatten('chair'), flatten('application'))), fetch('statistics'));
    expect(alignLevels(plan)).toEqual(
      seq(par(fetch('agencies'), fetch('policies'), fetch('reviews'), fetch('statistics')), par(flatten('authority'), flatten('panel'), flatten('chair'), flatten('application'))),
    );
  });

  it('keeps the order within a branch, however deep', () => {
    const plan = seq(fetch('a'), par(seq(fetch('b'), fetch('c'), fetch('d')), fetch('e')), fetch('f'));
    expect(alignLevels(plan)).toEqual(seq(fetch('a'), par(fetch('b'), fetch('e')), fetch('c'), fetch('d'), fetch('f')));
  });

  it('leaves a mutation’s sequence, a single fetch and other nodes as they are', () => {
    expect(alignLevels(seq(fetch('m1'), fetch('m2')))).toEqual(seq(fetch('m1'), fetch('m2')));
    expect(alignLevels(fetch('a'))).toEqual(fetch('a'));
    const condition = { kind: 'Condition', condition: 'x', ifClause: seq(fetch('a'), fetch('b')) };
    expect(alignLevels(par(condition, seq(fetch('c'), flatten('d'))))).toEqual(seq(par(condition, fetch('c')), flatten('d')));
    expect(alignPlan({ kind: 'QueryPlan' })).toEqual({ kind: 'QueryPlan' });
  });

  it('wraps every planner the gateway creates, the first and the ones after a schema update', () => {
    const planner = () => ({ buildQueryPlan: () => ({ kind: 'QueryPlan' as const, node: par(seq(fetch('a'), flatten('b')), seq(fetch('c'), flatten('d'))) }) });
    const gateway: { queryPlanner?: ReturnType<typeof planner> } = { queryPlanner: planner() };
    alignGatewayPlans(gateway);
    const aligned = { kind: 'QueryPlan', node: seq(par(fetch('a'), fetch('c')), par(flatten('b'), flatten('d'))) };
    expect(gateway.queryPlanner!.buildQueryPlan()).toEqual(aligned);
    gateway.queryPlanner = planner();
    expect(gateway.queryPlanner.buildQueryPlan()).toEqual(aligned);
  });
});
