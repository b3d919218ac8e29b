import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, Kind, parse, visit, type ASTNode, type GraphQLFormattedError, type ValueNode } from 'graphql';
import { logger } from './logger';
import { SCALAR_REASONS } from './scalars';
import { callService } from './service-client';

/**
 * What the gateway's Apollo Server and every subgraph's share: errors formatted so that no value
 * the caller sent is echoed, the request log, the request id on every FORBIDDEN, the request id
 * itself, and the consent subgraph's answer to "is this agency known?".
 */
/**
 * graphql-js reports a bad variable as `Variable "$input" got invalid value <the value> at
 * "input.email"; <reason>`: the value may be personal data and the field is only in the text. We
 * name the field in `extensions.field` and drop the value; the reason is kept only when it is one
 * known to quote nothing the caller sent (scalars' own reasons often do: graphql-scalars'
 * DateTimeISO says `DateTime cannot represent an invalid date-time-string <the value>`).
 */
const VARIABLE_ERROR = /^Variable "\$([^"]+)" got invalid value [\s\S]*?(?: at "([^"]+)")?; ([\s\S]*)$/;

/** Reasons that name only fields and types. */
const VALUE_FREE_REASONS = [
  /^Expected non-nullable type "[\w[\]!]+" not to be null\.$/,
  /^Field "[\w.]+" of required type "[\w[\]!]+" was not provided\.$/,
  /^Field "[\w.]+" is not defined by type "\w+"\.( Did you mean( "\w+",?)+( or "\w+")?\?)?$/,
  /^Expected type "[\w[\]!]+" to be an object\.$/,
];
const valueFree = (reason: string) => SCALAR_REASONS.has(reason) || VALUE_FREE_REASONS.some((r) => r.test(reason));

export function formatVariableError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const m = VARIABLE_ERROR.exec(formatted.message);
  if (!m) return formatted;
  const field = m[2] ?? m[1];
  const reason = m[3].trim();
  return { ...formatted, message: `Invalid value for ${field}${valueFree(reason) ? `: ${reason}` : ''}`, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT', field } };
}

const VALUE_KINDS = new Set<string>([Kind.STRING, Kind.INT, Kind.FLOAT, Kind.BOOLEAN, Kind.ENUM, Kind.LIST, Kind.OBJECT, Kind.NULL, Kind.OBJECT_FIELD]);

/**
 * Where in the document a literal is, as a field path (`filter.occurredFrom`, `ids[2]`, `$since`
 * for a variable's default), found by the literal's position: validation errors carry the node.
 */
function literalPath(node: ASTNode, body: string): string | undefined {
  const at = node.loc;
  if (!at) return undefined;
  let doc;
  try {
    doc = parse(body, { noLocation: false });
  } catch {
    return undefined;
  }
  let found: string | undefined;
  const same = (n: ASTNode) => n.loc?.start === at.start && n.loc?.end === at.end;
  const walk = (v: ValueNode, path: string) => {
    if (found) return;
    if (same(v)) found = path;
    else if (v.kind === Kind.OBJECT) {
      for (const f of v.fields) {
        if (same(f)) found = `${path}.${f.name.value}`;
        else walk(f.value, `${path}.${f.name.value}`);
      }
    }
    else if (v.kind === Kind.LIST) v.values.forEach((x, i) => walk(x, `${path}[${i}]`));
  };
  visit(doc, {
    Argument: (a) => walk(a.value, a.name.value),
    VariableDefinition: (d) => (d.defaultValue ? walk(d.defaultValue, `$${d.variable.name.value}`) : undefined),
  });
  return found;
}

/** Messages graphql-js and scalars give for a bad literal (they quote the literal). */
const LITERAL_ERROR = /^Expected value of type |cannot represent|does not exist in "\w+" enum|is not a valid|^Value is not|cannot be (serialized|parsed)/;

/**
 * A literal in the query document that its type refuses: the message names the argument path,
 * never the literal (graphql-js prints it, e.g. `Int cannot represent non-integer value: "…"`).
 */
export function formatLiteralError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error : undefined;
  const node = original?.nodes?.[0];
  const isLiteral = node ? VALUE_KINDS.has(node.kind) : LITERAL_ERROR.test(formatted.message);
  if (!isLiteral) return formatted;
  const fieldOnly = VALUE_FREE_REASONS.some((r) => r.test(formatted.message));
  if (fieldOnly) return formatted;
  const body = original?.source?.body ?? node?.loc?.source.body;
  const field = node && body ? literalPath(node, body) : undefined;
  return {
    ...formatted,
    message: field ? `Invalid value for ${field}` : 'Invalid value in the query document',
    extensions: { ...formatted.extensions, ...(field ? { field } : {}) },
  };
}

