import { describe, expect, it } from 'vitest';
import { formatError } from './server';

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
