import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Incident } from '../subgraphs/incidents/entities/Incident';
import { AsbCategory, IncidentSource } from '../subgraphs/shared/enums';
import { possibleTrueCounts, type DisclosurePolicy } from '../subgraphs/shared/disclosure';
import { runStats, toCsv, UsageError } from '../scripts/stats';
import { startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * Analysts' incident statistics through the gateway: counts from the trigger-maintained monthly
 * aggregate, under disclosure control (1–4 suppressed, the rest rounded to 5, whole months).
 * The incidents below sit in 2019 in areas of their own, so the demo data does not touch them.
 */
let t: TestHub;
let analyst: string;
const AREA = 'E01999001';
const OTHER_AREA = 'E01999002';
const policy: DisclosurePolicy = { minCount: 5, roundingBase: 5 };

/** Every true count that could have been published as `p`. */
const candidates = (p: { count: number | null; suppressed: boolean }) => possibleTrueCounts(p, policy);

let seq = 0;
function incident(em: ReturnType<TestHub['hub']['subgraphs']['incidents']['db']['orm']['em']['fork']>, at: string, area: string, over: Partial<Incident> = {}) {
  const occurredAt = new Date(at);
  return em.create(Incident, {
    source: IncidentSource.POLICE, agencyId: 'kent-police', sourceRef: `STATS-${++seq}`, category: AsbCategory.NUISANCE,
    occurredAt, reportedAt: occurredAt, lsoaCode: area, personIds: [], ...over,
  });
}

const STATS = `query($groupBy: [IncidentDimension!]!, $filter: IncidentStatsFilter) {
  incidentStatistics(groupBy: $groupBy, filter: $filter) { month source category area agencyId count suppressed } }`;

async function stats(groupBy: string[], filter: Record<string, unknown>, token = analyst) {
  const res = await t.query<any>(STATS, { groupBy, filter }, { token });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.incidentStatistics as Array<Record<string, any>>;
}

beforeAll(async () => {
  t = await startTestHub({ seed: true });
  analyst = await tokenFor('sevenoaks-dc', 'analyst');
  const em = t.hub.subgraphs.incidents.db.orm.em.fork();
  // AREA: January 12 (police nuisance), February 3 (housing personal), March 8 (warden environmental).
  for (let i = 0; i < 12; i++) incident(em, `2019-01-${String(2 + i).padStart(2, '0')}T12:00:00Z`, AREA);
  for (let i = 0; i < 3; i++) incident(em, `2019-02-1${i}T12:00:00Z`, AREA, { source: IncidentSource.HOUSING, agencyId: 'west-kent-housing', category: AsbCategory.PERSONAL });
  for (let i = 0; i < 8; i++) incident(em, `2019-03-0${1 + i}T12:00:00Z`, AREA, { source: IncidentSource.WARDEN, agencyId: 'kent-wardens', category: AsbCategory.ENVIRONMENTAL });
  // 31 March 23:30 UTC is 1 April 00:30 in London (BST): an April incident.
  incident(em, '2019-03-31T23:30:00Z', OTHER_AREA);
  await em.flush();
});
afterAll(async () => {
  await t?.stop();
});

const YEAR_2019 = { from: '2019-01-01', to: '2019-12-31' };

describe('incident statistics for analysts', () => {
  it('groups by month and area, suppresses 1–4 and rounds the rest to 5, with London months', async () => {
    const rows = await stats(['MONTH', 'AREA'], YEAR_2019);
    expect(rows).toEqual([
      { month: '2019-01', area: AREA, count: 10, suppressed: false, source: null, category: null, agencyId: null },
      { month: '2019-02', area: AREA, count: null, suppressed: true, source: null, category: null, agencyId: null },
      { month: '2019-03', area: AREA, count: 10, suppressed: false, source: null, category: null, agencyId: null },
      { month: '2019-04', area: OTHER_AREA, count: null, suppressed: true, source: null, category: null, agencyId: null },
    ]);
  });

  it('groups by source, category and agency, and filters on each', async () => {
    const bySource = await stats(['SOURCE', 'CATEGORY', 'AGENCY'], YEAR_2019);
    expect(bySource.map((r) => [r.source, r.category, r.agencyId, r.count, r.suppressed])).toEqual([
      ['HOUSING', 'PERSONAL', 'west-kent-housing', null, true],
      ['POLICE', 'NUISANCE', 'kent-police', 15, false], // 12 + 1 in April → 13 → 15
      ['WARDEN', 'ENVIRONMENTAL', 'kent-wardens', 10, false],
    ]);
    expect(await stats([], { ...YEAR_2019, source: 'WARDEN' })).toEqual([{ month: null, source: null, category: null, area: null, agencyId: null, count: 10, suppressed: false }]);
    expect((await stats(['AREA'], { ...YEAR_2019, agencyId: 'kent-police', category: 'NUISANCE' })).map((r) => [r.area, r.count, r.suppressed])).toEqual([
      [AREA, 10, false],
      [OTHER_AREA, null, true],
    ]);
  });

  it('defeats differencing: the total less the other cells does not give a suppressed cell', async () => {
    // True: whole 2019 in AREA = 23, January 12, March 8, so February = 3 (suppressed).
    const rows = await stats(['AREA'], YEAR_2019);
    const total = rows.find((r) => r.area === AREA)!;
    const months = await stats(['MONTH', 'AREA'], YEAR_2019);
    const jan = months.find((r) => r.month === '2019-01')!;
    const mar = months.find((r) => r.month === '2019-03')!;
    expect(total.count - jan.count - mar.count).not.toBe(3);
    const feb = new Set<number>();
    for (const tt of candidates(total)) for (const j of candidates(jan)) for (const m of candidates(mar)) if (tt - j - m >= 1 && tt - j - m <= 4) feb.add(tt - j - m);
    expect([...feb].sort()).toEqual([1, 2, 3, 4]);

    // Two overlapping periods (January–March and February–March) differ by January, which is shown.
    // February–March less March is February: still not pinned down.
    const febMar = (await stats(['AREA'], { from: '2019-02-01', to: '2019-03-31' })).find((r) => r.area === AREA)!;
    const marOnly = (await stats(['AREA'], { from: '2019-03-01', to: '2019-03-31' })).find((r) => r.area === AREA)!;
    const feb2 = new Set<number>();
    for (const a of candidates(febMar)) for (const b of candidates(marOnly)) if (a - b >= 1 && a - b <= 4) feb2.add(a - b);
    expect(feb2.size).toBeGreaterThan(1);
  });

  it('counts whole months: a date filter cannot be slid a day at a time onto one incident', async () => {
    const oneDay = await stats(['AREA'], { from: '2019-02-11', to: '2019-02-11' });
    const wholeMonth = await stats(['AREA'], { from: '2019-02-01', to: '2019-02-28' });
    expect(oneDay).toEqual(wholeMonth);
    expect(oneDay).toEqual([{ month: null, source: null, category: null, area: AREA, agencyId: null, count: null, suppressed: true }]);
  });

  it('follows every change to incidents: moved, recategorised, deleted, anonymised', async () => {
    const em = t.hub.subgraphs.incidents.db.orm.em.fork();
    const march = await em.find(Incident, { lsoaCode: AREA, source: IncidentSource.WARDEN }, { orderBy: { occurredAt: 'asc' } });
    // Move two March incidents to January: January 14 → 15, March 6 → 5.
    march[0].occurredAt = new Date('2019-01-20T10:00:00Z');
    march[1].occurredAt = new Date('2019-01-21T10:00:00Z');
    // Recategorise one, delete another, anonymise a third (retention keeps what statistics need).
    march[2].category = AsbCategory.NUISANCE;
    em.remove(march[3]);
    march[4].anonymisedAt = new Date();
    march[4].description = null;
    await em.flush();
    const rows = await stats(['MONTH', 'CATEGORY'], { ...YEAR_2019, agencyId: 'kent-wardens' });
    expect(rows.map((r) => [r.month, r.category, r.count, r.suppressed])).toEqual([
      ['2019-01', 'ENVIRONMENTAL', null, true], // 2
      ['2019-03', 'ENVIRONMENTAL', null, true], // 8 − 2 moved − 1 recategorised − 1 deleted = 4
      ['2019-03', 'NUISANCE', null, true], // 1
    ]);
    const raw = await em.getConnection().execute(
      `select count(*)::int as n from "incidents"."incident" where "agency_id" = 'kent-wardens' and "lsoa_code" = ?`, [AREA]);
    const aggregate = await em.getConnection().execute(
      `select sum("count")::int as n from "incidents"."incident_monthly_count" where "agency_id" = 'kent-wardens' and "lsoa_code" = ?`, [AREA]);
    expect(aggregate[0].n).toBe(raw[0].n);
    // The table without areas agrees with the one with them, cell for cell.
    const disagreeing = await em.getConnection().execute(
      `select count(*)::int as n from (select "month", "source", "category", "agency_id", sum("count") as c from "incidents"."incident_monthly_count" group by 1, 2, 3, 4) a
        full join "incidents"."incident_monthly_total" t using ("month", "source", "category", "agency_id") where a.c is distinct from t."count"`);
    expect(disagreeing[0].n).toBe(0);
    expect(raw[0].n).toBe(7);
  });

  it('answers in one SQL statement whatever the grouping', async () => {
    const before = t.sqlCount('incidents');
    await stats(['MONTH', 'AREA', 'SOURCE', 'CATEGORY', 'AGENCY'], {});
    expect(t.sqlCount('incidents') - before).toBe(1);
  });

  it('refuses bad input by name and every role that is not for statistics', async () => {
    const backwards = await t.query<any>(STATS, { groupBy: ['MONTH'], filter: { from: '2019-05-01', to: '2019-01-01' } }, { token: analyst });
    expect(backwards.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.to' });
    const twice = await t.query<any>(STATS, { groupBy: ['MONTH', 'MONTH'] }, { token: analyst });
    expect(twice.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'groupBy' });
    const badDim = await t.query<any>(STATS, { groupBy: ['PERSON'] }, { token: analyst });
    expect(badDim.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    for (const role of ['reviewer', 'contributor'] as const) {
      const res = await t.query<any>(STATS, { groupBy: ['MONTH'] }, { token: await tokenFor('kent-police', role) });
      expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
      expect(res.data).toBeNull();
    }
    const anonymous = await t.query<any>(STATS, { groupBy: ['MONTH'] });
    expect(anonymous.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });
});

describe('npm run stats', () => {
  it('exports a statistics query as CSV, exactly as the API publishes it', async () => {
    const hub = { url: `http://127.0.0.1:${t.hub.gateway.port}/graphql`, token: analyst };
    const incidents = toCsv(await runStats(['incidents', '--group-by', 'month,area', '--from', '2019-02-01', '--to', '2019-02-28', '--csv'], hub));
    expect(incidents).toBe(`month,area,count,suppressed\n2019-02,${AREA},,true\n`);
    const triggers = toCsv(await runStats(['triggers', '--from', '2020-01-01', '--to', '2030-12-31'], hub)).split('\n');
    expect(triggers[0]).toBe(
      'authority,from,to,applicationsReceived,thresholdNotMet,reviewsCarriedOut,reviewsWithRecommendations,suppressedFigures,' +
        'acknowledgementsDue,acknowledgedInTime,acknowledgedInTimeShare,decisionsDue,decidedInTime,decidedInTimeShare',
    );
    expect(triggers[1]).toMatch(/^all,2020-01-01,2030-12-31,/);
    expect(triggers.some((l) => l.startsWith('sevenoaks-dc,'))).toBe(true);
    await expect(runStats(['incidents', '--group-by', 'month,month'], hub)).rejects.toThrow('BAD_USER_INPUT (groupBy)');
    await expect(runStats(['people'], hub)).rejects.toThrow(UsageError);
  });
});

describe('trigger statistics deadline shares', () => {
  it('gives every authority together and one by one, under disclosure control', async () => {
    const res = await t.query<any>(
      `query { triggerStatistics(from: "2020-01-01", to: "2030-12-31") {
        authority { id } applicationsReceived suppressedFigures disclosureControlled
        acknowledgedInTime { due inTime share suppressed } decidedInTime { due inTime share suppressed }
        byAuthority { authority { id } applicationsReceived suppressedFigures acknowledgedInTime { due share suppressed } byAuthority { authority { id } } } } }`,
      {}, { token: analyst });
    expect(res.errors).toBeUndefined();
    const all = res.data!.triggerStatistics;
    expect(all.authority).toBeNull();
    expect(all.disclosureControlled).toBe(true);
    expect(all.byAuthority.map((a: any) => a.authority.id)).toContain('sevenoaks-dc');
    for (const a of all.byAuthority) {
      expect(a.byAuthority).toEqual([]);
      if (a.applicationsReceived !== null) expect(a.applicationsReceived % 5).toBe(0);
      else expect(a.suppressedFigures).toContain('applicationsReceived');
      if (a.acknowledgedInTime.suppressed) expect(a.acknowledgedInTime.share).toBeNull();
    }
    // One authority's entry is what asking for that authority gives.
    const one = await t.query<any>(
      `query { triggerStatistics(authority: "sevenoaks-dc", from: "2020-01-01", to: "2030-12-31") {
        authority { id } applicationsReceived suppressedFigures acknowledgedInTime { due share suppressed } byAuthority { authority { id } } } }`,
      {}, { token: analyst });
    expect(all.byAuthority.find((a: any) => a.authority.id === 'sevenoaks-dc')).toEqual(one.data!.triggerStatistics);
    // The demo's two Sevenoaks applications, both acknowledged the day they arrived: too few to show
    // an analyst, exact to Sevenoaks' own SPOC.
    expect(one.data!.triggerStatistics.acknowledgedInTime).toEqual({ due: null, share: null, suppressed: true });
    const spoc = await t.query<any>(
      `query { triggerStatistics(from: "2020-01-01", to: "2030-12-31") { disclosureControlled applicationsReceived acknowledgedInTime { due inTime share suppressed } } }`,
      {}, { token: await tokenFor('sevenoaks-dc', 'spoc') });
    expect(spoc.data!.triggerStatistics).toEqual({ disclosureControlled: false, applicationsReceived: 2, acknowledgedInTime: { due: 2, inTime: 2, share: 1, suppressed: false } });
  });
});
