import { signToken } from '../../platform/auth';
import type { SubgraphName } from '../../platform/services';
import { DEMO } from '../../seeds/demo-data';
import type { Answer, AnswerError } from './fault-rules';
import type { Scenario } from './load';

/**
 * The realistic mix of the soak (`npm run soak`) and the fault drills (`npm run faults`): reviewers
 * reading a case history, SPOCs looking people up, analysts asking for statistics, people
 * registered and incidents submitted by a police system. Each request is recorded as an `Answer`
 * (codes, personal values served, the write it acknowledged or was refused), which the soak
 * reduces to right/wrong and the drills hand to their pass rules (fault-rules.ts).
 */
export interface MixScenario {
  name: string;
  weight: number;
  /** The subgraphs a full answer needs. */
  uses: SubgraphName[];
  send(): Promise<Answer>;
}

type GqlBody = { data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };

export interface Tokens {
  reviewer: string;
  spoc: string;
  analyst: string;
  police: string;
}

export async function mixTokens(prefix: string): Promise<Tokens> {
  return {
    reviewer: await signToken({ sub: `${prefix}.reviewer`, agency: 'kent-mental-health', roles: ['reviewer'], ttl: '2h' }),
    spoc: await signToken({ sub: `${prefix}.spoc`, agency: 'sevenoaks-dc', roles: ['spoc'], ttl: '2h' }),
    analyst: await signToken({ sub: `${prefix}.analyst`, agency: 'sevenoaks-dc', roles: ['analyst'], ttl: '2h' }),
    police: await signToken({ sub: `${prefix}.police-system`, agency: 'kent-police', roles: ['contributor'], ttl: '2h' }),
  };
}

/** One request; a transport failure (refused, reset) is recorded, not thrown. */
export async function post(url: string, token: string, query: string, variables?: Record<string, unknown>): Promise<{ body?: GqlBody; transport?: string }> {
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    const text = await res.text();
    try {
      return { body: JSON.parse(text) as GqlBody };
    } catch {
      return { transport: `HTTP ${res.status} without a GraphQL body` };
    }
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause;
    return { transport: cause?.code ?? String(err).slice(0, 80) };
  }
}

export const errorsOf = (body?: GqlBody): AnswerError[] =>
  (body?.errors ?? []).map((e) => ({
    code: String(e.extensions?.code ?? 'NONE'),
    ...(typeof e.extensions?.service === 'string' ? { service: e.extensions.service } : {}),
    ...(typeof e.extensions?.reason === 'string' ? { reason: e.extensions.reason } : {}),
  }));

/** Personal values actually served (not null) at these paths of the answer. */
function personalServed(values: unknown[]): number {
  return values.filter((v) => v !== null && v !== undefined).length;
}

// Letters only: person matching ignores digits, so "Soak1" and "Soak2" would be one person.
export const lettersOf = (n: number): string => (n < 26 ? '' : lettersOf(Math.floor(n / 26) - 1)) + String.fromCharCode(97 + (n % 26));

const SUBMIT = `mutation($records: [IncidentInput!]!) { submitIncidents(source: POLICE, records: $records) { accepted updated rejected { index errors { field message } } } }`;

/**
 * The police system's reporters: 90 % of records name people it has sent before (picked at random
 * among every reporter sent so far in this process, so a reporter's history grows slowly, as in
 * life), 10 % people it has not (consent resolves them): every 5th batch is half new people, the
 * others name known people only (those go on while consent is down). One fixed set of
 * reporters in every batch would give each of them a report a batch: thousands of reports in a
 * run, a history no victim has, which the second-report check of every submission then carries.
 */
const BATCH = 20;
/** Reporters sent before (acknowledged), shared by every mix of the process like `nextName`. */
const knownReporters: Array<{ familyName: string; personRef: string }> = [];
const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)];

/** Reporters named for the first time by a batch not yet acknowledged. */
const fresh = new Set<string>();

