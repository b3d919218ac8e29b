import type { Strings } from './strings';

/**
 * The online application form's rules, pure (tested without a server in form.test.ts): which
 * answers exist, which page asks them, the order of the pages, each page's checks. A check names
 * the field and says what is wrong; it never repeats the value sent.
 */
export type Step = 'who' | 'about' | 'what' | 'reports' | 'contact' | 'consent' | 'check';
export const STEPS: readonly Step[] = ['who', 'about', 'what', 'reports', 'contact', 'consent', 'check'];
export const isStep = (v: unknown): v is Step => typeof v === 'string' && (STEPS as readonly string[]).includes(v);

export type Who = 'victim' | 'behalf' | 'agency' | 'anonymous';

/** The fixed answers and their longest allowed length (reports add reported-/when-/ref-<agency>). */
export const FIELDS = {
  who: 10,
  givenName: 100,
  familyName: 100,
  'dob-day': 2,
  'dob-month': 2,
  'dob-year': 4,
  victimGivenName: 100,
  victimFamilyName: 100,
  victimAgreed: 3,
  description: 3000,
  place: 200,
  since: 100,
  otherReports: 500,
  contactBy: 5,
  email: 254,
  phone: 30,
  address: 300,
  postcode: 10,
  consent: 3,
} as const;
export type FixedField = keyof typeof FIELDS;
const REPORT_WHEN_MAX = 50;
const REPORT_REF_MAX = 50;

export type Answers = Record<string, string>;

/** The answers in a posted body: known names only, strings only, trimmed (nothing else is kept). */
export function answersFrom(body: unknown, agencyIds: readonly string[]): Answers {
  const src = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const names = [...Object.keys(FIELDS), ...agencyIds.flatMap((id) => [`reported-${id}`, `when-${id}`, `ref-${id}`])];
  const out: Answers = {};
  for (const name of names) {
    const v = src[name];
    if (typeof v === 'string' && v.trim() !== '') out[name] = v.replace(/\r\n/g, '\n').trim();
  }
  return out;
}

/** Which fields each page asks. */
export function fieldsOf(step: Step, agencyIds: readonly string[]): string[] {
  switch (step) {
    case 'who':
      return ['who'];
    case 'about':
      return ['givenName', 'familyName', 'dob-day', 'dob-month', 'dob-year', 'victimGivenName', 'victimFamilyName', 'victimAgreed'];
    case 'what':
      return ['description', 'place', 'since'];
    case 'reports':
      return [...agencyIds.flatMap((id) => [`reported-${id}`, `when-${id}`, `ref-${id}`]), 'otherReports'];
    case 'contact':
      return ['contactBy', 'email', 'phone', 'address', 'postcode'];
    case 'consent':
      return ['consent'];
    case 'check':
      return [];
  }
}

/** The pages this applicant goes through, in order (anonymous: no name, contact or consent). */
export function pagesFor(a: Answers): Step[] {
  if (a.who === 'anonymous') return ['who', 'what', 'reports', 'check'];
  return ['who', 'about', 'what', 'reports', 'contact', 'consent', 'check'];
}

export function nextStep(step: Step, a: Answers): Step {
  const pages = pagesFor(a);
  const i = pages.indexOf(step);
  return pages[Math.min(i + 1, pages.length - 1)] ?? 'who';
}

export function previousStep(step: Step, a: Answers): Step | null {
  const pages = pagesFor(a);
  const i = pages.indexOf(step);
  return i > 0 ? pages[i - 1] : null;
}

export interface FieldError {
  /** The input's id (the error summary links to it). */
  field: string;
  message: string;
}

const UK_POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^[+\d][\d\s()-]{6,20}$/;

/** The date of birth as YYYY-MM-DD, or null when it is not a real date in the past (after 1900). */
export function dateOfBirth(a: Answers, now = new Date()): string | null {
  const [d, m, y] = [a['dob-day'], a['dob-month'], a['dob-year']].map((v) => (v && /^\d+$/.test(v) ? Number(v) : NaN));
  if (![d, m, y].every(Number.isInteger) || y < 1900) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  if (date.getTime() > now.getTime()) return null;
  return date.toISOString().slice(0, 10);
}

function labelOf(field: string, s: Strings): string {
  if (field.startsWith('when-')) return s.reportWhen;
  if (field.startsWith('ref-')) return s.reportRef;
  const labels: Record<string, string> = {
    givenName: s.givenName, familyName: s.familyName, victimGivenName: s.victimGivenName, victimFamilyName: s.victimFamilyName, description: s.description,
    place: s.place, since: s.since, otherReports: s.otherReports, email: s.email, phone: s.phone, address: s.address, postcode: s.postcode,
  };
  return labels[field] ?? field;
}

