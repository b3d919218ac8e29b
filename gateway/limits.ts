import depthLimit from 'graphql-depth-limit';
import { getComplexity, type ComplexityEstimatorArgs } from 'graphql-query-complexity';
import { getNullableType, GraphQLError, isListType, NoFragmentCyclesRule, validate, type ValidationContext, type ValidationRule } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { hubError } from '../subgraphs/shared/errors';

/**
 * Query depth and cost limits, enforced by the gateway before any subgraph is called.
 *
 * Depth: a validation rule (MAX_QUERY_DEPTH). Cost: every field costs 1; a list multiplies what is
 * below it by its `first` argument when given, else by an assumed page of 20 (a connection's
 * `edges` count once: the connection's `first` already multiplied them). Cost needs the
 * operation's variables, so it is checked once the operation is resolved; a query over
 * MAX_QUERY_COST is refused with BAD_USER_INPUT (`extensions.cost`, `extensions.limit`). Mutations
 * are not priced: each bounds its own input.
 */
const ASSUMED_LIST_SIZE = 20;

export function listAwareEstimator({ args, childComplexity, field }: ComplexityEstimatorArgs): number {
  const type = getNullableType(field.type);
  if (typeof args.first === 'number') return 1 + Math.max(args.first, 1) * childComplexity;
  // A Relay connection's edges were already multiplied by the connection's `first`.
  if (field.name === 'edges') return 1 + childComplexity;
  if (isListType(type)) return 1 + ASSUMED_LIST_SIZE * childComplexity;
  return 1 + childComplexity;
}

/**
 * graphql-depth-limit recurses into fragments without guarding against cycles (a stack overflow on
 * `fragment A { ...B } fragment B { ...A }`); such documents are left to graphql's own
 * NoFragmentCycles rule, which refuses them in the same validation pass.
 */
export function depthLimitRule(maxDepth: number): ValidationRule {
  const rule = depthLimit(maxDepth) as ValidationRule;
  return (context: ValidationContext) => {
    if (validate(context.getSchema(), context.getDocument(), [NoFragmentCyclesRule]).length) return {};
    return rule(context);
  };
}

export function costLimitPlugin<T extends object>(maxCost: number): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operationName, operation }) {
          // Reads are priced; a mutation's size is bounded by its own input limits (e.g. 1,000 records
          // a submission), and pricing it would coerce a large payload's variables once more.
          if (operation?.operation === 'mutation') return;
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              operationName: operationName ?? undefined,
              variables: request.variables ?? {},
              estimators: [listAwareEstimator],
            });
          } catch (err) {
            // Pricing coerces the variables first: a bad one is the caller's input error (named, its
            // value dropped, by formatError), not a query too large.
            if (err instanceof GraphQLError && err.message.startsWith('Variable "$')) {
              throw new GraphQLError(err.message, { nodes: err.nodes, extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
            }
            // graphql-query-complexity refuses documents over its own node limit by throwing.
            throw hubError('BAD_USER_INPUT', `Query is too large to run (over the limit of ${maxCost})`, { field: 'query', limit: maxCost }, 400);
          }
          if (cost > maxCost) {
            throw hubError('BAD_USER_INPUT', `Query cost ${cost} exceeds the limit of ${maxCost}`, { field: 'query', cost, limit: maxCost }, 400);
          }
        },
      };
    },
  };
}
