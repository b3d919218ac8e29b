import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AccessOutcome } from '../entities/AccessEvent';
import { accessDecisions } from '../../shared/metrics';

/**
 * The tamper-evident access log.
 *
 * Each row's `hash = sha256(prevHash ‖ canonical row)`, where the canonical row is a JSON array of
 * its seq, its fields in a fixed order (dates as ISO strings) and prevHash. The first row's
 * prevHash is 64 zeros. Appends take a transaction-scoped advisory lock inside the database
 * function `consent.append_access_events`, so concurrent writers queue instead of forking the
 * chain. Verification walks the chain in order and names the first row whose link or content does
 * not match.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  occurredAt: Date;
  requestId?: string | null;
  actorSub: string;
  actorAgencyId: string;
  actorRoles: string[];
  purpose: string;
  reviewId?: string | null;
  personId?: string | null;
  category?: string | null;
  decision: AccessOutcome;
  basis: string;
  grantId?: string | null;
  consentId?: string | null;
  operation: string;
  subgraph: string;
}

/** The row's fields in a fixed order, as the inside of a JSON array (dates as ISO strings). */
export function canonicalBody(e: AuditEntry): string {
  return JSON.stringify([
    e.occurredAt.toISOString(),
    e.requestId ?? null,
    e.actorSub,
    e.actorAgencyId,
    [...e.actorRoles],
    e.purpose,
    e.reviewId ?? null,
    e.personId ?? null,
    e.category ?? null,
    e.decision,
    e.basis,
    e.grantId ?? null,
    e.consentId ?? null,
    e.operation,
    e.subgraph,
  ]).slice(1, -1);
}

/** `["<seq>", ...fields, "<prevHash>"]`: what each link hashes (the SQL append function builds the same). */
export const canonicalRow = (seq: string, e: AuditEntry, prevHash: string) => `[${JSON.stringify(seq)},${canonicalBody(e)},${JSON.stringify(prevHash)}]`;

export const linkHash = (prevHash: string, canonical: string) => createHash('sha256').update(prevHash).update(canonical).digest('hex');

/**
 * Appends entries in order, in one statement (one round trip): `consent.append_access_events`
 * (see its migration) locks, reads the head, hashes and inserts inside the database.
 */
export async function appendAccessEvents(em: EntityManager, entries: AuditEntry[]): Promise<void> {
  if (!entries.length) return;
  const rows = entries.map((e) => ({
    body: canonicalBody(e),
    occurredAt: e.occurredAt.toISOString(),
    requestId: e.requestId ?? null,
    actorSub: e.actorSub,
    actorAgencyId: e.actorAgencyId,
    actorRoles: e.actorRoles,
    purpose: e.purpose,
    reviewId: e.reviewId ?? null,
    personId: e.personId ?? null,
    category: e.category ?? null,
    decision: e.decision,
    basis: e.basis,
    grantId: e.grantId ?? null,
    consentId: e.consentId ?? null,
    operation: e.operation,
    subgraph: e.subgraph,
  }));
  await em.getConnection().execute('select "consent"."append_access_events"(?::jsonb) as n', [JSON.stringify(rows)], 'all', em.getTransactionContext());
  for (const e of entries) accessDecisions.inc({ subgraph: e.subgraph, category: e.category ?? 'none', decision: String(e.decision) });
}

export interface ChainVerification {
  valid: boolean;
  checked: number;
  /** The first row whose content or link does not match (seq), or where a row is missing. */
  firstBrokenSeq: string | null;
  reason: string | null;
}

interface RawEvent {
  seq: string;
  occurred_at: Date;
  request_id: string | null;
  actor_sub: string;
  actor_agency_id: string;
  actor_roles: string[];
  purpose: string;
  review_id: string | null;
  person_id: string | null;
  category: string | null;
  decision: AccessOutcome;
  basis: string;
  grant_id: string | null;
  consent_id: string | null;
  operation: string;
  subgraph: string;
  prev_hash: string;
  hash: string;
}

/** Walks the whole chain in pages (keyset on seq). */
export async function verifyAccessChain(em: EntityManager, pageSize = 5_000): Promise<ChainVerification> {
  const conn = em.getConnection();
  let prev = GENESIS_HASH;
  let expected = 1n;
  let checked = 0;
  for (;;) {
    const rows = await conn.execute<RawEvent[]>(
      'select e.seq::text as seq, occurred_at, request_id, actor_sub, actor_agency_id, actor_roles, purpose, review_id, person_id, category, decision, basis, grant_id, consent_id, operation, subgraph, prev_hash, hash from "consent"."access_event" e where e.seq >= ? order by e.seq limit ?',
      [expected.toString(), pageSize],
    );
    for (const r of rows) {
      const broken = (reason: string): ChainVerification => ({ valid: false, checked, firstBrokenSeq: r.seq, reason });
      if (BigInt(r.seq) !== expected) return { valid: false, checked, firstBrokenSeq: expected.toString(), reason: `row ${expected} is missing` };
      if (r.prev_hash !== prev) return broken(`row ${r.seq} does not link to the row before it`);
      const entry: AuditEntry = {
        occurredAt: new Date(r.occurred_at),
        requestId: r.request_id,
        actorSub: r.actor_sub,
        actorAgencyId: r.actor_agency_id,
        actorRoles: r.actor_roles,
        purpose: r.purpose,
        reviewId: r.review_id,
        personId: r.person_id,
        category: r.category,
        decision: r.decision,
        basis: r.basis,
        grantId: r.grant_id,
        consentId: r.consent_id,
        operation: r.operation,
        subgraph: r.subgraph,
      };
      if (linkHash(prev, canonicalRow(r.seq, entry, prev)) !== r.hash) return broken(`row ${r.seq} was altered after it was written`);
      prev = r.hash;
      expected += 1n;
      checked++;
    }
    if (rows.length < pageSize) return { valid: true, checked, firstBrokenSeq: null, reason: null };
  }
}
