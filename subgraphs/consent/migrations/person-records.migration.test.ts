import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSubgraphDatabase, type SubgraphDatabase } from '../../shared/database';
import { freshDatabase } from '../../../test/support/db';
import { consentSubgraph } from '../service';
import { migrations } from './index';

/**
 * Migration20261201090000 (access model v2) splits each person's merged details by the agency that
 * supplied them, on a database holding v1 data: a migration, not a reset.
 */
let db: { url: string; drop: () => Promise<void> };
let consent: SubgraphDatabase;
const ALICE = '0a11ce00-0000-4000-8000-0000000000f1';
const BY_REF = '0a11ce00-0000-4000-8000-0000000000f2';

beforeAll(async () => {
  db = await freshDatabase('v2migration');
  // The schema as it was before access model v2.
  const v1 = migrations.slice(0, migrations.findIndex((m) => m.name === 'Migration20261201090000'));
  const before = await openSubgraphDatabase({ schema: 'consent', entities: consentSubgraph.entities, migrations: v1, clientUrl: db.url });
  const sql = (q: string, p: unknown[] = []) => before.orm.em.getConnection().execute(q, p);
  await sql(
    `insert into "consent"."person" (id, given_name, family_name, date_of_birth, address, postcode, phone, email, vulnerabilities, registered_by_agency_id, controller_agency_ids, match_key, created_at)
     values (?, 'Alice', 'Turner', '1958-04-12', '14 Oak Lane', 'TN13 1AA', '01732 000111', 'a@example.org', '{"Lives alone"}', 'sevenoaks-dc', '{sevenoaks-dc,kent-police}', 'k1', now() - interval '10 days'),
            (?, 'Bob', 'Hughes', null, null, null, null, null, '{}', 'west-kent-housing', '{west-kent-housing,kent-wardens}', null, now())`,
    [ALICE, BY_REF],
  );
  await before.close();
  // Now the whole list, as any start of the hub would run it.
  consent = await openSubgraphDatabase({ schema: 'consent', entities: consentSubgraph.entities, migrations, clientUrl: db.url });
});
afterAll(async () => {
  await consent?.close();
  await db?.drop();
});

describe('splitting merged person details by supplying agency', () => {
  it('the registering agency keeps every value; a matched agency only what the match proves it supplied', async () => {
    const rows = await consent.orm.em.getConnection().execute(
      `select person_id, agency_id, given_name, family_name, date_of_birth::text as dob, address, postcode, phone, email, vulnerabilities from "consent"."person_record" order by person_id, supplied_at, agency_id`,
    );
    const alice = rows.filter((r: any) => r.person_id === ALICE);
    expect(alice.find((r: any) => r.agency_id === 'sevenoaks-dc')).toMatchObject({
      given_name: 'Alice', family_name: 'Turner', dob: '1958-04-12', address: '14 Oak Lane', postcode: 'TN13 1AA', phone: '01732 000111', email: 'a@example.org', vulnerabilities: ['Lives alone'],
    });
    expect(alice.find((r: any) => r.agency_id === 'kent-police')).toMatchObject({
      given_name: 'Alice', family_name: 'Turner', dob: '1958-04-12', postcode: 'TN13 1AA', address: null, phone: null, email: null, vulnerabilities: [],
    });
    // Linked without a match key: the agency holds the person, none of these values.
    const bob = rows.filter((r: any) => r.person_id === BY_REF);
    expect(bob.map((r: any) => r.agency_id).sort()).toEqual(['kent-wardens', 'west-kent-housing']);
    expect(bob.find((r: any) => r.agency_id === 'kent-wardens')).toMatchObject({ given_name: null, family_name: null, postcode: null });
    expect(bob.find((r: any) => r.agency_id === 'west-kent-housing')).toMatchObject({ given_name: 'Bob', family_name: 'Hughes' });
  });

  it('leaves no merged detail on the person row', async () => {
    const cols = await consent.orm.em.getConnection().execute(
      `select column_name from information_schema.columns where table_schema = 'consent' and table_name = 'person' order by column_name`,
    );
    expect(cols.map((c: any) => c.column_name)).toEqual(['created_at', 'id', 'match_key', 'registered_by_agency_id']);
  });
});
