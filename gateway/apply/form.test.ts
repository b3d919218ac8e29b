import { describe, expect, it } from 'vitest';
import { pathOf } from '../../platform/request-scope';
import { answersFrom, dateOfBirth, firstIncomplete, nextStep, pagesFor, previousStep, summaryOf, validateStep } from './form';
import { signApplicantLink, verifyApplicantLink } from './link';
import { STRINGS } from './strings';

const agencies = [
  { id: 'sevenoaks-dc', name: 'Sevenoaks District Council' },
  { id: 'kent-police', name: 'Kent Police' },
];
const ids = agencies.map((a) => a.id);
const en = STRINGS.en;
const now = new Date('2026-12-01T12:00:00Z');

const complete = {
  who: 'victim', givenName: 'Gwen', familyName: 'Price', 'dob-day': '4', 'dob-month': '5', 'dob-year': '1981', description: 'Noise', place: 'Bank Street',
  contactBy: 'email', email: 'gwen@example.org', postcode: 'TN13 1AB', consent: 'yes',
};

describe('the online form’s rules', () => {
  it('keeps only known answers, as trimmed strings', () => {
    const a = answersFrom({ givenName: '  Gwen ', evil: 'x', familyName: ['a', 'b'], 'reported-kent-police': 'yes', 'reported-elsewhere': 'yes', email: '' }, ids);
    expect(a).toEqual({ givenName: 'Gwen', 'reported-kent-police': 'yes' });
  });

  it('sends an anonymous person past the name, contact and consent pages', () => {
    expect(pagesFor({ who: 'anonymous' })).toEqual(['who', 'what', 'reports', 'check']);
    expect(nextStep('who', { who: 'anonymous' })).toBe('what');
    expect(nextStep('who', { who: 'victim' })).toBe('about');
    expect(previousStep('what', { who: 'anonymous' })).toBe('who');
    expect(previousStep('who', {})).toBeNull();
  });

  it('dates of birth: real dates in the past only', () => {
    expect(dateOfBirth({ 'dob-day': '29', 'dob-month': '2', 'dob-year': '2000' }, now)).toBe('2000-02-29');
    expect(dateOfBirth({ 'dob-day': '29', 'dob-month': '2', 'dob-year': '2001' }, now)).toBeNull();
    expect(dateOfBirth({ 'dob-day': '1', 'dob-month': '1', 'dob-year': '2030' }, now)).toBeNull();
    expect(dateOfBirth({ 'dob-day': 'x', 'dob-month': '1', 'dob-year': '1990' }, now)).toBeNull();
  });

  it('each error names its field and never repeats the value', () => {
    const errors = validateStep('contact', { contactBy: 'email', email: 'bad<value>', postcode: 'NOPE', phone: 'call me' }, ids, en, now);
    expect(errors.map((e) => e.field)).toEqual(['email', 'phone', 'postcode']);
    expect(errors.map((e) => e.message).join(' ')).not.toMatch(/bad|NOPE|call me/);
    expect(validateStep('contact', { contactBy: 'post', postcode: 'TN13 1AB' }, ids, en, now).map((e) => e.field)).toEqual(['address']);
    expect(validateStep('about', { ...complete, who: 'behalf' }, ids, en, now).map((e) => e.field)).toEqual(['victimGivenName', 'victimFamilyName', 'victimAgreed']);
    const long = validateStep('reports', { 'ref-kent-police': 'r'.repeat(51) }, ids, en, now);
    expect(long).toEqual([{ field: 'ref-kent-police', message: 'Reference number must be 50 characters or fewer' }]);
    expect(validateStep('who', { who: 'someone' }, ids, STRINGS.cy, now)[0].message).toBe('Dewiswch pwy sy’n gwneud cais');
  });

  it('finds the first page still incomplete; a complete application has none', () => {
    expect(firstIncomplete(complete, ids, en, now)).toBeNull();
    expect(firstIncomplete({ ...complete, consent: undefined as never }, ids, en, now)?.step).toBe('consent');
    expect(firstIncomplete({ who: 'anonymous', description: 'x', place: 'y' }, ids, en, now)).toBeNull();
  });

  it('summarises what happened, where and the reports for the SPOC, without the contact details', () => {
    const text = summaryOf({ ...complete, 'reported-kent-police': 'yes', 'when-kent-police': 'May', 'ref-kent-police': 'KP-1', otherReports: 'My MP' }, agencies);
    expect(text).toContain('- Kent Police, about May, reference KP-1');
    expect(text).toContain('- Other: My MP');
    expect(text).not.toContain('gwen@example.org');
    expect(summaryOf({ description: 'x', place: 'y' }, agencies)).toContain('- none given');
  });
});

describe('the applicant’s link', () => {
  const c = { SERVICE_SECRET: 'a-test-service-secret-of-length', JWT_ISSUER: 'asb-hub' };
  const link = { applicationId: '00000000-0000-4000-8000-000000000001', personId: '00000000-0000-4000-8000-000000000002', authorityId: 'sevenoaks-dc' };

  it('opens with the key it was signed with, until it expires; a changed link does not', async () => {
    const { token } = await signApplicantLink(c, link, 30);
    expect(await verifyApplicantLink(c, token)).toEqual({ ok: true, link });
    expect(await verifyApplicantLink({ ...c, SERVICE_SECRET: 'another-service-secret-entirely' }, token)).toEqual({ ok: false, reason: 'invalid' });
    const [h, p, sig] = token.split('.');
    const changed = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), app: 'someone-else' })).toString('base64url');
    expect(await verifyApplicantLink(c, `${h}.${changed}.${sig}`)).toEqual({ ok: false, reason: 'invalid' });
    const old = await signApplicantLink(c, link, 1, new Date(Date.now() - 3 * 86_400_000));
    expect(await verifyApplicantLink(c, old.token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('is never written to the request log', () => {
    expect(pathOf({ originalUrl: '/apply/sevenoaks-dc/status/aaa.bbb.ccc/withdraw?lang=cy' })).toBe('/apply/sevenoaks-dc/status/[link]/withdraw');
    expect(pathOf({ originalUrl: '/apply/sevenoaks-dc/contact' })).toBe('/apply/sevenoaks-dc/contact');
  });
});
