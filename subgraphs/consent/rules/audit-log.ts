import { createHash, createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { AccessOutcome, ProcessingAction } from '../entities/AccessEvent';
import { accessDecisions } from '../../../platform/metrics';
import { config, type HubConfig } from '../../../platform/config';
import { timed } from '../../shared/step-timings';

/**
 * The access log: a chain no one can rewrite or cut short unnoticed.
 *
 * Each row's `hash = HMAC-SHA256(key, prevHash ‖ canonical row)`, where the canonical row is a JSON
 * array of its seq, its fields in a fixed order (dates as ISO strings), its key id and prevHash; the
 * first row's prevHash is 64 zeros. The key (AUDIT_LOG_KEY, with its id AUDIT_LOG_KEY_ID; older keys
 * in AUDIT_LOG_PREVIOUS_KEYS) is held by the hub, never by the database, so someone with database
 * access alone can delete or change rows but cannot recompute the links. A deleted tail leaves a
 * valid shorter chain: signed checkpoints of the head kept outside the database (checkpoints.ts)
 * catch it.
 *
 * Appending: the hub hashes the rows from the head it last wrote (kept per database in this
 * process), and one statement (`consent.append_access_events_keyed`, see its migration) takes the
 * advisory lock, checks the head is still that one and inserts. When another writer moved the head
 * meanwhile, nothing is inserted and the statement answers the head; the hub hashes again from it.
 * One round trip when this process is the only writer, two when not.
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
  /** What was done (default CONSULT: a decision on a field). */
  action?: ProcessingAction;
  /** Why: the purpose, review, grant, agreement, letter or policy. */
  justification?: string | null;
}

export interface AuditKey {
  id: string;
  secret: string;
}

export interface AuditKeyring {
  current: AuditKey;
  byId: ReadonlyMap<string, AuditKey>;
  /** Rows at the start of the log written before keyed chains (AUDIT_LOG_LEGACY_ROWS). */
  legacyRows: number;
}