/** The database cannot be reached (down, restarting, connections dropped): worth retrying. */
function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { name?: string; code?: string; message?: string } | undefined;
  if (!e) return false;
  return (
    e.name === 'ConnectionException' ||
    ['57P01', '57P02', '57P03', '08000', '08001', '08003', '08006', 'ECONNREFUSED', 'ECONNRESET'].includes(String(e.code)) ||
    // "Transaction query already complete" and pg's "Client has encountered a connection error and is
    // not queryable" (on the ROLLBACK): the connection died mid-transaction, which PostgreSQL rolled
    // back; nothing was written, so a retry is right.
    /Connection terminated|Connection ended unexpectedly|ECONNREFUSED|the database system is (starting up|shutting down)|Timeout acquiring a connection|Transaction query already complete|Client has encountered a connection error|is not queryable/i.test(e.message ?? '')
  );
}

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (formatted.message.startsWith('Variable "$')) formatted = formatVariableError(formatted);
  else if (formatted.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' || formatted.extensions?.code === 'BAD_USER_INPUT') formatted = formatLiteralError(formatted, error);
  const code = formatted.extensions?.code;
  if ((!code || code === 'INTERNAL_SERVER_ERROR') && isDatabaseUnavailable(unwrapResolverError(error))) {
    logger.warn({ err: String(unwrapResolverError(error)) }, 'database unavailable');
    return { message: 'The database is unavailable; try again shortly', path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE' } };
  }
  if (!code || code === 'INTERNAL_SERVER_ERROR') {
    logger.error({ err: unwrapResolverError(error) }, 'unexpected error');
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  return formatted;
}

/** Logs each operation with its request id, name, duration and error count (never variables). */
export function requestLogPlugin(service: string): ApolloServerPlugin<{ requestId: string }> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, errors, contextValue: ctx }) {
          logger.debug(
            { service, requestId: ctx.requestId ?? contextValue.requestId, operationName, ms: Math.round(performance.now() - started), errors: errors?.length ?? 0 },
            'graphql request',
          );
        },
      };
    },
  };
}

/**
 * Every FORBIDDEN leaving the server carries the request id (to find the decision in the access
 * log) and `extensions.reason` (`denied` unless the rule said otherwise; see errors.ts).
 */
export function errorIdentityPlugin(): ApolloServerPlugin<{ requestId: string }> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          response.body.singleResult.errors = response.body.singleResult.errors.map((e) =>
            e.extensions?.code === 'FORBIDDEN' ? { ...e, extensions: { ...e.extensions, reason: e.extensions.reason ?? 'denied', requestId: contextValue.requestId } } : e,
          );
        },
      };
    },
  };
}

/** The caller's x-request-id when it is a plain correlation id (it is repeated in errors), else a new one. */
export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && /^[\w.:-]{1,100}$/.test(header) ? header : randomUUID();
}

/** The consent subgraph's answer to "is this agency known?", asked with the service credential. */
export function remoteKnownAgency(from: string, consentUrl: () => string): (agencyId: string) => Promise<boolean> {
  return async (agencyId) => {
    const data = await callService<{ serviceAgencyKind: string | null }>(from, consentUrl(), 'query KnownAgency($id: ID!) { serviceAgencyKind(id: $id) }', { id: agencyId });
    return data.serviceAgencyKind !== null;
  };
}
