import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/support/db';
import { openSubgraphDatabase, type SubgraphDatabase } from '../../shared/database';
import { consentSubgraph } from '../service';
import { AccessOutcome } from '../entities/AccessEvent';
import { config, loadConfig, PUBLISHED_DEV_SECRETS } from '../../../platform/config';
import { appendAccessEvents, auditKeyring, verifyAccessChain, verifyAccessLogDetailed, type AuditEntry } from './audit-log';

/** The access log against a real PostgreSQL: chained, serialised, append-only, tamper-evident. */
let db: SubgraphDatabase;
let drop: () => Promise<void>;

const entry = (n: number): AuditEntry => ({
  occurredAt: new Date(Date.UTC(2026, 10, 1, 12, 0, n)),
  requestId: `req-${n}`,
  actorSub: `reviewer.${n % 3}`,
  actorAgencyId: 'kent-police',
  actorRoles: ['reviewer'],
  purpose: 'CASE_REVIEW',
  reviewId: null,
  personId: '0a11ce00-0000-4000-8000-000000000001',
  category: 'IDENTITY',
  decision: n % 2 ? AccessOutcome.ALLOW : AccessOutcome.DENY,
  basis: n % 2 ? 'controller' : 'no-grant',
  operation: 'query Test / Person.givenName',
  subgraph: 'consent',
});

beforeAll(async () => {
  const fresh = await freshDatabase('audit');
  drop = fresh.drop;
  db = await openSubgraphDatabase({ schema: 'consent', entities: consentSubgraph.entities, migrations: consentSubgraph.migrations, clientUrl: fresh.url });
});
afterAll(async () => {
  await db?.close();
  await drop?.();
});

describe('access log', () => {
  it('chains 12 appends, and 20 concurrent writers do not fork the chain', async () => {
    for (let i = 0; i < 3; i++) await appendAccessEvents(db.orm.em.fork(), [entry(4 * i), entry(4 * i + 1), entry(4 * i + 2), entry(4 * i + 3)]);
    await Promise.all(Array.from({ length: 20 }, (_, i) => appendAccessEvents(db.orm.em.fork(), [entry(100 + i)])));
    const result = await verifyAccessChain(db.orm.em.fork(), 7);
    expect(result).toEqual({ valid: true, checked: 32, firstBrokenSeq: null, reason: null });
  });

  it('is refused UPDATE, DELETE and TRUNCATE by the database', async () => {
    const conn = db.orm.em.getConnection();
    await expect(conn.execute(`update "consent"."access_event" set basis = 'controller' where seq = 2`)).rejects.toThrow(/append-only/);
    await expect(conn.execute(`delete from "consent"."access_event" where seq = 2`)).rejects.toThrow(/append-only/);
    await expect(conn.execute(`truncate "consent"."access_event"`)).rejects.toThrow(/append-only/);
  });

  it('names the row someone altered behind the triggers (a superuser edit)', async () => {
    const conn = db.orm.em.getConnection();
    await conn.execute(`alter table "consent"."access_event" disable trigger user`);
    // Row 5 recorded a denial; someone turns it into an allowance.
    const [before] = await conn.execute(`select decision from "consent"."access_event" where seq = 5`);
    expect(before.decision).toBe('DENY');
    await conn.execute(`update "consent"."access_event" set basis = 'controller', decision = 'ALLOW' where seq = 5`);
    await conn.execute(`alter table "consent"."access_event" enable trigger user`);
    const result = await verifyAccessChain(db.orm.em.fork(), 4);
    expect(result).toMatchObject({ valid: false, checked: 4, firstBrokenSeq: '5' });
    expect(result.reason).toMatch(/row 5 was altered/);
  });

  it('names the gap where a row was deleted behind the triggers', async () => {
    const conn = db.orm.em.getConnection();
    await conn.execute(`alter table "consent"."access_event" disable trigger user`);
    await conn.execute(`update "consent"."access_event" set basis = 'no-grant', decision = 'DENY' where seq = 5`);
    await conn.execute(`delete from "consent"."access_event" where seq = 3`);
    await conn.execute(`alter table "consent"."access_event" enable trigger user`);
    const result = await verifyAccessChain(db.orm.em.fork());
    expect(result).toMatchObject({ valid: false, checked: 2, firstBrokenSeq: '3' });
    expect(result.reason).toMatch(/row 3 is missing/);
  });
});

