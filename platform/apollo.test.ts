import { describe, expect, it } from 'vitest';
import { buildSchema, parse, validate } from 'graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { forbidden, withheld } from './errors';
import { CalendarDate } from './scalars';
import { formatError } from './apollo';

/** Errors leave the hub with a code, the field named, and no personal data. */
describe('formatError', () => {
  it('names the field of a bad variable and drops the value', () => {
    const out = formatError(
      { message: 'Variable "$input" got invalid value "alice.turner@example" at "input.dateOfBirth"; Date must be a calendar date YYYY-MM-DD', extensions: { code: 'BAD_USER_INPUT' } },
      null,
    );
    expect(out).toEqual({ message: 'Invalid value for input.dateOfBirth: Date must be a calendar date YYYY-MM-DD', extensions: { code: 'BAD_USER_INPUT', field: 'input.dateOfBirth' } });
  });

  it('drops a reason that quotes the value', () => {
    const out = formatError({ message: 'Variable "$name" got invalid value 12; String cannot represent a non string value: 12', extensions: { code: 'BAD_USER_INPUT' } }, null);
    expect(out.message).toBe('Invalid value for name');
    expect(out.extensions).toMatchObject({ field: 'name' });
  });

  it('answers unexpected errors without detail', () => {
    expect(formatError({ message: 'relation "x" does not exist at /srv/app.js:1', extensions: {} }, new Error('boom'))).toEqual({
      message: 'Internal server error', path: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });
});

describe('formatError: no value the caller sent survives', () => {
  const SECRET = 'alice-turner-1958';

  it('drops scalar reasons that quote the value (graphql-scalars DateTimeISO), keeps ours and the shape-only ones', () => {
    const dt = formatError({ message: `Variable "$f" got invalid value "${SECRET}" at "f.occurredFrom"; DateTime cannot represent an invalid date-time-string ${SECRET}.`, extensions: { code: 'BAD_USER_INPUT' } }, null);
    expect(dt).toEqual({ message: 'Invalid value for f.occurredFrom', extensions: { code: 'BAD_USER_INPUT', field: 'f.occurredFrom' } });
    const other = formatError({ message: `Variable "$f" got invalid value 7; Value is not a valid DateTime: ${SECRET}`, extensions: { code: 'BAD_USER_INPUT' } }, null);
    expect(other.message).toBe('Invalid value for f');
    const missing = formatError({ message: 'Variable "$i" got invalid value {}; Field "personId" of required type "ID!" was not provided.', extensions: { code: 'BAD_USER_INPUT' } }, null);
    expect(missing.message).toBe('Invalid value for i: Field "personId" of required type "ID!" was not provided.');
  });

  // A schema with the hub's scalars, validated the way Apollo Server does before formatError.
  const schema = buildSchema('scalar DateTimeISO scalar Date type Query { at(when: DateTimeISO, on: Date, n: Int, f: F, list: [DateTimeISO!]): Int } input F { from: DateTimeISO, n: Int! }');
  Object.assign(schema.getType('DateTimeISO')!, { parseLiteral: GraphQLDateTimeISO.parseLiteral, parseValue: GraphQLDateTimeISO.parseValue });
  Object.assign(schema.getType('Date')!, { parseLiteral: CalendarDate.parseLiteral, parseValue: CalendarDate.parseValue });
  const literalErrors = (q: string) => validate(schema, parse(q)).map((e) => formatError({ message: e.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, e));

  it.each([
    [`{ at(when: "${SECRET}") }`, 'when'],
    [`{ at(n: "${SECRET}") }`, 'n'],
    [`{ at(on: "${SECRET}") }`, 'on'],
    [`{ at(f: { from: "${SECRET}", n: 1 }) }`, 'f.from'],
    [`{ at(f: { n: "${SECRET}" }) }`, 'f.n'],
    [`{ at(list: ["2026-01-01T00:00:00Z", "${SECRET}"]) }`, 'list[1]'],
    [`query($w: DateTimeISO = "${SECRET}") { at(when: $w) }`, '$w'],
  ])('a literal refused by its type names the argument path: %s', (q, field) => {
    const [out] = literalErrors(q);
    expect(out).toMatchObject({ message: `Invalid value for ${field}`, extensions: { code: 'GRAPHQL_VALIDATION_FAILED', field } });
    expect(JSON.stringify(out)).not.toContain(SECRET);
  });

  it('leaves errors that name only fields and types as they are', () => {
    const [missing] = literalErrors('{ at(f: { from: "2026-01-01T00:00:00Z" }) }');
    expect(missing.message).toBe('Field "F.n" of required type "Int!" was not provided.');
    const [unknown] = literalErrors('{ nope }');
    expect(unknown.message).toBe('Cannot query field "nope" on type "Query".');
  });

  it('without the node (an error relayed from a subgraph), a literal-style message is still replaced', () => {
    const out = formatError({ message: `DateTime cannot represent an invalid date-time-string ${SECRET}.`, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, null);
    expect(out.message).toBe('Invalid value in the query document');
  });
});

describe('FORBIDDEN reasons (errors.ts)', () => {
  it('default to denied; decision-unavailable when given', () => {
    expect(forbidden('No').extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'denied' });
    expect(forbidden('No', { field: 'x' }, 'decision-unavailable').extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'decision-unavailable', field: 'x' });
    expect(withheld('IDENTITY', 'Person', 'givenName').extensions).toEqual({ code: 'FORBIDDEN', category: 'IDENTITY', field: 'Person.givenName', reason: 'denied' });
    expect(withheld('IDENTITY', 'Person', 'givenName', 'decision-unavailable').extensions).toMatchObject({ reason: 'decision-unavailable' });
  });
});

describe('a database that went away mid-request is SERVICE_UNAVAILABLE (worth a retry), not an internal error', () => {
  it.each([
    'ROLLBACK - Client has encountered a connection error and is not queryable',
    'Transaction query already complete, run with DEBUG=knex:tx for more info',
    'Connection terminated unexpectedly',
  ])('%s', (message) => {
    const out = formatError({ message: 'Unexpected error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }, new Error(message));
    expect(out.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(out.message).not.toContain('ROLLBACK');
  });
});
