import { allow, deny, rule, shield, type IRules } from 'graphql-shield';
import type { GraphQLResolveInfo } from 'graphql';
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
export const allowAll = allow;
export const denyAll = deny;

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
      return withheld(category, info.parentType.name, info.fieldName);
    }
  });
}

/** Federation's own fields are structural; the entity types they return stay guarded field by field. */
const federationRules: IRules = {
  Query: { _service: allow, _entities: allow },
  _Service: { sdl: allow },
};

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
