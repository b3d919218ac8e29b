import { allow, deny, rule, shield, type IRules } from 'graphql-shield';
import { applyMiddleware } from 'graphql-middleware';
import { isObjectType, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import type { Role } from '../../platform/auth';
import type { HubContext } from './context';
import { ACCESS_EXTENSION, SUBJECT_EXTENSION, type FieldDeclaration, type PersonalDeclaration, type SubjectOf } from './declarations';
import { forbidden, withheld } from '../../platform/errors';
import { logger } from '../../platform/logger';
import { ANY_USER, type OperationRule, type SubgraphCatalogue } from '../../platform/operations';

/**
 * The permission layer of a subgraph, generated from two sources only: the operation catalogue
 * (platform/catalogue.ts: who may call each query and mutation) and the declaration on every field
 * (shared/declarations.ts: personal and of which category, or not personal). Deny by default: a
 * field with neither is refused (graphql-shield's fallback), and `undeclared` lists it for the
 * coverage test.
 *
 * - Operations and role- or scope-restricted fields: graphql-shield rules.
 * - Not-personal fields without a restriction: served as they are (no wrapper: graphql-shield
 *   wraps every listed field in async middleware, which dominated long lists).
 * - Personal fields: one synchronous check per field against the request's decisions (decided
 *   once per person × category × supplying agency, usually before the list's fields resolve, see
 *   AccessDecider.prefetch); only a decision not yet taken waits for the policy decision point.
 */
export type RuleTree = Record<string, Record<string, unknown>>;
type ShieldRule = ReturnType<ReturnType<typeof rule>>;
type Middleware = (resolve: GraphQLFieldResolver<unknown, HubContext>, parent: unknown, args: unknown, ctx: HubContext, info: GraphQLResolveInfo) => unknown;

// One rule instance per role set: graphql-shield refuses two different rules with the same name.
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

/** Scope checks a field may name (`@NotPersonal({ scope })`), each a rule on the parent. */
const SCOPES: Record<string, ShieldRule> = {};
export function registerScope(name: string, check: (parent: any, ctx: HubContext) => true | Error): void {
  SCOPES[name] ??= rule(`scope:${name}`, { cache: 'no_cache' })((parent, _args, ctx: HubContext) => check(parent, ctx));
}

/** Anyone, with or without a token: only operations the catalogue marks `public` (published figures). */
export const isPublic = rule('public', { cache: 'contextual' })(() => true);

function operationRule(op: OperationRule): ShieldRule {
  if (op.roles === 'public') return isPublic;
  if (op.roles === 'service') return isService;
  if (op.roles === 'user') return isUser;
  return hasRole(...op.roles);
}

/** Guards `_entities` by the types asked for: each __typename must be listed with the roles that may obtain it by reference. */
function entitiesByType(byType: SubgraphCatalogue['entities']) {
  return rule('entities-by-type', { cache: 'no_cache' })((_parent, args: { representations?: Array<{ __typename?: string }> }, ctx: HubContext) => {
    if (ctx.caller.service) return true;
    if (!ctx.caller.roles.length) return forbidden('Requires a token');
    for (const typename of new Set((args.representations ?? []).map((r) => r.__typename ?? ''))) {
      const roles = byType[typename];
      if (!roles) return forbidden(`${typename || 'That type'} cannot be resolved by reference here`);
      if (roles !== ANY_USER && !ctx.caller.roles.some((r) => roles.includes(r))) return forbidden(`Requires one of the roles: ${roles.join(', ')} (${typename})`);
    }
    return true;
  });
}

/** The check of one personal field: synchronous when the request already holds the decision. */
function personalField(typeName: string, fieldName: string, decl: PersonalDeclaration, subjectOf: SubjectOf<any> | undefined): Middleware {
  const field = `${typeName}.${fieldName}`;
  const readers = decl.readers;
  return (resolve, parent, args, ctx, info) => {
    if (readers && !ctx.caller.service && !ctx.caller.roles.some((r) => readers.includes(r))) return forbidden(`Requires one of the roles: ${readers.join(', ')}`);
    if (decl.decidedByResolver) return resolve(parent, args, ctx, info);
    const analyst = ctx.access.analystOnly;
    // The usual case first: a row of a list whose decision was taken before its fields (allowed).
    const peeked = subjectOf && !analyst ? ctx.access.peekRecord(parent as object, decl.category, subjectOf) : undefined;
    if (peeked?.decision?.allowed) return resolve(parent, args, ctx, info);
    if (decl.notPersonalWhen?.(parent)) return resolve(parent, args, ctx, info);
    if (decl.emptyIsNull && (parent as Record<string, unknown>)[fieldName] == null) return null;
    if (analyst) return withheld(decl.category, typeName, fieldName);
    if (!peeked) return withheld(decl.category, typeName, fieldName, 'decision-unavailable');
    const { subject, decision: known } = peeked;
    if (known) return withheld(decl.category, typeName, fieldName);
    if (!subject.personId) {
      // Not about an identified person: only the supplying agencies see it.
      return subject.controllerAgencyIds.includes(ctx.caller.agencyId) && !ctx.caller.service ? resolve(parent, args, ctx, info) : withheld(decl.category, typeName, fieldName);
    }
    const question = { personId: subject.personId, category: decl.category, controllerAgencyIds: subject.controllerAgencyIds, field, operation: ctx.clientOperation ?? `${info.operation.operation} ${info.operation.name?.value ?? '(anonymous)'}` };
    return ctx.access.decide(question).then(
      (d) => (d.allowed ? resolve(parent, args, ctx, info) : withheld(decl.category, typeName, fieldName)),
      (err: unknown) => {
        // The policy decision point could not answer: fail closed, and say so.
        logger.error({ err, field, requestId: ctx.requestId }, 'access decision failed; field withheld');
        return withheld(decl.category, typeName, fieldName, 'decision-unavailable');
      },
    );
  };
}

/** A field only another subgraph of the hub may read (service credential). */
const serviceOnlyField: Middleware = (resolve, parent, args, ctx, info) =>
  ctx.caller.service ? resolve(parent, args, ctx, info) : forbidden('Requires a service credential');

export interface GeneratedPermissions {
  /** graphql-shield rule tree (every field listed; `allow` marks the ones served unwrapped). */
  rules: RuleTree;
  /** The synchronous field checks (personal and service-only fields), as graphql-middleware field middleware. */
  personal: Record<string, Record<string, Middleware>>;
  /** Fields with no declaration (refused), for the coverage test. */
  undeclared: string[];
  /** Every field's declaration, for docs/access-rules.md. */
  declarations: Array<{ type: string; field: string; declaration: FieldDeclaration | OperationRule }>;
}

/** Reads the declarations off the type-graphql schema (field and class extensions). */
export function generatePermissions(schema: GraphQLSchema, catalogue: SubgraphCatalogue): GeneratedPermissions {
  const rules: RuleTree = { Query: { _service: allow, _entities: entitiesByType(catalogue.entities) }, _Service: { sdl: allow } };
  const personal: GeneratedPermissions['personal'] = {};
  const undeclared: string[] = [];
  const declarations: GeneratedPermissions['declarations'] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const root = type.name === 'Query' || type.name === 'Mutation';
    const typeRules = (rules[type.name] ??= {});
    const subjectOf = type.extensions?.[SUBJECT_EXTENSION] as SubjectOf<any> | undefined;
    for (const [name, field] of Object.entries(type.getFields())) {
      if (root) {
        const op = catalogue.operations[`${type.name}.${name}`];
        if (!op) {
          undeclared.push(`${type.name}.${name}`);
          continue;
        }
        typeRules[name] = operationRule(op);
        declarations.push({ type: type.name, field: name, declaration: op });
        continue;
      }
      const decl = field.extensions?.[ACCESS_EXTENSION] as FieldDeclaration | undefined;
      if (!decl) {
        undeclared.push(`${type.name}.${name}`);
        continue;
      }
      declarations.push({ type: type.name, field: name, declaration: decl });
      if (decl.personal) {
        if (!decl.subject && !subjectOf && !decl.decidedByResolver) undeclared.push(`${type.name}.${name} (personal, but no data subject declared)`);
        typeRules[name] = allow;
        (personal[type.name] ??= {})[name] = personalField(type.name, name, decl, decl.subject ?? subjectOf);
      } else if (decl.serviceOnly) {
        // Checked synchronously too: service-only lists (a case history's 200 incidents) are long.
        typeRules[name] = allow;
        (personal[type.name] ??= {})[name] = serviceOnlyField;
      } else if (decl.scope) {
        const scope = SCOPES[decl.scope];
        if (!scope) undeclared.push(`${type.name}.${name} (unknown scope ${decl.scope})`);
        typeRules[name] = scope ?? deny;
      } else if (decl.readers) {
        typeRules[name] = hasRole(...decl.readers);
      } else {
        typeRules[name] = allow;
      }
    }
  }
  for (const key of Object.keys(catalogue.operations)) {
    const [typeName, fieldName] = key.split('.');
    if (!schema.getType(typeName) || !(isObjectType(schema.getType(typeName)) && fieldName in (schema.getType(typeName) as never as { getFields(): object }).getFields())) {
      undeclared.push(`${key} (in the catalogue, not in the schema)`);
    }
  }
  return { rules, personal, undeclared, declarations };
}

