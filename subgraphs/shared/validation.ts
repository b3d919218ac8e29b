import type { ZodType, ZodTypeDef } from 'zod';
import { badInput } from '../../platform/errors';

export interface FieldError {
  field: string;
  message: string;
}

/** Zod issues as `{ field, message }` pairs; messages name fields, never echo values. */
export function fieldErrors(issues: { path: (string | number)[]; message: string }[]): FieldError[] {
  return issues.map((i) => ({ field: i.path.join('.') || '(record)', message: i.message }));
}

/** Parses input or throws BAD_USER_INPUT naming the first bad field (all are listed in `errors`). */
export function validateInput<T>(schema: ZodType<T, ZodTypeDef, unknown>, input: unknown, prefix = 'input'): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = fieldErrors(result.error.issues).map((e) => ({ ...e, field: `${prefix}.${e.field}` }));
  throw badInput(`Invalid ${errors[0].field}: ${errors[0].message}`, errors[0].field, { errors });
}