/** The keys from the configuration; production refuses to run without a key of its own. */
export function auditKeyring(cfg: HubConfig = config()): AuditKeyring {
  if (cfg.NODE_ENV === 'production' && !cfg.AUDIT_LOG_KEY_SET) throw new Error('Invalid configuration:\n  AUDIT_LOG_KEY: production needs AUDIT_LOG_KEY (the access log chain key)');
  const current = { id: cfg.AUDIT_LOG_KEY_ID, secret: cfg.AUDIT_LOG_KEY };
  const byId = new Map<string, AuditKey>([[current.id, current]]);
  for (const part of (cfg.AUDIT_LOG_PREVIOUS_KEYS ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq < 1) throw new Error('Invalid configuration:\n  AUDIT_LOG_PREVIOUS_KEYS: must be id=secret,id=secret');
    const id = part.slice(0, eq);
    if (!byId.has(id)) byId.set(id, { id, secret: part.slice(eq + 1) });
  }
  return { current, byId, legacyRows: cfg.AUDIT_LOG_LEGACY_ROWS };
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

/** A keyed row also binds what was done, why, and the key id (so none can be swapped). */
const keyedBody = (e: AuditEntry, keyId: string) =>
  `${canonicalBody(e)},${JSON.stringify([e.action ?? ProcessingAction.CONSULT, e.justification ?? null, keyId]).slice(1, -1)}`;

/** `["<seq>", ...fields, "<prevHash>"]`: what an unkeyed row (before keyed chains) hashed. */
export const canonicalRow = (seq: string, e: AuditEntry, prevHash: string) => `[${JSON.stringify(seq)},${canonicalBody(e)},${JSON.stringify(prevHash)}]`;

/** An unkeyed link (rows from before keyed chains). */
export const linkHash = (prevHash: string, canonical: string) => createHash('sha256').update(prevHash).update(canonical).digest('hex');

// The key imported once per secret, not on every row's HMAC.
const keyObjects = new Map<string, KeyObject>();
const keyObjectOf = (secret: string) => {
  let k = keyObjects.get(secret);
  if (!k) keyObjects.set(secret, (k = createSecretKey(Buffer.from(secret, 'utf8'))));
  return k;
};

/** The keyed link of a row. */
export function keyedLinkHash(key: AuditKey, seq: string, e: AuditEntry, prevHash: string): string {
  const canonical = `[${JSON.stringify(seq)},${keyedBody(e, key.id)},${JSON.stringify(prevHash)}]`;
  return createHmac('sha256', keyObjectOf(key.secret)).update(prevHash).update(canonical).digest('hex');
}

interface Head {
  seq: bigint;
  hash: string;
}
/** The head this process last wrote, per database (a pool): a guess the append statement checks. */
const heads = new WeakMap<object, Head>();

/** Reads the head once (at start), so that this process's first append is one statement too. */
export async function primeAccessLogHead(em: EntityManager): Promise<void> {
  const conn = em.getConnection();
  const [row] = await conn.execute<Array<{ seq: string; hash: string }>>(`select e.seq::text as seq, e.hash from "consent"."access_event" e order by e.seq desc limit 1`);
  heads.set(conn, row ? { seq: BigInt(row.seq), hash: row.hash } : { seq: 0n, hash: GENESIS_HASH });
}

let keyring: AuditKeyring | undefined;
const currentKeyring = () => (keyring ??= auditKeyring());

/**
 * Appends entries in order (see above): one statement when the head is the one this process wrote
 * last. Appends of one process outside a transaction are grouped (group commit): while statements
 * are in flight, the entries of other requests wait and then go together in the next one — so that
 * two requests of the same moment neither race for the head (and re-hash) nor cost two round trips.
 * Up to two statements are in flight (pipelined): the second is hashed from the head the first will
 * leave and sent at once; PostgreSQL holds it on the chain's lock until the first commits, so a
 * request's append waits for the one before it in the database, not for its answer to come back
 * and be read here first (a case history's two appends, the consent subgraph's own and the one it
 * makes for the incidents subgraph, were in sequence). If the first fails or another writer moved
 * the head, the second finds the head it expected gone and hashes again from the real one.
 * An append inside a caller's transaction runs on its own, in that transaction.
 */
export async function appendAccessEvents(em: EntityManager, entries: AuditEntry[], keys: AuditKeyring = currentKeyring()): Promise<void> {
  if (!entries.length) return;
  const conn = em.getConnection();
  const trx = em.getTransactionContext();
  if (trx) {
    await writeEntries(conn, entries, keys, trx);
    return;
  }
  let group = groups.get(conn);
  if (!group) groups.set(conn, (group = { waiting: [], inFlight: 0, predicted: null }));
  const done = new Promise<void>((resolve, reject) => group!.waiting.push({ entries, keys, resolve, reject }));
  pump(conn, group);
  return done;
}

interface Waiting {
  entries: AuditEntry[];
  keys: AuditKeyring;
  resolve: () => void;
  reject: (err: unknown) => void;
}
interface Group {
  waiting: Waiting[];
  inFlight: number;
  /** The head the statements in flight will leave, if they all succeed. */
  predicted: Head | null;
  /** Settles when the statement sent last has (succeeded or not). */
  last?: Promise<void>;
}
const groups = new WeakMap<object, Group>();
const IN_FLIGHT = 2;

function pump(conn: ReturnType<EntityManager['getConnection']>, group: Group): void {
  while (group.waiting.length && group.inFlight < IN_FLIGHT) {
    // One statement per key ring (in practice one): the entries of every request waiting, in order.
    const keys = group.waiting[0].keys;
    const batch = group.waiting.filter((w) => w.keys === keys);
    group.waiting = group.waiting.filter((w) => w.keys !== keys);
    const entries = batch.flatMap((w) => w.entries);
    const from = group.inFlight && group.predicted ? group.predicted : undefined;
    const before = group.last;
    group.inFlight++;
    const started = writeEntries(conn, entries, keys, undefined, from, (end) => (group.predicted = end), from ? before : undefined);
    group.last = started.then(
      () => undefined,
      () => undefined,
    );
    started.then(
      () => {
        for (const w of batch) w.resolve();
      },
      (err: unknown) => {
        for (const w of batch) w.reject(err);
      },
    ).finally(() => {
      group.inFlight--;
      if (!group.inFlight) group.predicted = null;
      pump(conn, group);
    });
  }
}

/**
 * Hashes the entries from `from` (default: the head this process last saw) and appends them,
 * hashing again from the real head while another writer moved it. `onHashed` learns the head the
 * append will leave as soon as the statement is sent.
 */
async function writeEntries(
  conn: ReturnType<EntityManager['getConnection']>,
  entries: AuditEntry[],
  keys: AuditKeyring,
  trx?: unknown,
  from?: Head,
  onHashed?: (end: Head) => void,
  /** The append this one was hashed after (pipelined): on a moved head, wait for it before hashing again. */
  after?: Promise<void>,
): Promise<void> {
  const key = keys.current;
  let head = from ?? heads.get(conn) ?? { seq: -1n, hash: '' };
  for (let attempt = 0; ; attempt++) {
    let prev = head.hash;
    const rows = entries.map((e, i) => {
      const seq = (head.seq + 1n + BigInt(i)).toString();
      const hash = keyedLinkHash(key, seq, e, prev);
      const row = {
        seq, occurredAt: e.occurredAt.toISOString(), requestId: e.requestId ?? null, actorSub: e.actorSub, actorAgencyId: e.actorAgencyId,
        actorRoles: e.actorRoles, purpose: e.purpose, reviewId: e.reviewId ?? null, personId: e.personId ?? null, category: e.category ?? null,
        decision: e.decision, basis: e.basis, grantId: e.grantId ?? null, consentId: e.consentId ?? null, operation: e.operation, subgraph: e.subgraph,
        action: e.action ?? ProcessingAction.CONSULT, justification: e.justification ?? null, keyId: key.id, prevHash: prev, hash,
      };
      prev = hash;
      return row;
    });
    // Through knex, so that the rows travel as a bound parameter: the ORM's execute() would inline
    // them into the SQL text, escaping every character of a batch's rows in JavaScript first.
    const query = conn.getKnex().raw('select "consent"."append_access_events_keyed"(?::bigint, ?, ?::jsonb) as r', [
      head.seq.toString(),
      head.hash,
      JSON.stringify(head.seq < 0n ? [] : rows),
    ]);
    if (head.seq >= 0n) onHashed?.({ seq: head.seq + BigInt(entries.length), hash: prev });
    const result = (await timed('access log: append statement', async () => await (trx ? query.transacting(trx as Knex.Transaction) : query))) as {
      rows: Array<{ r: { ok: boolean; seq: string; hash: string } }>;
    };
    const res = result.rows[0];
    head = { seq: BigInt(res.r.seq), hash: res.r.hash };
    // Statements in flight together answer in the order they committed: keep the newest head.
    const known = heads.get(conn);
    if (!known || known.seq < head.seq) heads.set(conn, head);
    if (res.r.ok) break;
    if (after) {
      // Sent ahead of the append before it, and found the head elsewhere (that one not committed yet, or it failed):
      // wait for it, then hash from the newest head known, rather than race it for the lock again.
      await after;
      after = undefined;
      const newest = heads.get(conn);
      if (newest && newest.seq > head.seq) head = newest;
    }
    if (attempt >= 20) throw new Error('access log: the chain head kept moving; nothing appended');
  }
  for (const e of entries) accessDecisions.inc({ subgraph: e.subgraph, category: e.category ?? 'none', decision: String(e.decision) });
}

export interface ChainVerification {
  valid: boolean;
  checked: number;
  /** The first row whose content or link does not match (seq), or where a row is missing. */
  firstBrokenSeq: string | null;
  reason: string | null;
}

/** What a checkpoint says: the head at a sequence number (checkpoints.ts signs and checks it). */
export interface CheckpointHead {
  sequence: string;
  headHash: string;
}

export interface DetailedVerification extends ChainVerification {
  /** Rows present and read. */
  rows: number;
  /** The last row present. */
  headSeq: string;
  /** The first row altered after it was written (or hashed under a key the hub does not hold). */
  firstAlteredSeq: string | null;
  /** Rows missing: the first gap in the chain, or the tail cut off below a checkpoint. */
  missingFromSeq: string | null;
  missingToSeq: string | null;
  /** Whether the rows up to the checkpoint are all present and end in its head hash (null: no checkpoint). */
  consistentWithCheckpoint: boolean | null;
  /** Every problem found, in words, in order (the first few of each kind). */
  problems: string[];
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
  action: ProcessingAction;
  justification: string | null;
  key_id: string | null;
  prev_hash: string;
  hash: string;
}

const entryOf = (r: RawEvent): AuditEntry => ({
  occurredAt: new Date(r.occurred_at), requestId: r.request_id, actorSub: r.actor_sub, actorAgencyId: r.actor_agency_id, actorRoles: r.actor_roles,
  purpose: r.purpose, reviewId: r.review_id, personId: r.person_id, category: r.category, decision: r.decision, basis: r.basis, grantId: r.grant_id,
  consentId: r.consent_id, operation: r.operation, subgraph: r.subgraph, action: r.action, justification: r.justification,
});

/**
 * Walks the whole chain in pages (keyset on seq), on past the first problem so that every kind is
 * named: the first altered row, the first gap, and, against a checkpoint the DPO kept, whether the
 * rows up to it are all there and end in its head hash (a cut-off tail shows here).
 */
export async function verifyAccessLogDetailed(
  em: EntityManager,
  opts: { checkpoint?: CheckpointHead | null; pageSize?: number; keys?: AuditKeyring } = {},
): Promise<DetailedVerification> {
  const conn = em.getConnection();
  const keys = opts.keys ?? currentKeyring();
  const pageSize = opts.pageSize ?? 5_000;
  const cp = opts.checkpoint ?? null;
  let prev = GENESIS_HASH;
  let expected = 1n;
  let checked = 0;
  let rowsRead = 0;
  let first: { seq: string; reason: string } | null = null;
  let firstAltered: string | null = null;
  let altered = 0;
  let missingFrom: string | null = null;
  let missingTo: string | null = null;
  let headSeq = '0';
  let hashAtCheckpoint: string | null = null;
  const problems: string[] = [];
  // The first few of each kind are named; the rest are counted.
  const named = new Map<string, number>();
  const problem = (seq: string, reason: string, kind = 'other') => {
    first ??= { seq, reason };
    const n = (named.get(kind) ?? 0) + 1;
    named.set(kind, n);
    if (n <= 5) problems.push(reason);
  };
  for (;;) {
    const rows = await conn.execute<RawEvent[]>(
      `select e.seq::text as seq, occurred_at, request_id, actor_sub, actor_agency_id, actor_roles, purpose, review_id, person_id, category, decision, basis,
        grant_id, consent_id, operation, subgraph, action, justification, key_id, prev_hash, hash
       from "consent"."access_event" e where e.seq >= ? order by e.seq limit ?`,
      [expected.toString(), pageSize],
    );
    for (const r of rows) {
      const seq = BigInt(r.seq);
      rowsRead++;
      if (seq !== expected) {
        if (missingFrom === null) {
          missingFrom = expected.toString();
          missingTo = (seq - 1n).toString();
        }
        problem(expected.toString(), expected === seq - 1n ? `row ${expected} is missing` : `rows ${expected} to ${seq - 1n} are missing`, 'gap');
        prev = r.prev_hash; // carry on from what the next row says, to check the rest
      }
      let ok = true;
      if (r.prev_hash !== prev) {
        ok = false;
        problem(r.seq, `row ${r.seq} does not link to the row before it`, 'link');
      } else {
        const key = r.key_id ? keys.byId.get(r.key_id) : undefined;
        const entry = entryOf(r);
        const hash = r.key_id
          ? key
            ? keyedLinkHash(key, r.seq, entry, prev)
            : null
          : seq <= BigInt(keys.legacyRows)
            ? linkHash(prev, canonicalRow(r.seq, entry, prev))
            : null;
        if (hash !== r.hash) {
          ok = false;
          altered++;
          firstAltered ??= r.seq;
          problem(r.seq, r.key_id && !key ? `row ${r.seq} names key ${r.key_id}, which this hub does not hold` : `row ${r.seq} was altered after it was written`, 'altered');
        }
      }
      if (ok && !first) checked++;
      if (cp && r.seq === cp.sequence) hashAtCheckpoint = r.hash;
      prev = r.hash;
      expected = seq + 1n;
      headSeq = r.seq;
    }
    if (rows.length < pageSize) break;
  }
  let consistent: boolean | null = null;
  if (cp) {
    const cpSeq = BigInt(cp.sequence);
    if (BigInt(headSeq) < cpSeq) {
      consistent = false;
      if (missingFrom === null || BigInt(missingFrom) > BigInt(headSeq)) {
        missingFrom = (BigInt(headSeq) + 1n).toString();
        missingTo = cp.sequence;
      }
      problem((BigInt(headSeq) + 1n).toString(), `rows ${BigInt(headSeq) + 1n} to ${cp.sequence} are missing: the log ends at row ${headSeq}, the checkpoint of ${cp.sequence} rows says more were written`);
    } else if (hashAtCheckpoint !== cp.headHash) {
      consistent = false;
      problem(cp.sequence, hashAtCheckpoint === null ? `row ${cp.sequence} (the checkpoint's head) is missing` : `row ${cp.sequence} differs from the checkpoint's head: the rows up to it were rewritten`);
    } else {
      consistent = !(firstAltered && BigInt(firstAltered) <= cpSeq) && !(missingFrom && BigInt(missingFrom) <= cpSeq);
    }
  }
  if (altered > 1) problems.push(`${altered} rows in all do not match their links`);
  const f = first as { seq: string; reason: string } | null;
  return {
    valid: !f, checked, firstBrokenSeq: f?.seq ?? null, reason: f?.reason ?? null, rows: rowsRead, headSeq, firstAlteredSeq: firstAltered,
    missingFromSeq: missingFrom, missingToSeq: missingTo, consistentWithCheckpoint: consistent, problems,
  };
}

/** Walks the whole chain; names the first row that does not match. */
export async function verifyAccessChain(em: EntityManager, pageSize = 5_000): Promise<ChainVerification> {
  const d = await verifyAccessLogDetailed(em, { pageSize });
  return { valid: d.valid, checked: d.checked, firstBrokenSeq: d.firstBrokenSeq, reason: d.reason };
}

/** The head of the log now (seq 0 and the genesis hash when empty), and which log it is (its first row's hash, shortened). */
export async function accessLogHead(em: EntityManager): Promise<CheckpointHead & { logId: string }> {
  const [row] = await em.getConnection().execute<Array<{ seq: string | null; hash: string | null; first: string | null }>>(
    `select h.seq::text as seq, h.hash, (select f.hash from "consent"."access_event" f order by f.seq limit 1) as first
     from (select 1) one left join lateral (select e.seq, e.hash from "consent"."access_event" e order by e.seq desc limit 1) h on true`,
  );
  return { sequence: row?.seq ?? '0', headHash: row?.hash ?? GENESIS_HASH, logId: (row?.first ?? GENESIS_HASH).slice(0, 16) };
}
