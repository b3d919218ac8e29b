import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINE_MAX, linkPersonRecords, lockMatchKeys } from '../subgraphs/consent/resolvers/person-records';
import { startTestHub, type TestHub } from './support/hub';

/**
 * The locks person matching takes for keys not found yet (subgraphs/consent/resolvers/person-records.ts):
 * two calls that may create the same Person run one after the other; calls naming only different
 * new people do not wait for each other; a call with more unknown keys than FINE_MAX (coarse
 * stripes only) still excludes a small call naming one of its people.
 */
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ seed: true });
});
afterAll(async () => {
  await t?.stop();
});

const knex = () => t.hub.subgraphs.consent.db.orm.em.getConnection().getKnex();

/** Whether `p` settles within `ms`. */
const settlesWithin = (p: Promise<unknown>, ms: number) => Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

/** Holds transaction A with `a` locked, then starts B locking `b`: whether B got its locks while A was open. */
async function waitsFor(a: string[], b: string[]): Promise<boolean> {
  const ta = await knex().transaction();
  const tb = await knex().transaction();
  try {
    await lockMatchKeys(ta, a);
    const got = lockMatchKeys(tb, b);
    const early = await settlesWithin(got, 400);
    await ta.commit();
    await got;
    return !early;
  } finally {
    if (!ta.isCompleted()) await ta.rollback();
    if (!tb.isCompleted()) await tb.rollback();
  }
}

const many = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}|${i}`);

describe('person matching locks', () => {
  it('makes two small calls sharing a new key wait for each other, and not two naming different people', async () => {
    expect(await waitsFor(['smith|ann|1970-01-01', 'jones|bob|1971-02-02'], ['jones|bob|1971-02-02'])).toBe(true);
    // different keys of one coarse stripe: the stripe is taken shared, the fine locks differ
    const { rows } = await knex().raw(
      `select array_agg(k order by k) as keys from (select 'probe|' || i as k from generate_series(1, 200) i) p
       group by abs(hashtext(k) % 64) having count(distinct hashtext(k) & 1048575) > 1 limit 1`,
    );
    const [k1, k2] = rows[0].keys as string[];
    expect(await waitsFor([k1], [k2])).toBe(false);
  });

  it('makes a large call (coarse stripes only) and a small one naming one of its people wait, whichever goes first', async () => {
    const big = many('big', FINE_MAX + 50);
    expect(await waitsFor(big, [big[7]])).toBe(true);
    expect(await waitsFor([big[9]], big)).toBe(true);
  });

  it('resolves one new person named by a large and a small call at the same moment to one Person', async () => {
    const people = Array.from({ length: FINE_MAX + 20 }, (_, i) => ({
      givenName: 'Lock', familyName: `Test${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26) % 26)}`,
      dateOfBirth: '1975-05-05', postcode: 'TN13 1AA',
    }));
    const [bigIds, smallIds] = await Promise.all([
      knex().transaction((trx) => linkPersonRecords(trx, 'kent-police', people)),
      knex().transaction((trx) => linkPersonRecords(trx, 'west-kent-housing', [people[3], people[200]])),
    ]);
    expect(smallIds).toEqual([bigIds[3], bigIds[200]]);
  });
});
