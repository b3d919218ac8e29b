import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/support/db';
import { openSubgraphDatabase, type SubgraphDatabase } from '../../shared/database';
import { consentSubgraph } from '../service';
import { AccessOutcome } from '../entities/AccessEvent';
import { appendAccessEvents, verifyAccessChain, type AuditEntry } from './audit-log';

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
