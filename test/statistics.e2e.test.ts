import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Incident } from '../subgraphs/incidents/entities/Incident';
import { AsbCategory, IncidentSource } from '../subgraphs/shared/enums';
import { possibleTrueCounts, protectCount, type DisclosurePolicy, type ProtectedCount } from '../subgraphs/shared/disclosure';
import { DEFAULT_PTABLE, loadPerturbationTable } from '../subgraphs/shared/perturbation-tables';
import { runStats, toCsv, UsageError } from '../scripts/stats';
import { plantCandidates, solveAtoms } from './support/disclosure-attacks';
import { startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * Analysts' incident statistics through the gateway: counts from the trigger-maintained monthly
 * aggregate, under disclosure control (cell key perturbation, small counts suppressed, whole months).
 * The incidents below sit in 2019 in areas of their own, so the demo data does not touch them.
 */
let t: TestHub;
let analyst: string;
const AREA = 'E01999001';
const OTHER_AREA = 'E01999002';
const policy: DisclosurePolicy = { minCount: 5, ptable: loadPerturbationTable(DEFAULT_PTABLE) };

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

/**
 * What the rule gives the incidents matching `where`, from the incidents table itself (their number and
 * record keys), not from the read models: the published figure must be this.
 */
async function expected(where: string, params: unknown[] = []): Promise<ProtectedCount> {
  const [r] = await t.hub.subgraphs.incidents.db.orm.em.fork().getConnection().execute(
    `select count(*)::int as n, coalesce(sum("record_key"), 0)::int as k from "incidents"."incident" where ${where}`, params);
  return protectCount({ count: r.n, key: r.k }, policy);
}
const IN_2019 = `"occurred_at" >= '2019-01-01T00:00:00Z' and "occurred_at" < '2020-01-01T00:00:00Z'`;
const month = (m: string) => `date_trunc('month', "occurred_at" at time zone 'Europe/London') = '${m}-01'::timestamp`;

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
  it('groups by month and area under the cell key method: 1–4 always suppressed, the rest perturbed as the rule says, London months', async () => {
    const rows = await stats(['MONTH', 'AREA'], YEAR_2019);
    const cell = (m: string, area: string) => expected(`${month(m)} and "lsoa_code" = ?`, [area]);
    expect(rows).toEqual([
      { month: '2019-01', area: AREA, ...(await cell('2019-01', AREA)), source: null, category: null, agencyId: null },
      { month: '2019-02', area: AREA, count: null, suppressed: true, source: null, category: null, agencyId: null },
      { month: '2019-03', area: AREA, ...(await cell('2019-03', AREA)), source: null, category: null, agencyId: null },
      { month: '2019-04', area: OTHER_AREA, count: null, suppressed: true, source: null, category: null, agencyId: null },
    ]);
    // January's 12 and March's 8: shown within ±5 of the truth, never below 5 (else suppressed).
    for (const [r, n] of [[rows[0], 12], [rows[2], 8]] as const) {
      if (r.suppressed) expect(r.count).toBeNull();
      else expect(Math.abs(r.count - n) <= 5 && r.count >= 5).toBe(true);
    }
    expect(await cell('2019-02', AREA)).toEqual({ count: null, suppressed: true });
  });

  it('groups by source, category and agency, and filters on each', async () => {
    const bySource = await stats(['SOURCE', 'CATEGORY', 'AGENCY'], YEAR_2019);
    const of = (agency: string) => expected(`${IN_2019} and "agency_id" = ?`, [agency]);
    expect(bySource.map((r) => [r.source, r.category, r.agencyId, r.count, r.suppressed])).toEqual([
      ['HOUSING', 'PERSONAL', 'west-kent-housing', null, true],
      ['POLICE', 'NUISANCE', 'kent-police', ...Object.values(await of('kent-police'))], // 12 + 1 in April
      ['WARDEN', 'ENVIRONMENTAL', 'kent-wardens', ...Object.values(await of('kent-wardens'))],
    ]);
    // The same incidents reached by a filter instead of a grouping: the same answer.
    expect(await stats([], { ...YEAR_2019, source: 'WARDEN' })).toEqual([{ month: null, source: null, category: null, area: null, agencyId: null, ...(await of('kent-wardens')) }]);
    expect((await stats(['AREA'], { ...YEAR_2019, agencyId: 'kent-police', category: 'NUISANCE' })).map((r) => [r.area, r.count, r.suppressed])).toEqual([
      [AREA, ...Object.values(await expected(`${IN_2019} and "agency_id" = 'kent-police' and "lsoa_code" = ?`, [AREA]))],
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
    const feb = new Set<number>();
    for (const tt of candidates(total)) for (const j of candidates(jan)) for (const m of candidates(mar)) if (candidates({ count: null, suppressed: true }).includes(tt - j - m)) feb.add(tt - j - m);
    expect(feb.has(3)).toBe(true);
    expect(feb.size).toBeGreaterThan(1);

    // Two overlapping periods (January–March and February–March) differ by January, which is shown.
    // February–March less March is February: still not pinned down.
    const febMar = (await stats(['AREA'], { from: '2019-02-01', to: '2019-03-31' })).find((r) => r.area === AREA)!;
    const marOnly = (await stats(['AREA'], { from: '2019-03-01', to: '2019-03-31' })).find((r) => r.area === AREA)!;
    const feb2 = new Set<number>();
    for (const a of candidates(febMar)) for (const b of candidates(marOnly)) if (a - b >= 1 && a - b <= 9) feb2.add(a - b);
    expect(feb2.has(3)).toBe(true);
    expect(feb2.size).toBeGreaterThan(1);
  });

  it('defeats the combination of every grouping and many filters of one table (finding 1 included): no count is pinned, and one set of incidents gets one answer', async () => {
    // The fixture as atoms: January (12), February (3), March (8) in AREA, April (1) in OTHER_AREA.
    const atoms = [
      { month: '2019-01', source: 'POLICE', category: 'NUISANCE', area: AREA, agencyId: 'kent-police', n: 12 },
      { month: '2019-02', source: 'HOUSING', category: 'PERSONAL', area: AREA, agencyId: 'west-kent-housing', n: 3 },
      { month: '2019-03', source: 'WARDEN', category: 'ENVIRONMENTAL', area: AREA, agencyId: 'kent-wardens', n: 8 },
      { month: '2019-04', source: 'POLICE', category: 'NUISANCE', area: OTHER_AREA, agencyId: 'kent-police', n: 1 },
    ];
    const [{ n: others }] = await t.hub.subgraphs.incidents.db.orm.em.fork().getConnection().execute(
      `select count(*)::int as n from "incidents"."incident" where ${IN_2019} and "lsoa_code" not in (?, ?)`, [AREA, OTHER_AREA]);
    expect(others).toBe(0); // so every 2019 figure is a sum of these atoms
    const dims = ['MONTH', 'SOURCE', 'CATEGORY', 'AREA', 'AGENCY'] as const;
    const key = { MONTH: 'month', SOURCE: 'source', CATEGORY: 'category', AREA: 'area', AGENCY: 'agencyId' } as const;
    const filters: Array<Record<string, string>> = [
      YEAR_2019, { from: '2019-01-01', to: '2019-02-28' }, { from: '2019-02-01', to: '2019-03-31' }, { from: '2019-02-01', to: '2019-04-30' },
      { from: '2019-01-15', to: '2019-03-02' }, { ...YEAR_2019, source: 'POLICE' }, { ...YEAR_2019, agencyId: 'kent-police' },
      { ...YEAR_2019, category: 'PERSONAL' }, { from: '2019-02-01', to: '2019-02-28', source: 'HOUSING' },
    ];
    const inFilter = (a: (typeof atoms)[0], f: Record<string, string>) =>
      a.month >= f.from.slice(0, 7) && a.month <= f.to.slice(0, 7) && (!f.source || a.source === f.source) && (!f.agencyId || a.agencyId === f.agencyId) && (!f.category || a.category === f.category);
    const figures: Array<{ atoms: number[]; published: ProtectedCount }> = [];
    const answers = new Map<string, string>();
    for (let mask = 0; mask < 32; mask++) {
      const groupBy = dims.filter((_, i) => mask & (1 << i));
      for (const f of filters) {
        for (const row of await stats([...groupBy], f)) {
          const covered = atoms.map((a, i) => [a, i] as const).filter(([a]) => inFilter(a, f) && groupBy.every((d) => (a as any)[key[d]] === row[key[d]])).map(([, i]) => i);
          const published = { count: row.count, suppressed: row.suppressed };
          figures.push({ atoms: covered, published });
          const seen = answers.get(covered.join());
          if (seen) expect(JSON.stringify(published), `atoms ${covered} via ${groupBy} ${JSON.stringify(f)}`).toBe(seen);
          answers.set(covered.join(), JSON.stringify(published));
        }
      }
    }
    expect(figures.length).toBeGreaterThan(200);
    expect(answers.size).toBeGreaterThanOrEqual(10); // distinct sets of incidents among them
    const possible = solveAtoms(atoms.length, figures, policy, 20);
    atoms.forEach((a, i) => expect(possible[i].has(a.n), a.month).toBe(true));
    // The counts 12, 3 and 8 each keep several values. (April's 1 sits at the floor a listed row
    // gives away, n ≥ 1: docs/disclosure-control.md gives the odds of pinning such a cell.)
    for (const i of [0, 1, 2]) expect(possible[i].size, atoms[i].month).toBeGreaterThan(1);
  });

  it('gives one answer to the same incidents however a random query reaches them (property)', async () => {
    // Days of January to April 2019, where the fixture lies (whole months are counted).
    const days = fc.integer({ min: 0, max: 119 }).map((d) => new Date(Date.UTC(2019, 0, 1 + d)).toISOString().slice(0, 10));
    const answers = new Map<string, string>();
    let reachedTwice = 0;
    const em = t.hub.subgraphs.incidents.db.orm.em.fork();
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(['MONTH', 'SOURCE', 'CATEGORY', 'AREA', 'AGENCY']),
        days, days,
        fc.option(fc.constantFrom('POLICE', 'HOUSING', 'WARDEN'), { nil: undefined }),
        fc.option(fc.constantFrom('kent-police', 'west-kent-housing', 'kent-wardens'), { nil: undefined }),
        async (groupBy, d1, d2, source, agencyId) => {
          const filter = { from: d1 < d2 ? d1 : d2, to: d1 < d2 ? d2 : d1, ...(source ? { source } : {}), ...(agencyId ? { agencyId } : {}) };
          for (const row of await stats(groupBy, filter)) {
            // The incidents behind the row, from the incidents table.
            const cond = [`date_trunc('month', "occurred_at" at time zone 'Europe/London') between date_trunc('month', ?::date) and date_trunc('month', ?::date)`];
            const params: unknown[] = [filter.from, filter.to];
            const eq = (col: string, v: unknown) => { cond.push(`${col} = ?`); params.push(v); };
            if (source) eq('"source"', source);
            if (agencyId) eq('"agency_id"', agencyId);
            if (row.month) eq(`to_char("occurred_at" at time zone 'Europe/London', 'YYYY-MM')`, row.month);
            if (row.source) eq('"source"', row.source);
            if (row.category) eq('"category"', row.category);
            if (groupBy.includes('AREA')) eq(`coalesce("lsoa_code", '')`, row.area ?? '');
            if (row.agencyId) eq('"agency_id"', row.agencyId);
            const ids = (await em.getConnection().execute(`select string_agg("id"::text, ',' order by "id") as ids from "incidents"."incident" where ${cond.join(' and ')}`, params))[0].ids;
            const published = JSON.stringify({ count: row.count, suppressed: row.suppressed });
            const seen = answers.get(ids);
            if (seen) expect(published).toBe(seen);
            answers.set(ids, published);
            // The same incidents asked for another way: what was grouped on becomes a filter.
            const lastDay = (m: string) => new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)), 0)).toISOString().slice(0, 10);
            const again = {
              from: row.month ? `${row.month}-01` : filter.from, to: row.month ? lastDay(row.month) : filter.to,
              ...(row.source ?? source ? { source: row.source ?? source } : {}),
              ...(row.agencyId ?? agencyId ? { agencyId: row.agencyId ?? agencyId } : {}),
              ...(row.category ? { category: row.category } : {}),
            };
            const other = (await stats(groupBy.includes('AREA') ? ['AREA'] : [], again)).find((r) => !groupBy.includes('AREA') || r.area === row.area)!;
            expect(JSON.stringify({ count: other.count, suppressed: other.suppressed }), `${JSON.stringify(row)} as ${JSON.stringify(again)}`).toBe(published);
            reachedTwice++;
          }
        },
      ),
      { numRuns: 60 },
    );
    expect(reachedTwice).toBeGreaterThan(5); // not vacuous: rows were reached both ways
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
    // The read models keep every cell's key sum as exactly as its count: keys move with their incidents.
    const keyed = await em.getConnection().execute(
      `select count(*)::int as n from (select date_trunc('month', "occurred_at" at time zone 'Europe/London')::date as "month", coalesce("lsoa_code", '') as "lsoa_code",
              "source", "category", "agency_id", count(*) as c, sum("record_key") as k from "incidents"."incident" group by 1, 2, 3, 4, 5) i
        full join (select * from "incidents"."incident_monthly_count" where "count" <> 0 or "key_sum" <> 0) m using ("month", "lsoa_code", "source", "category", "agency_id")
        where i.c is distinct from m."count" or i.k is distinct from m."key_sum"`);
    expect(keyed[0].n).toBe(0);
    // The table without areas agrees with the one with them, cell for cell.
    const disagreeing = await em.getConnection().execute(
      `select count(*)::int as n from (select "month", "source", "category", "agency_id", sum("count") as c, sum("key_sum") as k from "incidents"."incident_monthly_count" group by 1, 2, 3, 4) a
        full join "incidents"."incident_monthly_total" t using ("month", "source", "category", "agency_id") where a.c is distinct from t."count" or a.k is distinct from t."key_sum"`);
    expect(disagreeing[0].n).toBe(0);
    expect(raw[0].n).toBe(7);
  });

  it('answers in one SQL statement whatever the grouping', async () => {
    const before = t.sqlCount('incidents');
    await stats(['MONTH', 'AREA', 'SOURCE', 'CATEGORY', 'AGENCY'], {});
    expect(t.sqlCount('incidents') - before).toBe(1);
  });

  it('defeats the before-and-after plant (finding 4): a contributor adding one incident at a time does not learn the count when the cell shows', async () => {
    // A cell of 3 (housing's, in an area and month of its own); Kent Police plants reports into it one by one.
    const PLANT_AREA = 'E01999010';
    const em = t.hub.subgraphs.incidents.db.orm.em.fork();
    for (let i = 0; i < 3; i++) incident(em, `2019-06-1${i}T12:00:00Z`, PLANT_AREA, { source: IncidentSource.HOUSING, agencyId: 'west-kent-housing', category: AsbCategory.PERSONAL });
    await em.flush();
    const police = await tokenFor('kent-police', 'contributor');
    const SUBMIT = `mutation($records: [IncidentInput!]!) { submitIncidents(source: POLICE, records: $records) { accepted updated unchanged rejected { errors { field } } } }`;
    const plant = (i: number, occurredAt = `2019-06-2${i % 10}T20:00:00Z`) => ({
      sourceRef: `PLANT-${i}`, category: 'NUISANCE', subType: 'Noise', occurredAt, reportedAt: occurredAt,
      description: 'Planted.', location: { address: `${i} Plant Row`, lsoaCode: PLANT_AREA }, police: { district: 'Sevenoaks' },
    });
    const look = async () => {
      const rows = await stats(['AREA'], { from: '2019-06-01', to: '2019-06-30' });
      const r = rows.find((x) => x.area === PLANT_AREA)!;
      return { count: r.count, suppressed: r.suppressed } as ProtectedCount;
    };
    const seen: Array<{ planted: number; published: ProtectedCount }> = [{ planted: 0, published: await look() }];
    for (let i = 1; seen[seen.length - 1].published.suppressed && i <= 12; i++) {
      const res = await t.query<any>(SUBMIT, { records: [plant(i)] }, { token: police });
      expect(res.data!.submitIncidents, JSON.stringify(res.errors)).toMatchObject({ accepted: 1, rejected: [] });
      seen.push({ planted: i, published: await look() });
    }
    const flipped = seen[seen.length - 1];
    expect(flipped.published.suppressed).toBe(false); // 3 + 12 − 5 ≥ 5: it shows by now
    expect(seen.slice(0, 2).every((s) => s.published.suppressed)).toBe(true); // 3, 4 of them: always withheld
    const candidates = plantCandidates(seen, policy);
    expect(candidates).toContain(3);
    expect(candidates.length).toBeGreaterThan(1);
    // Taking a planted report out and putting it back gives back the very answers seen: nothing to average.
    const last = flipped.planted;
    const moved = await t.query<any>(SUBMIT, { records: [plant(last, '2019-07-02T20:00:00Z')] }, { token: police });
    expect(moved.data!.submitIncidents.updated).toBe(1);
    expect(await look()).toEqual(seen[seen.length - 2].published);
    await t.query<any>(SUBMIT, { records: [plant(last)] }, { token: police });
    expect(await look()).toEqual(flipped.published);
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
      // Each authority's figure is its own cell: what the rule gives its applications' count and keys.
      const [r] = await t.hub.subgraphs.triggers.db.orm.em.fork().getConnection().execute(
        `select count(*)::int as n, coalesce(sum("record_key"), 0)::int as k from "triggers"."trigger_application"
          where "authority_agency_id" = ? and "received_at" >= '2019-12-31T00:00:00Z' and "received_at" < '2031-01-01T00:00:00Z'`, [a.authority.id]);
      const want = protectCount({ count: r.n, key: r.k }, policy);
      expect(a.applicationsReceived).toBe(want.count);
      if (want.suppressed) expect(a.suppressedFigures).toContain('applicationsReceived');
      if (a.applicationsReceived !== null) expect(a.applicationsReceived).toBeGreaterThanOrEqual(5);
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

  it('counts whole London months (finding 3): a window of one day answers for its whole month, so days cannot be told apart', async () => {
    const Q = `query($from: Date!, $to: Date!) { triggerStatistics(from: $from, to: $to) { from to applicationsReceived thresholdNotMet suppressedFigures
      acknowledgedInTime { due inTime share suppressed } byAuthority { authority { id } applicationsReceived } } }`;
    const today = new Date().toISOString().slice(0, 10);
    const oneDay = await t.query<any>(Q, { from: today, to: today }, { token: analyst });
    const month = await t.query<any>(Q, { from: `${today.slice(0, 7)}-01`, to: today }, { token: analyst });
    expect(oneDay.errors).toBeUndefined();
    expect(oneDay.data!.triggerStatistics.from).toBe(`${today.slice(0, 7)}-01`);
    expect(oneDay.data!.triggerStatistics.to.slice(0, 7)).toBe(today.slice(0, 7));
    expect(oneDay.data!.triggerStatistics).toEqual(month.data!.triggerStatistics);
    // Its own SPOC, who sees every application exactly anyway, keeps the days asked.
    const spoc = await t.query<any>(`query($d: Date!) { triggerStatistics(from: $d, to: $d) { from to disclosureControlled } }`, { d: today }, { token: await tokenFor('sevenoaks-dc', 'spoc') });
    expect(spoc.data!.triggerStatistics).toEqual({ from: today, to: today, disclosureControlled: false });
  });

  it('computes every share from the published counts and withholds it with them (finding 2)', async () => {
    const res = await t.query<any>(
      `query { triggerStatistics(from: "2020-01-01", to: "2030-12-31") { acknowledgedInTime { due inTime share suppressed } decidedInTime { due inTime share suppressed }
        byAuthority { acknowledgedInTime { due inTime share suppressed } decidedInTime { due inTime share suppressed } } } }`, {}, { token: analyst });
    const all = res.data!.triggerStatistics;
    const shares = [all, ...all.byAuthority].flatMap((x: any) => [x.acknowledgedInTime, x.decidedInTime]);
    for (const s of shares) {
      if (s.due === null || s.inTime === null) expect(s).toMatchObject({ share: null, suppressed: true });
      else if (s.due === 0) expect(s.share).toBeNull();
      else expect(s.share).toBe(Number(Math.min(1, s.inTime / s.due).toFixed(2)));
    }
  });
});
