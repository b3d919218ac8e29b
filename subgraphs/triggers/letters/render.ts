import Handlebars from 'handlebars';
import { partials, templates } from './templates';

/**
 * Renders letters CT1–CT5 from the templates in templates.ts: a subject, an HTML body (values
 * escaped) and a plain-text body. Pure: the caller passes every value the letter shows.
 */
export enum LetterKind {
  CT1 = 'CT1',
  CT2 = 'CT2',
  CT3 = 'CT3',
  CT4 = 'CT4',
  CT5 = 'CT5',
}

export interface LetterIncident {
  occurredOn: string;
  agency: string;
  sourceRef: string;
  category: string;
  subType?: string | null;
  actions: Array<{ on: string; action: string; by?: string | null }>;
}

export interface LetterData {
  reference: string;
  authority: string;
  date: string;
  receivedOn?: string;
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
  appealWithinDays?: number | null;
}

export interface RenderedLetter {
  kind: LetterKind;
  subject: string;
  html: string;
  text: string;
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
) as Record<LetterKind, { subject: HandlebarsTemplateDelegate; html: HandlebarsTemplateDelegate; text: HandlebarsTemplateDelegate }>;

export function renderLetter(kind: LetterKind, data: LetterData): RenderedLetter {
  const t = compiled[kind];
  const view = { incidents: [], actions: [], ...data };
  return {
    kind,
    subject: t.subject(view).trim(),
    html: `<!doctype html>\n<html lang="en"><body>\n${t.html(view).trim()}\n</body></html>\n`,
    text: `${t.text(view).trim()}\n`,
  };
}
