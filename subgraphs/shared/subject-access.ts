/**
 * A subject access request (UK GDPR Art. 15): everything the hub holds on one person, across every
 * subgraph, plus who accessed it (the access log). Each subgraph exports its own part from its own
 * schema (`rules/subject-access.ts` in each); the consent subgraph assembles them
 * (consent/rules/subject-access.ts), for `Query.subjectAccessExport` and `npm run sar` alike.
 */
export interface SubjectAccessExport {
  generatedAt: string;
  generatedBy: { sub: string; agencyId: string };
  person: Record<string, unknown>;
  consents: Record<string, unknown>[];
  accessGrants: Record<string, unknown>[];
  incidents: Record<string, unknown>[];
  triggerApplications: Record<string, unknown>[];
  /** The letters addressed to the person or about them (as text; the HTML and PDF say the same). */
  letters: Record<string, unknown>[];
  /** The letters and messages the outbox sent (or tried to) to the person, with the address used. */
  outboxMessages: Record<string, unknown>[];
  caseReviews: Record<string, unknown>[];
  accessLog: Record<string, unknown>[];
  agencies: Record<string, string>;
}

/** The incidents subgraph's part. */
export interface IncidentsPart {
  incidents: Record<string, unknown>[];
  /** The agencies that supplied them (their names come from consent). */
  agencyIds: string[];
}

/** The triggers subgraph's part. */
export interface TriggersPart {
  triggerApplications: Record<string, unknown>[];
  letters: Record<string, unknown>[];
  outboxMessages: Record<string, unknown>[];
  /** The applications' ids, for the reviews subgraph's part. */
  applicationIds: string[];
}

/** The reviews subgraph's part. */
export interface ReviewsPart {
  caseReviews: Record<string, unknown>[];
}

/** A record as plain JSON (an entity's columns; dates as ISO 8601). */
export const plain = (o: object) => JSON.parse(JSON.stringify(o)) as Record<string, unknown>;

/** Drops keys from a plain record (internal columns that say nothing about the person). */
export function without(o: object, ...keys: string[]): Record<string, unknown> {
  const r = plain(o);
  for (const k of keys) delete r[k];
  return r;
}

/** The export as readable sections, one per kind of record: the CLI's HTML page and the console show these. */
export function sarSections(r: SubjectAccessExport): Array<{ title: string; rows: Record<string, unknown>[] }> {
  const { records, ...person } = r.person as { records?: Record<string, unknown>[] } & Record<string, unknown>;
  return [
    { title: 'The person', rows: [person] },
    { title: 'Each agency’s record of the person', rows: records ?? [] },
    { title: 'Consents', rows: r.consents },
    { title: 'Access grants', rows: r.accessGrants },
    { title: 'Incidents', rows: r.incidents },
    { title: 'Community Trigger applications', rows: r.triggerApplications },
    { title: 'Letters', rows: r.letters },
    { title: 'Letters and messages sent (outbox)', rows: r.outboxMessages },
    { title: 'Case reviews', rows: r.caseReviews },
    { title: 'Who accessed the data, and what was done with it (access log)', rows: r.accessLog },
    { title: 'Agencies', rows: Object.entries(r.agencies).map(([id, name]) => ({ id, name })) },
  ];
}
