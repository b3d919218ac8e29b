import { allow, deny, rule, shield, type IRules } from 'graphql-shield';
import type { GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import type { Role } from './auth';
import type { HubContext } from './context';
import { DataCategory } from './enums';
import { forbidden, withheld } from './errors';
import { logger } from './logger';

/**
 * graphql-shield building blocks shared by every subgraph's `rules/`.
 *
 * Deny by default: `subgraphShield` sets `fallbackRule: deny`, so a field without a rule is refused,
 * and `test/every-field-guarded` fails when any field is left to the fallback. Rules return an
 * Error instead of `false` so that the caller learns why. No `not()` anywhere: it fails open.
 */
export const denyAll = deny;

/**
 * A non-personal scalar or enum of an object that can only be obtained through a guarded field:
 * a root field, an object-valued field, or `_entities` (guarded per __typename by `entitiesByType`).
 * The check happened on the way in, so the field is served as is (graphql-shield does not wrap it;
 * see `applyPermissions`). test/permissions-coverage.test.ts refuses `leaf` on any object-valued
 * field, so every edge to an object keeps its own rule. Personal fields never use it.
 */
export const leaf = allow;

/** Any authenticated user (or service) may reach the type by reference. */
export const ANY_USER = 'any-user' as const;

/**
 * Guards `_entities` by the types asked for: each __typename must be listed with the roles that
 * may obtain it by reference. A request for an unlisted type is refused. Service credentials pass.
 */
export function entitiesByType(byType: Record<string, Role[] | typeof ANY_USER>) {
  return rule('entities-by-type', { cache: 'no_cache' })((_parent, args: { representations?: Array<{ __typename?: string }> }, ctx: HubContext) => {
    if (ctx.caller.service) return true;
    for (const typename of new Set((args.representations ?? []).map((r) => r.__typename ?? ''))) {
      const roles = byType[typename];
      if (!roles) return forbidden(`${typename || 'That type'} cannot be resolved by reference here`);
      if (roles !== ANY_USER && !ctx.caller.roles.some((r) => roles.includes(r))) return forbidden(`Requires one of the roles: ${roles.join(', ')} (${typename})`);
    }
    return true;
  });
}

// One rule instance per role set: graphql-shield refuses two different rules with the same name.
type ShieldRule = ReturnType<ReturnType<typeof rule>>;
const roleRules = new Map<string, ShieldRule>();
export function hasRole(...roles: Role[]): ShieldRule {
  const name = `role:${[...roles].sort().join('|')}`;
  let r = roleRules.get(name);
  if (!r) {
    r = rule(name, { cache: 'contextual' })((_parent, _args, ctx: HubContext) =>
      ctx.caller.roles.some((role) => roles.includes(role)) ? true : forbidden(`Requires one of the roles: ${roles.join(', ')}`),
    );
    roleRules.set(name, r);
  }
  return r!;
}

/** Another subgraph of the hub, presenting the service credential. */
export const isService = rule('service', { cache: 'contextual' })((_parent, _args, ctx: HubContext) =>
  ctx.caller.service ? true : forbidden('Requires a service credential'),
);

/** Any authenticated person or system (a user token, not a service credential). */
export const isUser = rule('user', { cache: 'contextual' })((_parent, _args, ctx: HubContext) =>
  !ctx.caller.service && ctx.caller.roles.length > 0 ? true : forbidden('Requires a user token'),
);

export interface PersonalSubject {
  /** The data subject; null when the record names nobody (then there is nothing personal). */
  personId: string | null | undefined;
  controllerAgencyIds: string[];
}

/**
 * Guards a personal field: allowed when the caller's agency controls the record, or when the
 * policy decision point allows (grant or consent). Withheld otherwise: null plus FORBIDDEN naming
 * the category, while the rest of the response still arrives. `roles` (when given) must include one
 * of the caller's roles first.
 *
 * Cheap on long lists: graphql-shield caches the result per request under a key of person,
 * controllers and field (STACK-NOTES: a custom key, not `contextual` or `strict`), so 200 incidents
 * of one person from three agencies cost three decisions per field, not 200.
 */
let personalRules = 0;
export function personal<P>(category: DataCategory, subjectOf: (parent: P) => PersonalSubject, opts: { roles?: Role[] } = {}) {
  const roles = opts.roles;
  return rule(`personal:${category}:${++personalRules}`, {
    cache: (parent: P, _args: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
      const s = subjectOf(parent);
      return `${s.personId ?? '-'}|${s.controllerAgencyIds.join(',')}|${info.parentType.name}.${info.fieldName}`;
    },
  })(async (parent: P, _args, ctx: HubContext, info: GraphQLResolveInfo) => {
    if (roles && !ctx.caller.roles.some((r) => roles.includes(r))) return forbidden(`Requires one of the roles: ${roles.join(', ')}`);
    const field = `${info.parentType.name}.${info.fieldName}`;
    if (ctx.caller.roles.length > 0 && ctx.caller.roles.every((r) => r === 'analyst')) return withheld(category, info.parentType.name, info.fieldName);
    const subject = subjectOf(parent);
    if (!subject.personId) {
      // Not about an identified person: only the controlling agencies see it.
      return subject.controllerAgencyIds.includes(ctx.caller.agencyId) ? true : withheld(category, info.parentType.name, info.fieldName);
    }
    try {
      const decision = await ctx.access.decide({
        personId: subject.personId,
        category,
        controllerAgencyIds: subject.controllerAgencyIds,
        field,
        operation: ctx.clientOperation ?? `${info.operation.operation} ${info.operation.name?.value ?? '(anonymous)'}`,
      });
      return decision.allowed ? true : withheld(category, info.parentType.name, info.fieldName);
    } catch (err) {
      // The policy decision point could not answer: fail closed, and say so in the log.
      logger.error({ err, field, requestId: ctx.requestId }, 'access decision failed; field withheld');
      return withheld(category, info.parentType.name, info.fieldName, 'decision-unavailable');
    }
  });
}

/** Federation's SDL field is structural (and needs a valid token like everything else). `_entities` is each subgraph's to guard. */
const federationRules: IRules = {
  Query: { _service: allow },
  _Service: { sdl: allow },
};

export type RuleTree = Record<string, Record<string, unknown>>;

/**
 * Applies a subgraph's rule tree with graphql-shield, leaving `leaf` fields unwrapped: graphql-shield
 * wraps every field in async middleware (≈ 25 µs each here), which dominated long lists; a field
 * whose rule is `allow` gains nothing from the wrapper.
 */
export function applyPermissions(schema: GraphQLSchema, rules: RuleTree): GraphQLSchema {
  const generated = subgraphShield(rules).generate(schema) as Record<string, Record<string, unknown>>;
  const merged = withFederationRules(rules);
  for (const [typeName, fields] of Object.entries(generated)) {
    const typeRules = (merged[typeName] ?? {}) as Record<string, unknown>;
    for (const field of Object.keys(fields)) {
      const r = field in typeRules ? typeRules[field] : typeRules['*'];
      if (r === leaf) delete fields[field];
    }
  }
  return applyMiddleware(schema, generated);
}

function withFederationRules(rules: RuleTree): RuleTree {
  const merged: RuleTree = { ...rules };
  for (const [type, fields] of Object.entries(federationRules as RuleTree)) merged[type] = { ...(rules[type] ?? {}), ...fields };
  return merged;
}

export function subgraphShield(rules: Record<string, Record<string, unknown> | unknown>) {
  const merged: Record<string, unknown> = { ...rules };
  for (const [type, fields] of Object.entries(federationRules as Record<string, Record<string, unknown>>)) {
    merged[type] = { ...((rules as Record<string, Record<string, unknown>>)[type] ?? {}), ...fields };
  }
  return shield(merged as IRules, {
    fallbackRule: deny,
    allowExternalErrors: true,
    debug: false,
    fallbackError: (thrown, _parent, _args, _ctx, info) => {
      if (thrown instanceof Error && 'extensions' in thrown) return thrown;
      return forbidden(`Not allowed: ${info.parentType.name}.${info.fieldName}`);
    },
  });
}
