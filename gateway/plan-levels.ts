/**
 * Query plans with their levels aligned (gateway/index.ts, when entity fetches are merged).
 *
 * `@apollo/gateway`'s planner gives each root field's follow-up fetches a Sequence of its own inside
 * a Parallel: the policies' authorities wait only for the triggers root fetch, a case review's panel
 * and chair only for the reviews root fetch. So two entity fetches to the same subgraph (consent)
 * start at different times and `gateway/entity-batch.ts` cannot merge them. Rewritten as a Sequence
 * of Parallel levels (every branch's first step, then every branch's second step, …; the shape Hive
 * Router's planner gives), the entity fetches of one level start together and are sent as one
 * request whatever the timing. The cost: a later step of one branch waits for the slowest earlier
 * step of every branch. Order within a branch is kept (a mutation's fields stay in sequence); nodes
 * other than Sequence and Parallel (Fetch, Flatten, Condition, …) are kept whole.
 */

/** The structural part of `@apollo/query-planner`'s plan nodes that this rewrite reads. */
export interface PlanNodeLike {
  kind: string;
  nodes?: PlanNodeLike[];
}

export interface QueryPlanLike {
  kind: 'QueryPlan';
  node?: PlanNodeLike;
}

/** The node's steps: each level's nodes may run together once every earlier level has finished. */
function levels(node: PlanNodeLike): PlanNodeLike[][] {
  if (node.kind === 'Sequence' && node.nodes) return node.nodes.flatMap(levels);
  if (node.kind === 'Parallel' && node.nodes) {
    const out: PlanNodeLike[][] = [];
    for (const child of node.nodes) {
      levels(child).forEach((level, i) => (out[i] ??= []).push(...level));
    }
    return out;
  }
  return [[node]];
}

/** `node` as a Sequence of Parallel levels (a single level or node is left as is). */
export function alignLevels<N extends PlanNodeLike>(node: N): N {
  if (node.kind !== 'Sequence' && node.kind !== 'Parallel') return node;
  const steps = levels(node).map((level) => (level.length === 1 ? level[0] : { kind: 'Parallel', nodes: level }));
  return (steps.length === 1 ? steps[0] : { kind: 'Sequence', nodes: steps }) as N;
}

export function alignPlan<P extends QueryPlanLike>(plan: P): P {
  return plan.node ? { ...plan, node: alignLevels(plan.node) } : plan;
}

interface Planner {
  buildQueryPlan(...args: never[]): QueryPlanLike;
}

/**
 * Makes every plan `gateway` builds aligned. `@apollo/gateway` creates its planner on each schema
 * load (a private field), so the field is intercepted and each new planner's `buildQueryPlan`
 * wrapped; the plans are cached by the gateway after this, so the rewrite runs once a plan.
 */
export function alignGatewayPlans(gateway: object): void {
  let planner: Planner | undefined = (gateway as { queryPlanner?: Planner }).queryPlanner;
  const wrap = (p: Planner | undefined) => {
    if (!p) return p;
    const build = p.buildQueryPlan.bind(p) as (...args: unknown[]) => QueryPlanLike;
    p.buildQueryPlan = ((...args: unknown[]) => alignPlan(build(...args))) as Planner['buildQueryPlan'];
    return p;
  };
  planner = wrap(planner);
  Object.defineProperty(gateway, 'queryPlanner', {
    configurable: true,
    enumerable: true,
    get: () => planner,
    set: (p: Planner | undefined) => {
      planner = wrap(p);
    },
  });
}