/** A batch of 20 records (reporters as above). */
// Each record its own hour of the last 375 days and its own address of 4,000 (in 200 areas): a police
// system's batch is 20 different calls. Before, a batch's 20 records shared one hour of 500 and the same
// 20 addresses, so every 500th batch reported the same 20 incidents again, and the same-incident clusters
// (and each batch's linking) grew with the run: 14 reports of one address and hour after 30 minutes.
// Now the same address and hour come back once every 36,000 records.
const HOURS = 9_000;
const ADDRESSES = 4_000;

export function policeBatch(tag: string, b: number) {
  const hourOf = (n: number) => new Date(Date.now() - (1 + ((n * 7_919) % HOURS)) * 3_600_000).toISOString();
  const chosen = new Set<string>();
  const records = Array.from({ length: BATCH }, (_, i) => {
    let reporter: { givenName: string; familyName: string; personRef: string } | undefined;
    if (knownReporters.length && i < (b % 5 === 0 ? BATCH / 2 : BATCH)) {
      // Distinct within a batch, as a police system's batch of different calls would be (a few tries).
      for (let t = 0; t < 5 && !reporter; t++) {
        const k = pick(knownReporters);
        if (!chosen.has(k.personRef)) reporter = { givenName: 'Soak', ...k };
      }
    }
    if (!reporter) {
      reporter = { givenName: 'Soak', familyName: `Reporter${lettersOf(nextName++)}`, personRef: `${tag}-P-${b}-${i}` };
      fresh.add(reporter.personRef);
    }
    chosen.add(reporter.personRef);
    return {
      sourceRef: `${tag}-${b}-${i}`, category: i % 3 ? 'NUISANCE' : 'PERSONAL', subType: 'Noise', occurredAt: hourOf(b * BATCH + i), reportedAt: hourOf(b * BATCH + i),
      description: 'Loud music late at night; words of advice given.',
      location: { address: `${1 + ((b * BATCH + i) % ADDRESSES)} Elm Court, Sevenoaks`, lsoaCode: `E0102${4500 + ((b * BATCH + i) % 200)}` },
      reporter,
      police: { attendingOfficer: 'PC 1000' },
    };
  });
  return records;
}

/** Whether a batch names a reporter not sent before (it then needs consent). */
const namesNew = (records: ReturnType<typeof policeBatch>) => records.some((r) => fresh.has(r.reporter.personRef));

/** Once a batch is acknowledged, its new reporters are known. */
function remember(records: ReturnType<typeof policeBatch>) {
  for (const { reporter: r } of records) {
    if (fresh.delete(r.personRef)) knownReporters.push({ familyName: r.familyName, personRef: r.personRef });
  }
}

/** Names are unique across every mix of a run (person matching would merge a repeated one). */
let nextName = 0;

export async function submitBatch(url: string, token: string, records: ReturnType<typeof policeBatch>) {
  return post(url, token, SUBMIT, { records });
}

/** Many callers: `count` token sets, each with its own subjects (a distinct token per caller, as in production). */
export async function manyMixTokens(prefix: string, count: number): Promise<Tokens[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => mixTokens(`${prefix}.${i}`)));
}