/**
 * Applies the generated layer: graphql-shield for operations and restricted fields (deny by
 * default), fields whose rule is `allow` left unwrapped, then the personal-field checks.
 */
export function applyPermissions(schema: GraphQLSchema, generated: GeneratedPermissions): GraphQLSchema {
  // Federation's own fields (`_entities`, `_service`) exist only in a subgraph schema.
  const present: RuleTree = {};
  for (const [typeName, fields] of Object.entries(generated.rules)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) continue;
    const names = type.getFields();
    present[typeName] = Object.fromEntries(Object.entries(fields).filter(([f]) => f in names));
  }
  const shieldMiddleware = shield(present as IRules, {
    fallbackRule: deny,
    allowExternalErrors: true,
    debug: false,
    fallbackError: (thrown, _parent, _args, _ctx, info) => {
      if (thrown instanceof Error && 'extensions' in thrown) return thrown;
      return forbidden(`Not allowed: ${info.parentType.name}.${info.fieldName}`);
    },
  });
  const wrapped = shieldMiddleware.generate(schema) as Record<string, Record<string, unknown>>;
  for (const [typeName, fields] of Object.entries(wrapped)) {
    const typeRules = generated.rules[typeName] ?? {};
    for (const field of Object.keys(fields)) if (typeRules[field] === allow) delete fields[field];
    if (!Object.keys(fields).length) delete wrapped[typeName];
  }
  return applyMiddleware(schema, wrapped as never, generated.personal as never);
}
