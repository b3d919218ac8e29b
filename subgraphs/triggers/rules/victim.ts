/**
 * The victim's part in the review (2025 guidance: kept updated by a single point of contact, asked
 * how they want to take part): the named officer, the chosen involvement, and the record of each
 * change that the case history shows. Pure: validated and described here, stored by the resolvers.
 */

export enum VictimInvolvement {
  ATTEND_IN_PERSON = 'ATTEND_IN_PERSON',
  ATTEND_VIRTUALLY = 'ATTEND_VIRTUALLY',
  WRITTEN_SUBMISSION = 'WRITTEN_SUBMISSION',
  KEPT_INFORMED = 'KEPT_INFORMED',
}

export const INVOLVEMENT_WORDS: Record<VictimInvolvement, string> = {
  ATTEND_IN_PERSON: 'attend the case review meeting in person',
  ATTEND_VIRTUALLY: 'attend the case review meeting by video or phone',
  WRITTEN_SUBMISSION: 'send a written account to the panel instead of attending',
  KEPT_INFORMED: 'not take part, but be kept informed',
};

/** The officer who is the victim's single point of contact (a professional's work details). */
export interface VictimContactDetails {
  name: string;
  role: string;
  agencyId: string;
  phone?: string | null;
  email?: string | null;
}

export type VictimEventKind = 'INVOLVEMENT' | 'CONTACT';

/** One change, as the case history shows it (no detail of the victim beyond the choice itself). */
export interface VictimEvent {
  at: string;
  kind: VictimEventKind;
  /** The involvement chosen, or the officer's role and agency. */
  value: string;
  /** `applicant` (on their own page) or the SPOC's user id. */
  by: string;
}

export interface FieldProblem {
  field: string;
  message: string;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;
const PHONE = /^\+?[0-9 ()-]{6,24}$/;

/** What is wrong with the officer's details: each problem names the field, never the value. */
export function victimContactProblems(c: VictimContactDetails, knownAgency: (id: string) => boolean): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const text = (field: keyof VictimContactDetails, max: number) => {
    const v = (c[field] ?? '').trim();
    if (!v) problems.push({ field, message: `VictimContact.${field} is required` });
    else if (v.length > max) problems.push({ field, message: `VictimContact.${field} is longer than ${max} characters` });
  };
  text('name', 120);
  text('role', 120);
  if (!c.agencyId?.trim()) problems.push({ field: 'agencyId', message: 'VictimContact.agencyId is required' });
  else if (!knownAgency(c.agencyId)) problems.push({ field: 'agencyId', message: 'VictimContact.agencyId is not a partner agency of the authority' });
  if (c.phone && !PHONE.test(c.phone.trim())) problems.push({ field: 'phone', message: 'VictimContact.phone is not a telephone number' });
  if (c.email && (!EMAIL.test(c.email.trim()) || c.email.length > 254))
    problems.push({ field: 'email', message: 'VictimContact.email is not an e-mail address' });
  if (!c.phone?.trim() && !c.email?.trim()) problems.push({ field: 'phone', message: 'VictimContact needs a phone number or an e-mail address' });
  return problems;
}

export function normaliseContact(c: VictimContactDetails): VictimContactDetails {
  return { name: c.name.trim(), role: c.role.trim(), agencyId: c.agencyId.trim(), phone: c.phone?.trim() || null, email: c.email?.trim() || null };
}

/** The case history's headline of a change: non-personal (the choice, or the officer's role and agency). */
export function victimEventTitle(e: VictimEvent): string {
  if (e.kind === 'INVOLVEMENT') {
    const words = INVOLVEMENT_WORDS[e.value as VictimInvolvement] ?? e.value;
    return `Victim's involvement: ${words}${e.by === 'applicant' ? ' (chosen by the applicant on their page)' : ' (recorded by the SPOC)'}`;
  }
  return `Victim's single point of contact named: ${e.value}`;
}

/** The events with one more, oldest first, at most 100 kept (the latest). */
export function withEvent(events: VictimEvent[] | null | undefined, e: VictimEvent): VictimEvent[] {
  return [...(events ?? []), e].slice(-100);
}
