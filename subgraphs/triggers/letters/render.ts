import Handlebars from 'handlebars';
import { GENERIC_CORRESPONDENCE, type AuthorityContact, type AuthorityCorrespondence } from './correspondence';
import type { ThresholdParameters } from '../rules/threshold-parameters';
import { partials, templates, type TemplateKind } from './templates';

/**
 * Renders the letters from the templates in templates.ts: a subject, an HTML body (values
 * escaped) and a plain-text body. Pure: the caller passes every value the letter shows (names,
 * never ids), and the facts that decide which sentences are true of the case.
 */
export enum LetterKind {
  CT1 = 'CT1',
  CT2 = 'CT2',
  CT3 = 'CT3',
  CT4 = 'CT4',
  CT5 = 'CT5',
  REVIEW_ACTIVATED = 'REVIEW_ACTIVATED',
}

export interface LetterIncident {
  occurredOn: string;
  agency: string;
  sourceRef: string;
  category: string;
  subType?: string | null;
  /** Whether the threshold counted it, or why not, in the applicant's words (CT2). */
  verdict?: string | null;
  actions: Array<{ on: string; action: string; by?: string | null }>;
}

/** The person a letter is written to, as the SPOC may see them: null values were not visible or not held. */
export interface LetterAddressee {
  name: string | null;
  address: string | null;
  postcode: string | null;
}

export interface LetterData {
  reference: string;
  /** The council's name, as the applicant knows it. */
  authority: string;
  correspondence?: AuthorityCorrespondence;
  addressee?: LetterAddressee | null;
  date: string;
  receivedOn?: string;
  /** CT1 and the activation letter: the meeting planned; CT4: the meeting held. */
  meetingOn?: string | null;
  processDueOn?: string | null;
  finalReviewDueOn?: string | null;
  policyName?: string;
  policyVersion?: number;
  counted?: number;
  reason?: string | null;
  incidents?: LetterIncident[];
  actions?: string[];
  leadOfficer?: string | null;
  /** CT5: whether a final review of an action plan took place before closing. */
  finalReviewHeld?: boolean;
  /** The activation letter: a second-stage review. */
  secondStage?: boolean;
  /** The activation letter: the agencies on the panel, by name. */
  panelAgencies?: string[];
  /** CT1 of an online application: the applicant's own page (a signed link) and the day it stops working. */
  applicantLink?: string | null;
  applicantLinkExpiresOn?: string | null;
  /** The Case Review explanation: the authority's threshold in plain words, when it has one. */
  thresholdSentence?: string | null;
}

export interface RenderedLetter {
  kind: LetterKind;
  subject: string;
  html: string;
  text: string;
  /** The address block as printed (name, address, postcode lines), null when none was visible. */
  addressee: string | null;
}

const htmlEnv = Handlebars.create();
const textEnv = Handlebars.create();
textEnv.registerHelper('plusOne', (i: number) => i + 1);
for (const [name, body] of Object.entries(partials.html)) htmlEnv.registerPartial(name, body);
for (const [name, body] of Object.entries(partials.text)) textEnv.registerPartial(name, body);

const compiled = Object.fromEntries(
  Object.entries(templates).map(([kind, t]) => [
    kind,
    {
      subject: textEnv.compile(t.subject, { noEscape: true, strict: false }),
      html: htmlEnv.compile(t.html, { strict: false }),
      text: textEnv.compile(t.text, { noEscape: true, strict: false, ignoreStandalone: true }),
    },
  ]),
) as Record<TemplateKind, { subject: HandlebarsTemplateDelegate; html: HandlebarsTemplateDelegate; text: HandlebarsTemplateDelegate }>;

const present = (v: string | null | undefined): v is string => !!v && v.trim().length > 0;
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "In an emergency, or if a crime is happening now: Kent Police, phone 999." */
export function contactSentence(c: AuthorityContact): string {
  const ways = [c.phone && `phone ${c.phone}`, c.email && `email ${c.email}`, c.web && `online at ${c.web}`].filter(present);
  const who = ways.length ? `${c.name}, ${ways.join(', ')}` : c.name;
  return c.when ? `${capitalise(c.when)}: ${who}.` : `${capitalise(who)}.`;
}

/** The address block's lines: the name, each line of the address, the postcode (once). */
export function addresseeLines(a: LetterAddressee | null | undefined): string[] {
  if (!a) return [];
  const lines = [a.name, ...(a.address ?? '').split(/\s*[,\n]\s*/)].filter(present).map((l) => l.trim());
  if (present(a.postcode) && !lines.some((l) => l.toUpperCase().includes(a.postcode!.trim().toUpperCase()))) lines.push(a.postcode.trim());
  return lines;
}

const list = (names: string[]) => (names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`);

export function renderLetter(kind: LetterKind, data: LetterData): RenderedLetter {
  return { kind, ...renderTemplate(kind, data) };
}

/**
 * The explanation of the ASB Case Review sent at a victim's second report (2025 guidance): the same
 * letter system (header, contacts, signature), kept with the explanation rather than an application.
 */
export function renderExplanationLetter(data: LetterData): Omit<RenderedLetter, 'kind'> {
  return renderTemplate('CASE_REVIEW_EXPLANATION', data);
}

/** "A case review is held when 3 or more incidents are reported within 6 months." */
export function thresholdSentence(p: Pick<ThresholdParameters, 'minIncidents' | 'windowMonths'> | null | undefined): string | null {
  if (!p) return null;
  return `Under this council's threshold a case review is held when ${p.minIncidents} or more incidents have been reported within ${p.windowMonths} months; even when it is not met, the agencies will consider your request and tell you why.`;
}

function renderTemplate(kind: TemplateKind, data: LetterData): Omit<RenderedLetter, 'kind'> {
  const t = compiled[kind];
  const c = data.correspondence ?? GENERIC_CORRESPONDENCE;
  const lines = addresseeLines(data.addressee);
  const name = data.addressee?.name?.trim();
  const incidents = data.incidents ?? [];
  const view = {
    actions: [],
    panelAgencies: [],
    ...data,
    incidents,
    showVerdicts: incidents.some((i) => present(i.verdict)),
    office: c.office,
    senderLines: [...c.address, ...[c.phone && `Telephone ${c.phone}`, c.email && `Email ${c.email}`].filter(present)],
    contactLine: [c.phone && `Telephone ${c.phone}`, c.email && `Email ${c.email}`].filter(present).join(' · '),
    addresseeLines: lines,
    greeting: name ? `Dear ${name},` : 'Dear Sir or Madam,',
    appealHow: c.appeal.how,
    appealWithinDays: c.appeal.withinDays ?? null,
    // The PCC review route exists only for a "threshold not met" decision, and only where the area offers it.
    pccHow: kind === 'CT2' ? (c.pccReview?.how ?? null) : null,
    pccWithinDays: kind === 'CT2' ? (c.pccReview?.withinDays ?? null) : null,
    futureContacts: c.reportFutureIncidents.map(contactSentence),
    panelAgenciesList: list(data.panelAgencies ?? []),
    leadOfficer: present(data.leadOfficer) ? data.leadOfficer.trim() : null,
  };
  return {
    subject: t.subject(view).trim(),
    html: `<!doctype html>\n<html lang="en"><body>\n${t.html(view).trim()}\n</body></html>\n`,
    text: `${t.text(view).trim().replace(/\n{3,}/g, '\n\n')}\n`,
    addressee: lines.length ? lines.join('\n') : null,
  };
}
