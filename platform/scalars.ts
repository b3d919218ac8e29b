import { GraphQLScalarType, Kind } from 'graphql';
import { DateTime } from 'luxon';

/**
 * `Date`: a calendar date, `YYYY-MM-DD` (dates of birth, statistics periods). Instants are
 * `DateTimeISO` (type-graphql's mapping of JS Date).
 */
const NOT_A_DATE = 'Date must be a calendar date YYYY-MM-DD';
const NOT_A_STRING = 'Date must be a string YYYY-MM-DD';

/** Our scalars' reasons for refusing a value: they quote nothing, so errors may repeat them (apollo.ts). */
export const SCALAR_REASONS: ReadonlySet<string> = new Set([NOT_A_DATE, NOT_A_STRING]);

function parseCalendarDate(value: unknown): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || !DateTime.fromISO(value).isValid) {
    throw new TypeError(NOT_A_DATE);
  }
  return value;
}

export const CalendarDate = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar date, YYYY-MM-DD',
  serialize: (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : parseCalendarDate(v)),
  parseValue: parseCalendarDate,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new TypeError(NOT_A_STRING);
    return parseCalendarDate(ast.value);
  },
});
