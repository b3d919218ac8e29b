import depthLimit from 'graphql-depth-limit';
import { getComplexity, type ComplexityEstimatorArgs } from 'graphql-query-complexity';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  getNullableType,
  getVariableValues,
  GraphQLError,
  isListType,
  Kind,
  NoFragmentCyclesRule,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationContext,
  type ValidationRule,
  type VariableDefinitionNode,
} from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { hubError } from '../platform/errors';

/**
 * Query limits, enforced by the gateway before any subgraph is called. Each refusal says which
 * limit was passed; a query that passes none but has a wrong variable gets that variable's own error.
 *
 * - Tokens (MAX_QUERY_TOKENS): graphql-js's own parser option, set on the server (gateway/index.ts);
 *   a longer document is GRAPHQL_PARSE_FAILED before it is even parsed whole.
 * - Depth (MAX_QUERY_DEPTH): a validation rule, GRAPHQL_VALIDATION_FAILED.
 * - Aliases and directives (MAX_QUERY_ALIASES, MAX_QUERY_DIRECTIVES), counted by graphql-armor's
 *   rules, and cost (MAX_QUERY_COST): checked once the operation is resolved, BAD_USER_INPUT with
 *   `extensions.field: "query"`, `extensions.limit` and what was counted.
 *
 * Cost: every field costs 1; a list multiplies what is below it by its `first` argument when given,
 * else by an assumed page of 20 (a connection's `edges` count once: the connection's `first`
 * already multiplied them). Mutations are not priced: each bounds its own input.
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

export interface QueryLimits {
  maxCost: number;
  maxAliases: number;
  maxDirectives: number;
  /** graphql-query-complexity's own bound on the nodes it visits (its default: 10,000). */
  maxNodes?: number;
}

/**
 * The variables as the operation declares them. A wrong one (`first: "ten"`, an enum value that
 * does not exist) is refused here with graphql-js's own message; the server's error formatter
 * names the variable and field and drops the value (platform/apollo.ts, formatVariableError).
 */
function checkVariables(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Record<string, unknown>) {
  const { errors } = getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 1 });
  if (!errors?.length) return;
  const definition = errors[0].nodes?.find((n): n is VariableDefinitionNode => n.kind === Kind.VARIABLE_DEFINITION);
  const field = definition?.variable.name.value;
  throw new GraphQLError(errors[0].message, { extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}), http: { status: 400 } } });
}

/** Counts with graphql-armor's rules, which report the count through their onReject/onAccept hooks. */
type ArmorRule = (options: { n: number; exposeLimits: boolean; propagateOnRejection: boolean; onAccept: unknown[]; onReject: unknown[] }) => ValidationRule;

function countWith(schema: GraphQLSchema, document: DocumentNode, rule: ArmorRule, n: number): number | undefined {
  let over: number | undefined;
  const accept = () => undefined;
  const reject = (_ctx: ValidationContext | null, err: GraphQLError) => {
    over = Number(/found (\d+)/.exec(err.message)?.[1] ?? n + 1);
  };
  validate(schema, document, [rule({ n, exposeLimits: true, propagateOnRejection: false, onAccept: [accept], onReject: [reject] })]);
  return over;
}

/** What was counted of a document (Apollo Server hands the same parsed document for the same query text). */
interface Counted {
  aliases?: number;
  directives?: number;
  /** Costs within the limit, by operation name and variables (a bounded few). */
  costs: Map<string, number>;
}
const MAX_COSTS_PER_DOCUMENT = 64;

export function queryLimitsPlugin<T extends object>(limits: QueryLimits): ApolloServerPlugin<T> {
  const { maxCost, maxAliases, maxDirectives, maxNodes = 10_000 } = limits;
  // Counting walks the whole document (twice with validate, once more to price it): done once per
  // document, not per request; a document over a limit is refused before it is remembered.
  const counted = new WeakMap<DocumentNode, Counted>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operationName, operation }) {
          if (!operation) return;
          const known = counted.get(document);
          // (Mutations are not priced: their variables, possibly a large submission, are not keyed.)
          const costKey = operation.operation === 'mutation' ? '' : JSON.stringify([operationName ?? null, request.variables ?? {}]);
          // Priced before with these very variables: they were valid and the cost within the limit.
          if (costKey && known?.costs.has(costKey)) return;
          const aliases = known ? undefined : countWith(schema, document, maxAliasesRule as ArmorRule, maxAliases);
          if (aliases !== undefined) {
            throw hubError('BAD_USER_INPUT', `Query has ${aliases} aliases, over the limit of ${maxAliases}`, { field: 'query', aliases, limit: maxAliases }, 400);
          }
          const directives = known ? undefined : countWith(schema, document, maxDirectivesRule as ArmorRule, maxDirectives);
          if (directives !== undefined) {
            throw hubError('BAD_USER_INPUT', `Query has ${directives} directives, over the limit of ${maxDirectives}`, { field: 'query', directives, limit: maxDirectives }, 400);
          }
          // Reads are priced; a mutation's size is bounded by its own input limits (e.g. 1,000 records
          // a submission), and pricing it would coerce a large payload's variables once more (the
          // gateway's own variable check still answers a wrong one).
          const entry = known ?? { costs: new Map<string, number>() };
          if (!known) counted.set(document, entry);
          if (operation.operation === 'mutation') return;
          checkVariables(schema, operation, request.variables ?? {});
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              operationName: operationName ?? undefined,
              variables: request.variables ?? {},
              estimators: [listAwareEstimator],
              maxQueryNodes: maxNodes,
            });
          } catch (err) {
            // Pricing coerces the variables first: a bad one is the caller's input error (named, its
            // value dropped, by formatError), not a query too large.
            if (err instanceof GraphQLError && err.message.startsWith('Variable "$')) {
              throw new GraphQLError(err.message, { nodes: err.nodes, extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
            }
            // graphql-query-complexity stops counting past its node limit by throwing; anything else
            // is not a size problem and keeps its own error.
            if (err instanceof GraphQLError && /maximum allowed number of nodes/.test(err.message)) {
              throw hubError('BAD_USER_INPUT', `Query has over ${maxNodes} fields, more than can be priced (cost limit ${maxCost})`, { field: 'query', nodes: maxNodes, limit: maxCost }, 400);
            }
            throw err;
          }
          if (cost > maxCost) {
            throw hubError('BAD_USER_INPUT', `Query cost ${cost} exceeds the limit of ${maxCost}`, { field: 'query', cost, limit: maxCost }, 400);
          }
          if (entry.costs.size < MAX_COSTS_PER_DOCUMENT) entry.costs.set(costKey, cost);
        },
      };
    },
  };
}
