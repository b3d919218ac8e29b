import { GraphQLError } from 'graphql';

/**
 * The hub's error vocabulary (docs/api.md, "Errors"). Messages never carry personal data: they name
 * records by id and fields by name only.
 */
export type ErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'SERVICE_UNAVAILABLE' | 'INTERNAL_SERVER_ERROR';

/**
 * Why a FORBIDDEN was given (`extensions.reason`): `denied` when the rules refused, and
 * `decision-unavailable` when the policy decision point could not answer (the hub fails closed).
 * Every FORBIDDEN leaving a subgraph or the gateway also carries `extensions.requestId` (apollo.ts).
 */
export type ForbiddenReason = 'denied' | 'decision-unavailable';

export function hubError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}, status?: number) {
  return new GraphQLError(message, {
    extensions: { code, ...extensions, ...(status ? { http: { status } } : {}) },
  });
}

export const unauthenticated = (message = 'A valid bearer token is required') =>
  hubError('UNAUTHENTICATED', message, {}, 401);

/** A refusal; `reason` defaults to `denied` (an `extensions.reason` given wins). */
export const forbidden = (message: string, extensions: Record<string, unknown> = {}, reason: ForbiddenReason = 'denied') =>
  hubError('FORBIDDEN', message, { reason, ...extensions });

/** A personal field withheld by the access rules: the field is null, the error names the category. */
export const withheld = (category: string, typeName: string, field: string, reason: ForbiddenReason = 'denied') =>
  hubError(
    'FORBIDDEN',
    reason === 'denied' ? `Access to ${category} data is not granted for ${typeName}.${field}` : `Access to ${category} data could not be decided for ${typeName}.${field}`,
    { category, field: `${typeName}.${field}`, reason },
  );

/** Another service (a subgraph, or the database behind one) could not be reached: nothing was done there; retry. */
export const unavailable = (service: string, message = `The ${service} service is unavailable`) =>
  hubError('SERVICE_UNAVAILABLE', message, { service });

export const badInput = (message: string, field: string, extensions: Record<string, unknown> = {}) =>
  hubError('BAD_USER_INPUT', message, { field, ...extensions });

/**
 * No record of that type answers to the id the caller sent in `where.field` (e.g. `input.personId`).
 * The id itself is input and stays out of the error: the record type and the field are named.
 */
export const notFound = (typeName: string, where: { field: string }) =>
  hubError('NOT_FOUND', `No ${typeName} matches ${where.field}`, { typeName, field: where.field });

export const conflict = (message: string, extensions: Record<string, unknown> = {}) =>
  hubError('CONFLICT', message, extensions);
