import { describe, expect, it } from 'vitest';
import { matchKeyOf } from '../consent/rules/person-matching';
import { matchParts, normaliseName } from './person-names';

describe('person names as matching compares them', () => {
  it('lower case, accents removed, letters only', () => {
    expect(normaliseName("O'Brien")).toBe('obrien');
    expect(normaliseName('Zoë Ålvarez-Núñez')).toBe('zoealvareznunez');
    expect(normaliseName('Ann 2')).toBe('ann');
  });

  it('the parts of a record: none when one is missing or has no letters', () => {
    const d = { givenName: 'Siân', familyName: "O'Neill", dateOfBirth: '1980-02-03', postcode: 'tn13 1aa' };
    expect(matchParts(d)).toEqual(['oneill', 'sian', '1980-02-03', 'TN131AA']);
    expect(matchParts({ ...d, postcode: null })).toBeNull();
    expect(matchParts({ ...d, givenName: '--' })).toBeNull();
  });

  it('the consent match key and ingestion group the same records together', () => {
    const a = { givenName: 'Sian', familyName: 'ONeill', dateOfBirth: '1980-02-03', postcode: 'TN13 1AA' };
    const b = { givenName: 'Siân', familyName: "O'Neill", dateOfBirth: '1980-02-03', postcode: 'tn131aa' };
    expect(matchParts(a)).toEqual(matchParts(b));
    expect(matchKeyOf(a)).toBe(matchKeyOf(b));
    expect(matchKeyOf({ ...a, givenName: '--' })).toBeNull();
  });
});
