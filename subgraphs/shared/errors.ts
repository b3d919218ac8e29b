import { GraphQLError } from 'graphql';

/**
 * The hub's error vocabulary (API.md, "Errors"). Messages never carry personal data: they name
 * records by id and fields by name only.
 */
export type ErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'SERVICE_UNAVAILABLE' | 'INTERNAL_SERVER_ERROR';

export function hubError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}, status?: number) {
  return new GraphQLError(message, {
    extensions: { code, ...extensions, ...(status ? { http: { status } } : {}) },
  });
}

export const unauthenticated = (message = 'A valid bearer token is required') =>
  hubError('UNAUTHENTICATED', message, {}, 401);

export const forbidden = (message: string, extensions: Record<string, unknown> = {}) =>
  hubError('FORBIDDEN', message, extensions);

/**
 * Why a personal field was withheld: the rules refused it (`denied`), or the policy decision point
 * could not be asked (`decision-unavailable`: the rules fail closed, and a retry may succeed).
 */
export type WithheldReason = 'denied' | 'decision-unavailable';

/** A personal field withheld by the access rules: the field is null, the error names the category and why. */
export const withheld = (category: string, typeName: string, field: string, reason: WithheldReason = 'denied') =>
  hubError('FORBIDDEN', `Access to ${category} data is not granted for ${typeName}.${field}`, { category, field: `${typeName}.${field}`, reason });

/** Another service (a subgraph, or the database behind one) could not be reached: nothing was done there; retry. */
export const unavailable = (service: string, message = `The ${service} service is unavailable`) =>
  hubError('SERVICE_UNAVAILABLE', message, { service });

export const badInput = (message: string, field: string, extensions: Record<string, unknown> = {}) =>
  hubError('BAD_USER_INPUT', message, { field, ...extensions });

export const notFound = (typeName: string, id: string) =>
  hubError('NOT_FOUND', `${typeName} ${id} was not found`, { typeName, id });

export const conflict = (message: string, extensions: Record<string, unknown> = {}) =>
  hubError('CONFLICT', message, extensions);