describe('keyed chain', () => {
  it('appends in one statement once this process knows the head, and a row linked under another key is named', async () => {
    const fresh = await freshDatabase('audit-keyed');
    const kdb = await openSubgraphDatabase({ schema: 'consent', entities: consentSubgraph.entities, migrations: consentSubgraph.migrations, clientUrl: fresh.url });
    try {
      await appendAccessEvents(kdb.orm.em.fork(), [entry(1)]);
      const before = kdb.stats.statements;
      await appendAccessEvents(kdb.orm.em.fork(), [entry(2), entry(3)]);
      expect(kdb.stats.statements - before).toBe(1);
      // Another key (a rotated-in one this verifier does not hold, or a guess): every row fails.
      const other = { current: { id: 'k1', secret: 'x'.repeat(40) }, byId: new Map([['k1', { id: 'k1', secret: 'x'.repeat(40) }]]), legacyRows: 0 };
      const wrong = await verifyAccessLogDetailed(kdb.orm.em.fork(), { keys: other });
      expect(wrong).toMatchObject({ valid: false, firstBrokenSeq: '1', firstAlteredSeq: '1' });
      // Rotation: rows under the old key still verify when it is listed among the previous keys.
      const rotated = auditKeyring({ ...config(), AUDIT_LOG_KEY: 'n'.repeat(40), AUDIT_LOG_KEY_ID: 'k2', AUDIT_LOG_PREVIOUS_KEYS: `k1=${config().AUDIT_LOG_KEY}` });
      await appendAccessEvents(kdb.orm.em.fork(), [entry(4)], rotated);
      expect(await verifyAccessLogDetailed(kdb.orm.em.fork(), { keys: rotated })).toMatchObject({ valid: true, rows: 4 });
      const [row] = await kdb.orm.em.getConnection().execute(`select key_id from "consent"."access_event" where seq = 4`);
      expect(row.key_id).toBe('k2');
    } finally {
      await kdb.close();
      await fresh.drop();
    }
  });

  it('pipelines two appends: the second waits on the chain lock in the database, not for the first answer; a moved head is hashed again', async () => {
    const fresh = await freshDatabase('audit-pipeline');
    const open = () => openSubgraphDatabase({ schema: 'consent', entities: consentSubgraph.entities, migrations: consentSubgraph.migrations, clientUrl: fresh.url });
    const kdb = await open();
    const other = await open(); // another process's writer: its own idea of the head
    const { Client } = await import('pg');
    const holder = new Client({ connectionString: fresh.url });
    await holder.connect();
    try {
      await appendAccessEvents(kdb.orm.em.fork(), [entry(1)]);
      await holder.query('select pg_advisory_lock(7340511)'); // the chain's lock (see the append function's migration)
      const before = kdb.stats.statements;
      const settled: string[] = [];
      const a = appendAccessEvents(kdb.orm.em.fork(), [entry(2), entry(3)]).then(() => settled.push('a'));
      const b = appendAccessEvents(kdb.orm.em.fork(), [entry(4)]).then(() => settled.push('b'));
      const c = appendAccessEvents(kdb.orm.em.fork(), [entry(5)]).then(() => settled.push('c'));
      let waiting = 0;
      for (let i = 0; i < 50 && waiting < 2; i++) {
        await new Promise((r) => setTimeout(r, 20));
        [{ waiting }] = (await holder.query(`select count(*)::int as waiting from pg_stat_activity where wait_event_type = 'Lock' and query like '%append_access_events_keyed%'`)).rows;
      }
      expect(waiting).toBe(2); // two statements in flight at once; the third waits in this process
      expect(settled).toEqual([]);
      await holder.query('select pg_advisory_unlock(7340511)');
      await Promise.all([a, b, c]);
      expect(settled.sort()).toEqual(['a', 'b', 'c']);
      // One statement each, and at most one more for each that took the lock before the one it was hashed after
      // (which of the waiting statements PostgreSQL grants the lock to first is not fixed).
      expect(kdb.stats.statements - before).toBeGreaterThanOrEqual(3);
      expect(kdb.stats.statements - before).toBeLessThanOrEqual(5);
      expect(await verifyAccessLogDetailed(kdb.orm.em.fork())).toMatchObject({ valid: true, rows: 5 });

      // Another writer moves the head while two are in flight: every entry lands, the chain whole.
      await holder.query('select pg_advisory_lock(7340511)');
      const d = appendAccessEvents(kdb.orm.em.fork(), [entry(6)]);
      const e = appendAccessEvents(kdb.orm.em.fork(), [entry(7), entry(8)]);
      const f = appendAccessEvents(other.orm.em.fork(), [entry(9)]);
      await new Promise((r) => setTimeout(r, 100));
      await holder.query('select pg_advisory_unlock(7340511)');
      await Promise.all([d, e, f]);
      expect(await verifyAccessLogDetailed(kdb.orm.em.fork())).toMatchObject({ valid: true, rows: 9 });
    } finally {
      await holder.end();
      await other.close();
      await kdb.close();
      await fresh.drop();
    }
  });

  it('production refuses to write the log without a key of its own', () => {
    expect(() => auditKeyring({ ...config(), NODE_ENV: 'production', AUDIT_LOG_KEY_SET: false })).toThrow(/AUDIT_LOG_KEY/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(40), SERVICE_SECRET: 's'.repeat(40), AUDIT_LOG_KEY: PUBLISHED_DEV_SECRETS[2] })).toThrow(/AUDIT_LOG_KEY: is a development secret/);
  });
});
