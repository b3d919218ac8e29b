import { describe, expect, it } from 'vitest';
import { validateInput } from '../../shared/validation';
import { AgencyKind } from '../entities/Agency';
import { agencyRegistrationSchema, agencyUpdateSchema, applyAgencyUpdate, isValidAuthority } from './agencies';

const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as { extensions?: Record<string, unknown> }).extensions?.field;
  }
  return null;
};

describe('agencies as an admin registers them', () => {
  it('keeps the kind, area, authority and contacts', () => {
    const a = validateInput(agencyRegistrationSchema, {
      id: 'kent-fire',
      name: ' Kent Fire and Rescue Service ',
      kind: AgencyKind.FIRE,
      area: 'Kent',
      contacts: [{ name: 'Community Safety', email: 'cs@kfrs.example', phone: '' }],
    });
    expect(a).toEqual({
      id: 'kent-fire',
      name: 'Kent Fire and Rescue Service',
      kind: 'FIRE',
      area: 'kent',
      isAuthority: false,
      contacts: [{ name: 'Community Safety', email: 'cs@kfrs.example', phone: null, web: null, purpose: null }],
    });
  });

  it.each([
    ['an id that is not a slug', { id: 'Kent Fire' }, 'input.id'],
    ['an authority that is not a council', { isAuthority: true }, 'input.isAuthority'],
    ['a contact with no way to reach it', { contacts: [{ name: 'Team' }] }, 'input.contacts.0'],
    ['a contact with a bad email', { contacts: [{ name: 'Team', email: 'nope' }] }, 'input.contacts.0.email'],
  ])('refuses %s', (_what, over, field) => {
    expect(fieldOf(() => validateInput(agencyRegistrationSchema, { id: 'kent-fire', name: 'KFRS', kind: AgencyKind.FIRE, area: 'kent', ...over }))).toBe(field);
  });

  it('updates only what is given, and an authority stays a council', () => {
    const agency = { name: 'Old', kind: AgencyKind.COUNCIL, area: 'kent', isAuthority: true, contacts: [] as unknown[] };
    const update = validateInput(agencyUpdateSchema, { name: 'Sevenoaks District Council' });
    expect(applyAgencyUpdate(agency, update)).toEqual({ ...agency, name: 'Sevenoaks District Council' });
    expect(isValidAuthority(applyAgencyUpdate(agency, validateInput(agencyUpdateSchema, { kind: AgencyKind.HOUSING })))).toBe(false);
  });
});
