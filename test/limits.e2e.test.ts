import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../platform/config';
import { startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * The gateway's limits each say which limit was passed, and a query within them that carries a
 * wrong variable gets that variable's own error (not a size refusal).
 */
let t: TestHub;
let analyst: string;
let dpo: string;
beforeAll(async () => {
  t = await startTestHub({ seed: false });
  // An empty hub, but the callers' agency is known to it (a token of an unknown agency gets FORBIDDEN).
  await t.hub.subgraphs.consent.db.orm.em
    .getConnection()
    .execute(
      `insert into "consent"."agency" ("id", "name", "kind", "area", "is_authority", "created_at") values ('kent-police', 'Kent Police', 'POLICE', 'kent', false, now())`,
    );
  analyst = await tokenFor('kent-police', 'analyst');
  dpo = await tokenFor('kent-police', 'dpo');
});
afterAll(() => t?.stop());

const STATS = 'query Stats($g: [IncidentDimension!]!) { incidentStatistics(groupBy: $g) { month count suppressed } }';
const PAGE = 'query Page($first: Int) { incidents(first: $first) { edges { node { id } } } }';

describe('a wrong variable gets its own error', () => {
  it('an enum value that does not exist is BAD_USER_INPUT naming the variable, without the value', async () => {
    const r = await t.query(STATS, { g: ['WEEK'] }, { token: analyst });
    expect(r.data ?? null).toBeNull();
    expect(r.errors).toHaveLength(1);
    const [e] = r.errors!;
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'g[0]' });
    expect(e.message).not.toMatch(/too large|cost|limit/i);
    expect(e.message).not.toContain('WEEK');
  });

  it('a string for an Int is BAD_USER_INPUT naming the variable, without the value', async () => {
    const r = await t.query(PAGE, { first: 'ten' }, { token: analyst });
    const [e] = r.errors!;
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(e.message).toMatch(/first/);
    expect(e.message).not.toMatch(/too large|cost|limit/i);
    expect(e.message).not.toContain('ten');
  });

  it('a missing required variable is BAD_USER_INPUT too, and the right variables still work', async () => {
    const missing = await t.query(STATS, {}, { token: analyst });
    expect(missing.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'g' });
    const ok = await t.query(STATS, { g: ['MONTH'] }, { token: analyst });
    expect(ok.errors).toBeUndefined();
    expect(ok.data).toEqual({ incidentStatistics: [] });
  });
});

describe('each limit names itself', () => {
  it('aliases over MAX_QUERY_ALIASES', async () => {
    const n = config().MAX_QUERY_ALIASES + 1;
    const q = `{ ${Array.from({ length: n }, (_, i) => `a${i}: agencies { id }`).join(' ')} }`;
    const r = await t.query(q, {}, { token: dpo });
    expect(r.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query', aliases: n, limit: config().MAX_QUERY_ALIASES });
    expect(r.errors![0].message).toMatch(/aliases/);
    // At the limit it runs.
    const within = `{ ${Array.from({ length: n - 1 }, (_, i) => `a${i}: agencies { id }`).join(' ')} }`;
    expect((await t.query(within, {}, { token: dpo })).errors).toBeUndefined();
  });

  it('directives over MAX_QUERY_DIRECTIVES', async () => {
    const n = config().MAX_QUERY_DIRECTIVES + 1;
    const q = `{ agencies { ${'id @include(if: true) '.repeat(n)} } }`;
    const r = await t.query(q, {}, { token: dpo });
    expect(r.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query', limit: config().MAX_QUERY_DIRECTIVES });
    expect(r.errors![0].message).toMatch(/directives/);
  });

  it('tokens over MAX_QUERY_TOKENS are refused before parsing completes', async () => {
    const q = `{ agencies { ${'id '.repeat(config().MAX_QUERY_TOKENS + 10)} } }`;
    const r = await t.query(q, {}, { token: dpo });
    expect(r.errors![0].extensions!.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(r.errors![0].message).toMatch(/tokens/);
  });

  it('more fields than can be priced is a size refusal naming the limit', async () => {
    // Each fragment spreads the one below twice: 2^14 fields from a short document, within the
    // depth, alias and token limits.
    const fragments = ['fragment F0 on Agency { id }', ...Array.from({ length: 14 }, (_, k) => `fragment F${k + 1} on Agency { ...F${k} ...F${k} }`)];
    const r = await t.query(`{ agencies { ...F14 } } ${fragments.join(' ')}`, {}, { token: dpo });
    expect(r.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query', limit: config().MAX_QUERY_COST });
    expect(r.errors![0].message).toMatch(/fields/);
  });

  it('a costly query names its cost; the same shape with a variable page size is priced by that variable', async () => {
    const q = 'query Log($first: Int) { incidents(first: $first) { edges { node { id sameIncidentAs { id sameIncidentAs { id } } } } } }';
    const small = await t.query(q, { first: 5 }, { token: dpo });
    expect(small.errors?.find((e) => e.extensions?.field === 'query')).toBeUndefined();
    const big = await t.query(q, { first: 100_000 }, { token: dpo });
    expect(big.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query', limit: config().MAX_QUERY_COST });
    expect(big.errors![0].extensions!.cost).toBeGreaterThan(config().MAX_QUERY_COST);
  });
});
