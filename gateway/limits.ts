import depthLimit from 'graphql-depth-limit';
import { createComplexityRule, type ComplexityEstimatorArgs } from 'graphql-query-complexity';
import { getNullableType, isListType, type ValidationRule } from 'graphql';
import { hubError } from '../subgraphs/shared/errors';

/**
 * Query depth and cost limits, enforced by the gateway before any subgraph is called.
 *
 * Cost: every field costs 1; a list multiplies what is below it by its `first` argument when given,
 * else by an assumed page of 20. A query over MAX_QUERY_COST is refused with
 * BAD_USER_INPUT (`extensions.cost`, `extensions.limit`).
 */
const ASSUMED_LIST_SIZE = 20;

export function listAwareEstimator({ args, childComplexity, field }: ComplexityEstimatorArgs): number {
  const type = getNullableType(field.type);
  if (typeof args.first === 'number') return 1 + Math.max(args.first, 1) * childComplexity;
  if (isListType(type)) return 1 + ASSUMED_LIST_SIZE * childComplexity;
  return 1 + childComplexity;
}

export function queryLimits(maxDepth: number, maxCost: number): ValidationRule[] {
  return [
    depthLimit(maxDepth) as ValidationRule,
    createComplexityRule({
      maximumComplexity: maxCost,
      estimators: [listAwareEstimator],
      createError: (max, actual) =>
        hubError('BAD_USER_INPUT', `Query cost ${actual} exceeds the limit of ${max}`, { field: 'query', cost: actual, limit: max }),
    }) as ValidationRule,
  ];
}