const maxOf = (field: string): number =>
  field.startsWith('when-') ? REPORT_WHEN_MAX : field.startsWith('ref-') ? REPORT_REF_MAX : field.startsWith('reported-') ? 3 : (FIELDS[field as FixedField] ?? 0);

/** The page's errors, in the order of its fields (empty: the page is complete). */
export function validateStep(step: Step, a: Answers, agencyIds: readonly string[], s: Strings, now = new Date()): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, message: string) => {
    if (!errors.some((e) => e.field === field)) errors.push({ field, message });
  };
  for (const field of fieldsOf(step, agencyIds)) {
    const v = a[field];
    // A postcode too long is simply not a postcode (its own message below).
    if (v !== undefined && v.length > maxOf(field) && field !== 'postcode') add(field, s.errors.tooLong(labelOf(field, s), maxOf(field)));
  }
  switch (step) {
    case 'who':
      if (!['victim', 'behalf', 'agency', 'anonymous'].includes(a.who ?? '')) add('who', s.errors.who);
      break;
    case 'about':
      if (!a.givenName) add('givenName', s.errors.givenName);
      if (!a.familyName) add('familyName', s.errors.familyName);
      if (!a['dob-day'] && !a['dob-month'] && !a['dob-year']) add('dob-day', s.errors.dateOfBirth);
      else if (!dateOfBirth(a, now)) add('dob-day', s.errors.dateOfBirthInvalid);
      if (a.who === 'behalf') {
        if (!a.victimGivenName) add('victimGivenName', s.errors.victimGivenName);
        if (!a.victimFamilyName) add('victimFamilyName', s.errors.victimFamilyName);
        if (a.victimAgreed !== 'yes') add('victimAgreed', s.errors.victimAgreed);
      }
      break;
    case 'what':
      if (!a.description) add('description', s.errors.description);
      if (!a.place) add('place', s.errors.place);
      break;
    case 'contact':
      if (a.contactBy !== 'email' && a.contactBy !== 'post') add('contactBy', s.errors.contactBy);
      if ((a.contactBy === 'email' || a.email) && !EMAIL.test(a.email ?? '')) add('email', s.errors.email);
      if (a.phone && !PHONE.test(a.phone)) add('phone', s.errors.phone);
      if (a.contactBy === 'post' && !a.address) add('address', s.errors.address);
      if (!UK_POSTCODE.test(a.postcode ?? '')) add('postcode', s.errors.postcode);
      break;
    case 'consent':
      if (a.consent !== 'yes' && a.consent !== 'no') add('consent', s.errors.consent);
      break;
    default:
      break;
  }
  return errors;
}

/** The first page of this applicant's journey with an error, and its errors (null: all complete). */
export function firstIncomplete(a: Answers, agencyIds: readonly string[], s: Strings, now = new Date()): { step: Step; errors: FieldError[] } | null {
  for (const step of pagesFor(a)) {
    const errors = validateStep(step, a, agencyIds, s, now);
    if (errors.length) return { step, errors };
  }
  return null;
}

/** The reports the applicant listed, with the agency's name. */
export function reportsOf(a: Answers, agencies: ReadonlyArray<{ id: string; name: string }>): Array<{ agency: string; when?: string; ref?: string }> {
  return agencies.filter((ag) => a[`reported-${ag.id}`] === 'yes').map((ag) => ({ agency: ag.name, when: a[`when-${ag.id}`], ref: a[`ref-${ag.id}`] }));
}

/**
 * What the application (or the intelligence) records of the answers, in English for the SPOC:
 * what has been happening, where, since when, the reports already made. Contact details are not
 * here: they are the person's record.
 */
export function summaryOf(a: Answers, agencies: ReadonlyArray<{ id: string; name: string }>): string {
  const lines = [`What has been happening: ${a.description ?? ''}`, `Where: ${a.place ?? ''}`];
  if (a.since) lines.push(`Started: ${a.since}`);
  const reports = reportsOf(a, agencies);
  lines.push('Reports already made:');
  for (const r of reports) lines.push(`- ${r.agency}${r.when ? `, about ${r.when}` : ''}${r.ref ? `, reference ${r.ref}` : ''}`);
  if (a.otherReports) lines.push(`- Other: ${a.otherReports}`);
  if (!reports.length && !a.otherReports) lines.push('- none given');
  if (a.contactBy) lines.push(`Letters by: ${a.contactBy}`);
  return lines.join('\n').slice(0, 5000);
}