export function mix(url: string, tokens: Tokens | Tokens[], opts: { tag?: string } = {}): MixScenario[] {
  const tag = opts.tag ?? `SOAK-${process.pid}`;
  const all = Array.isArray(tokens) ? tokens : [tokens];
  // Each request is sent as one of the callers, picked at random.
  const caller = (): Tokens => all[Math.floor(Math.random() * all.length)];
  let batch = 0;
  const answer = (scenario: string, r: { body?: GqlBody; transport?: string }, ok: (d: any) => boolean, personal: (d: any) => unknown[] = () => []): Answer => {
    const errors = errorsOf(r.body);
    const data = r.body?.data;
    return {
      scenario,
      ...(r.transport ? { transport: r.transport } : {}),
      hasData: data != null,
      errors,
      ok: !r.transport && !errors.length && data != null && ok(data),
      personalValues: data ? personalServed(personal(data)) : 0,
    };
  };
  const scenarios: MixScenario[] = [
    {
      name: 'reviewer: case history',
      weight: 5,
      uses: ['reviews', 'triggers', 'consent', 'incidents'],
      send: async () => {
        const r = await post(url, caller().reviewer, `query CaseHistory($id: ID!) { caseReview(id: $id) { id application { reference applicant { givenName incidents { id source description } } } } }`, { id: DEMO.reviews.aliceReview });
        return answer(
          'reviewer: case history',
          r,
          (d) => d.caseReview.application.applicant.givenName === 'Alice',
          (d) => {
            const p = d.caseReview?.application?.applicant;
            return [p?.givenName, ...((p?.incidents ?? []) as Array<{ description: unknown }>).map((i) => i?.description)];
          },
        );
      },
    },
    {
      name: 'spoc: person and applications',
      weight: 3,
      uses: ['consent', 'triggers'],
      send: async () => {
        const r = await post(url, caller().spoc, `query Person($id: ID!) { person(id: $id) { familyName triggerApplications { reference status deadlines { kind dueOn overdue } } } }`, { id: DEMO.people.bob });
        return answer('spoc: person and applications', r, (d) => d.person.familyName === 'Hughes', (d) => [d.person?.familyName]);
      },
    },
    {
      name: 'analyst: trigger statistics',
      weight: 2,
      uses: ['triggers'],
      send: async () => {
        const r = await post(url, caller().analyst, `{ triggerStatistics(from: "2026-01-01", to: "2026-12-31") { applicationsReceived thresholdNotMet acknowledgedInTime { share } } }`);
        return answer('analyst: trigger statistics', r, (d) => d.triggerStatistics !== null);
      },
    },
    {
      name: 'analyst: incident statistics by month and source',
      weight: 2,
      uses: ['incidents'],
      send: async () => {
        const r = await post(url, caller().analyst, `{ incidentStatistics(groupBy: [MONTH, SOURCE]) { month source count suppressed } }`);
        return answer('analyst: incident statistics by month and source', r, (d) => Array.isArray(d.incidentStatistics));
      },
    },
    {
      name: 'write: register a person',
      weight: 1,
      uses: ['consent'],
      send: async () => {
        const key = `Soak${lettersOf(nextName++)}`;
        const r = await post(url, caller().spoc, `mutation($input: PersonInput!) { registerPerson(input: $input) { id } }`, {
          input: { givenName: key, familyName: 'Resident', dateOfBirth: '1980-01-01', postcode: 'TN13 1AA' },
        });
        const a = answer('write: register a person', r, (d) => !!d.registerPerson?.id);
        return { ...a, write: { kind: 'person', keys: [key], acknowledged: a.ok ? [r.body!.data.registerPerson.id] : [], needs: ['consent'] } };
      },
    },
    {
      name: 'ingestion: police system submits 20 incidents',
      weight: 1,
      uses: ['incidents', 'consent'],
      send: async () => {
        const b = ++batch;
        const records = policeBatch(tag, b);
        const r = await submitBatch(url, caller().police, records);
        const a = answer('ingestion: police system submits 20 incidents', r, (d) => d.submitIncidents.accepted === 20 && d.submitIncidents.rejected.length === 0);
        // Only a batch that names someone not sent before needs consent.
        const needs = namesNew(records) ? ['consent'] : [];
        if (a.ok) remember(records);
        const keys = records.map((x) => x.sourceRef);
        return { ...a, write: { kind: 'batch', keys, acknowledged: a.ok ? keys : [], resend: records, needs } };
      },
    },
  ];
  return scenarios.map((s) => ({ ...s, send: async () => ({ ...(await s.send()), uses: s.uses }) }));
}

/** The mix as load-generator scenarios; every answer is also handed to `record`. */
export function asScenarios(m: MixScenario[], record?: (a: Answer, sentAt: number, ms: number) => void): Scenario[] {
  return m.map((s) => ({
    name: s.name,
    weight: s.weight,
    run: async () => {
      const sentAt = Date.now();
      const a = await s.send();
      record?.(a, sentAt, Date.now() - sentAt);
      return a.ok;
    },
  }));
}
