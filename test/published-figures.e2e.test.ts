import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { TriggerApplication, ApplicationStatus } from '../subgraphs/triggers/entities/TriggerApplication';
import { ApplicantType, ApplicationChannel, TriggerDecision } from '../subgraphs/shared/enums';
import { protectCount, type DisclosurePolicy } from '../subgraphs/shared/disclosure';
import { DEFAULT_PTABLE, loadPerturbationTable } from '../subgraphs/shared/perturbation-tables';
import { postGraphQL, startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * The published yearly figures (2025 guidance): `publishedTriggerStatistics` without a token, and
 * `GET /published/<authority>/<year>.csv`. Applications sit in 2021 (received, decided, outcomes
 * sent) for Sevenoaks DC and East Herts, so the demo data does not touch them.
 */
let t: TestHub;
const policy: DisclosurePolicy = { minCount: 5, ptable: loadPerturbationTable(DEFAULT_PTABLE) };
const FIGURES = 'applicationsReceived thresholdNotMet reviewsCarriedOut reviewsWithRecommendations suppressedFigures disclosureControlled from to';
const PUBLISHED = `query($a: ID!, $y: Int!) { publishedTriggerStatistics(authority: $a, year: $y) { authority { id } ${FIGURES} } }`;
const OWN = `query($a: ID, $from: Date!, $to: Date!) { triggerStatistics(authority: $a, from: $from, to: $to) { authority { id } ${FIGURES} } }`;

let seq = 0;
function application(
  em: ReturnType<TestHub['hub']['subgraphs']['triggers']['db']['orm']['em']['fork']>,
  authority: string,
  receivedAt: string,
  over: Partial<TriggerApplication> = {},
) {
  return em.create(TriggerApplication, {
    reference: `PUB-${++seq}`,
    authorityAgencyId: authority,
    applicantPersonId: randomUUID(),
    channel: ApplicationChannel.ONLINE,
    applicantType: ApplicantType.VICTIM,
    recordedByAgencyId: authority,
    consentToShare: true,
    status: ApplicationStatus.RECEIVED,
    receivedAt: new Date(receivedAt),
    ...over,
  });
}

beforeAll(async () => {
  t = await startTestHub({ seed: true });
  const em = t.hub.subgraphs.triggers.db.orm.em.fork();
  // Sevenoaks 2021: 11 received, 7 not met, 6 reviews of which 3 with recommendations; one received 31 Dec 2020 23:30 UTC (2020 in London too).
  for (let i = 0; i < 11; i++) {
    const received = `2021-0${1 + (i % 9)}-1${i % 10}T10:00:00Z`;
    const over: Partial<TriggerApplication> =
      i < 7
        ? { status: ApplicationStatus.DECIDED, decision: TriggerDecision.THRESHOLD_NOT_MET, decidedAt: new Date(`2021-10-0${1 + i}T10:00:00Z`) }
        : { status: ApplicationStatus.DECIDED, decision: TriggerDecision.THRESHOLD_MET, decidedAt: new Date('2021-10-20T10:00:00Z') };
    application(em, 'sevenoaks-dc', received, over);
  }
  for (let i = 0; i < 6; i++) {
    application(em, 'sevenoaks-dc', '2020-06-01T10:00:00Z', {
      status: ApplicationStatus.OUTCOME_SENT,
      decision: TriggerDecision.THRESHOLD_MET,
      decidedAt: new Date('2020-07-01T10:00:00Z'),
      outcomeSentAt: new Date(`2021-11-0${1 + i}T10:00:00Z`),
      agreedActions: i < 3 ? ['Patrols'] : [],
    });
  }
  application(em, 'sevenoaks-dc', '2020-12-31T23:30:00Z');
  for (let i = 0; i < 8; i++) application(em, 'east-herts-dc', `2021-03-0${1 + i}T10:00:00Z`);
  await em.flush();
});
afterAll(async () => {
  await t?.stop();
});

/** What the disclosure rule gives the authority's applications matching `where` in London 2021, from the table itself. */
async function expected(authority: string, column: string, extra = 'true') {
  const [r] = await t.hub.subgraphs.triggers.db.orm.em
    .fork()
    .getConnection()
    .execute(
      `select count(*)::int as n, coalesce(sum("record_key"), 0)::int as k from "triggers"."trigger_application"
     where "authority_agency_id" = ? and "${column}" >= '2021-01-01T00:00:00Z' and "${column}" < '2022-01-01T00:00:00Z' and ${extra}`,
      [authority],
    );
  return { exact: r.n as number, published: protectCount({ count: r.n, key: r.k }, policy) };
}

describe('published figures (no token)', () => {
  it('answer without a token, equal to the disclosure rule applied to the authority’s own exact figures, and to an analyst’s', async () => {
    const res = await t.query<any>(PUBLISHED, { a: 'sevenoaks-dc', y: 2021 });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const published = res.data!.publishedTriggerStatistics;
    expect(published).toMatchObject({ authority: { id: 'sevenoaks-dc' }, from: '2021-01-01', to: '2021-12-31', disclosureControlled: true });

    const own = await t.query<any>(OWN, { a: 'sevenoaks-dc', from: '2021-01-01', to: '2021-12-31' }, { token: await tokenFor('sevenoaks-dc', 'spoc') });
    const exact = own.data!.triggerStatistics;
    expect(exact.disclosureControlled).toBe(false);
    const cells = {
      applicationsReceived: await expected('sevenoaks-dc', 'received_at'),
      thresholdNotMet: await expected('sevenoaks-dc', 'decided_at', `"decision" = 'THRESHOLD_NOT_MET'`),
      reviewsCarriedOut: await expected('sevenoaks-dc', 'outcome_sent_at'),
      reviewsWithRecommendations: await expected('sevenoaks-dc', 'outcome_sent_at', `cardinality("agreed_actions") > 0`),
    };
    expect(Object.values(cells).map((c) => c.exact)).toEqual([11, 7, 6, 3]);
    for (const [figure, cell] of Object.entries(cells)) {
      // The SPOC's exact figure is the table's; the published one is the rule applied to it.
      expect(exact[figure], figure).toBe(cell.exact);
      expect(published[figure], figure).toBe(cell.published.count);
      expect(published.suppressedFigures.includes(figure), figure).toBe(cell.published.suppressed);
    }
    expect(published.suppressedFigures).toContain('reviewsWithRecommendations');

    // An analyst asking the same year gets the very same answer.
    const analyst = await t.query<any>(OWN, { a: 'sevenoaks-dc', from: '2021-01-01', to: '2021-12-31' }, { token: await tokenFor('sevenoaks-dc', 'analyst') });
    expect(analyst.data!.triggerStatistics).toEqual(published);
    // Even a SPOC of the authority gets the published (controlled) figures from this query.
    const bySpoc = await t.query<any>(PUBLISHED, { a: 'sevenoaks-dc', y: 2021 }, { token: await tokenFor('sevenoaks-dc', 'spoc') });
    expect(bySpoc.data!.publishedTriggerStatistics).toEqual(published);
    // Another authority's figures are its own.
    const other = await t.query<any>(PUBLISHED, { a: 'east-herts-dc', y: 2021 });
    expect(other.data!.publishedTriggerStatistics.applicationsReceived).toBe((await expected('east-herts-dc', 'received_at')).published.count);
  });

  it('opens that query only: anything else, or anything beside it, is UNAUTHENTICATED without a token, at the gateway and at the subgraph', async () => {
    const mixed = await t.query<any>(`query { publishedTriggerStatistics(authority: "sevenoaks-dc", year: 2021) { from } triggerApplications { id } }`);
    expect(mixed.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const stats = await t.query<any>(OWN, { a: 'sevenoaks-dc', from: '2021-01-01', to: '2021-12-31' });
    expect(stats.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const spread = await t.query<any>(`query { ...F } fragment F on Query { triggerApplications { id } }`);
    expect(spread.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const mutation = await t.query<any>(`mutation { markNotPursued(id: "00000000-0000-0000-0000-000000000000", reason: WITHDRAWN) { id } }`);
    expect(mutation.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    // The authority's name lives in the consent subgraph, which answers nobody without a token.
    const named = await t.query<any>(`query { publishedTriggerStatistics(authority: "sevenoaks-dc", year: 2021) { authority { name } } }`);
    expect(named.errors!.length).toBeGreaterThan(0);
    expect(JSON.stringify(named.data ?? null)).not.toContain('Sevenoaks District');
    const triggers = t.hub.subgraphs.triggers.url;
    const direct = await postGraphQL<any>(triggers, OWN, { a: 'sevenoaks-dc', from: '2021-01-01', to: '2021-12-31' });
    expect(direct.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const entities = await postGraphQL<any>(
      t.hub.subgraphs.consent.url,
      `query { _entities(representations: [{ __typename: "Agency", id: "sevenoaks-dc" }]) { ... on Agency { name } } }`,
    );
    expect(entities.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const directPublished = await postGraphQL<any>(triggers, PUBLISHED, { a: 'sevenoaks-dc', y: 2021 });
    expect(directPublished.errors).toBeUndefined();
    // A bad token is still refused, even for the public query.
    const forged = await t.query<any>(PUBLISHED, { a: 'sevenoaks-dc', y: 2021 }, { token: 'not-a-token' });
    expect(forged.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a year before the Community Trigger or in the future by name', async () => {
    for (const y of [2013, new Date().getUTCFullYear() + 2]) {
      const res = await t.query<any>(PUBLISHED, { a: 'sevenoaks-dc', y });
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'year' });
    }
  });
});

describe('GET /published/<authority>/<year>.csv', () => {
  const base = () => `http://127.0.0.1:${t.hub.gateway.port}`;
  it('serves the query’s answer as CSV, without a token', async () => {
    const res = await fetch(`${base()}/published/sevenoaks-dc/2021.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = parse(await res.text(), { columns: true }) as Array<Record<string, string>>;
    const q = (await t.query<any>(PUBLISHED, { a: 'sevenoaks-dc', y: 2021 })).data!.publishedTriggerStatistics;
    const cell = (v: number | null) => (v === null ? '' : String(v));
    expect(rows).toEqual([
      {
        authority: 'sevenoaks-dc',
        year: '2021',
        from: q.from,
        to: q.to,
        applicationsReceived: cell(q.applicationsReceived),
        thresholdNotMet: cell(q.thresholdNotMet),
        reviewsCarriedOut: cell(q.reviewsCarriedOut),
        reviewsWithRecommendations: cell(q.reviewsWithRecommendations),
        suppressedFigures: q.suppressedFigures.join(' '),
      },
    ]);
    expect(rows[0].reviewsWithRecommendations).toBe('');
  });

  it('says why it cannot: 400 for a year out of range, 404 for another path', async () => {
    expect((await fetch(`${base()}/published/sevenoaks-dc/2013.csv`)).status).toBe(400);
    expect((await fetch(`${base()}/published/sevenoaks-dc/2021.json`)).status).toBe(404);
    expect((await fetch(`${base()}/published/${encodeURIComponent('a b')}/2021.csv`)).status).toBe(404);
  });

  it('serves the same figures as a public page, for an authority of the hub only', async () => {
    const res = await fetch(`${base()}/published/sevenoaks-dc/2021`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    const q = (await t.query<any>(PUBLISHED, { a: 'sevenoaks-dc', y: 2021 })).data!.publishedTriggerStatistics;
    expect(html).toContain('ASB Case Review (Community Trigger) figures 2021: Sevenoaks District Council');
    const cells = [...html.matchAll(/govuk-table__cell--numeric">([^<]*)</g)].map((m) => m[1]);
    const shown = (v: number | null) => (v === null ? 'Not published: too few to publish safely' : String(v));
    expect(cells).toEqual([q.applicationsReceived, q.thresholdNotMet, q.reviewsCarriedOut, q.reviewsWithRecommendations].map(shown));
    expect(html).toContain('href="/published/sevenoaks-dc/2021.csv"');
    expect((await fetch(`${base()}/published/kent-police/2021`)).status).toBe(404);
    expect((await fetch(`${base()}/published/nowhere/2021`)).status).toBe(404);
    expect((await fetch(`${base()}/published/sevenoaks-dc/2013`)).status).toBe(400);
  });
});
