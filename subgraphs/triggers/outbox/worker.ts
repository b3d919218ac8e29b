import type { EntityManager } from '@mikro-orm/postgresql';
import { config } from '../../../platform/config';
import { logger } from '../../../platform/logger';
import { Letter } from '../entities/Letter';
import { OutboxMessage } from '../entities/OutboxMessage';
import { afterFailure, OutboxStatus, safeReason } from '../rules/outbox';
import { adapterFromConfig, DeliveryError, type OutboxAdapter } from './adapters';

/**
 * The outbox worker of the triggers subgraph: every `pollMs` it claims the due messages (at most
 * `batch`, `FOR UPDATE SKIP LOCKED`, so several replicas never send one twice), hands each to the
 * adapter, and records the result: DELIVERED, SENDING (the provider accepted it; its state is asked
 * again later), QUEUED again after a backoff, or FAILED when the attempts ran out or the provider
 * refused it for good. One round at a time; `stop()` waits for the round under way.
 */
export interface WorkerOptions {
  pollMs: number;
  batch: number;
  maxAttempts: number;
  retryBaseMs: number;
  /** How long a claimed message is held before another worker may take it over (a crash). */
  lockMs?: number;
  /** How long after a provider accepted a message its state is first asked, and between askings. */
  checkEveryMs?: number;
}

export interface RoundResult {
  delivered: number;
  accepted: number;
  retried: number;
  failed: number;
}

const table = '"triggers"."outbox_message"';

export class OutboxWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    private readonly em: () => EntityManager,
    private readonly adapter: OutboxAdapter,
    private readonly o: WorkerOptions,
  ) {}

  start(): this {
    if (!this.o.pollMs) return this;
    const tick = () => {
      if (this.stopped) return;
      this.running = this.round().catch((err: Error) => logger.error({ service: 'triggers', err: err.message }, 'outbox round failed'));
      void this.running.finally(() => {
        this.running = null;
        if (!this.stopped) this.timer = setTimeout(tick, this.o.pollMs).unref();
      });
    };
    this.timer = setTimeout(tick, this.o.pollMs).unref();
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One round: send what is due, then ask the provider about what it accepted. */
  async round(now = new Date()): Promise<RoundResult> {
    const result: RoundResult = { delivered: 0, accepted: 0, retried: 0, failed: 0 };
    for (const id of await this.claim(now)) await this.sendOne(id, now, result);
    if (this.adapter.state) for (const id of await this.claimChecks(now)) await this.checkOne(id, now, result);
    return result;
  }

  /** Due messages (and any whose worker died holding them), taken for this round, attempts counted. */
  private async claim(now: Date): Promise<string[]> {
    const lockUntil = new Date(now.getTime() + (this.o.lockMs ?? 5 * 60_000));
    const rows = await this.em()
      .getConnection()
      .execute<Array<{ id: string }>>(
        `update ${table} set "status" = 'SENDING', "attempts" = "attempts" + 1, "last_attempt_at" = ?, "locked_until" = ?
         where "id" in (select "id" from ${table}
           where ("status" = 'QUEUED' and "next_attempt_at" <= ?) or ("status" = 'SENDING' and "provider_id" is null and "locked_until" < ?)
           order by "next_attempt_at" limit ? for update skip locked)
         returning "id"`,
        [now, lockUntil, now, now, this.o.batch],
      );
    return rows.map((r) => r.id);
  }

  /** Accepted messages whose state is due to be asked, held for this round. */
  private async claimChecks(now: Date): Promise<string[]> {
    const lockUntil = new Date(now.getTime() + (this.o.lockMs ?? 5 * 60_000));
    const rows = await this.em()
      .getConnection()
      .execute<Array<{ id: string }>>(
        `update ${table} set "locked_until" = ?
         where "id" in (select "id" from ${table}
           where "status" = 'SENDING' and "provider_id" is not null and "next_attempt_at" <= ? and ("locked_until" is null or "locked_until" < ?)
           order by "next_attempt_at" limit ? for update skip locked)
         returning "id"`,
        [lockUntil, now, now, this.o.batch],
      );
    return rows.map((r) => r.id);
  }

  private async sendOne(id: string, now: Date, result: RoundResult) {
    const em = this.em();
    const m = await em.findOneOrFail(OutboxMessage, { id });
    const letter = await em.findOne(Letter, { id: m.letterId });
    try {
      if (!letter || !m.channel || !m.recipient) throw new DeliveryError(!letter ? 'the letter is missing' : 'no address on record for the recipient', true);
      const sent = await this.adapter.send({
        id: m.id,
        channel: m.channel,
        recipient: m.recipient,
        postcode: m.postcode ?? null,
        subject: m.subject,
        text: letter.text,
        pdf: letter.pdf ? Buffer.from(letter.pdf, 'base64') : null,
        reference: `${m.reference} ${m.kind}`,
      });
      m.providerId = sent.providerId;
      m.adapter = this.adapter.name;
      m.lockedUntil = null;
      m.lastError = null;
      if (sent.delivered) {
        m.status = OutboxStatus.DELIVERED;
        m.deliveredAt = new Date();
        m.nextAttemptAt = null;
        result.delivered++;
      } else {
        m.status = OutboxStatus.SENDING;
        m.nextAttemptAt = new Date(now.getTime() + (this.o.checkEveryMs ?? 60_000));
        result.accepted++;
      }
    } catch (err) {
      const failure = err instanceof DeliveryError ? err : new DeliveryError(safeReason(`${this.adapter.name}: ${(err as Error).name ?? 'error'}`), false);
      const next = afterFailure(failure, m.attempts, this.o.maxAttempts, now, this.o.retryBaseMs);
      // Whatever an adapter says, what is written down has no address, postcode or number in it.
      const reason = safeReason(failure.reason);
      m.lastError = reason;
      m.adapter = this.adapter.name;
      m.lockedUntil = null;
      m.status = next.status;
      if (next.status === OutboxStatus.QUEUED) {
        m.nextAttemptAt = next.nextAttemptAt;
        result.retried++;
      } else {
        m.nextAttemptAt = null;
        m.failedAt = new Date();
        result.failed++;
        logger.warn({ service: 'triggers', outboxId: m.id, attempts: m.attempts, reason }, 'outbox message failed');
      }
    }
    await em.flush();
  }

  private async checkOne(id: string, now: Date, result: RoundResult) {
    const em = this.em();
    const m = await em.findOneOrFail(OutboxMessage, { id });
    m.lockedUntil = null;
    try {
      const s = await this.adapter.state!(m.providerId!);
      if (s.state === 'delivered') {
        m.status = OutboxStatus.DELIVERED;
        m.deliveredAt = new Date();
        m.nextAttemptAt = null;
        result.delivered++;
      } else if (s.state === 'failed') {
        m.status = OutboxStatus.FAILED;
        m.failedAt = new Date();
        m.nextAttemptAt = null;
        m.lastError = safeReason(s.reason ?? 'the provider reported a failure');
        result.failed++;
      } else {
        m.nextAttemptAt = new Date(now.getTime() + (this.o.checkEveryMs ?? 60_000));
      }
    } catch (err) {
      // Asking failed (the provider is down): ask again later; the message itself was accepted.
      m.lastError = err instanceof DeliveryError ? safeReason(err.reason) : 'status check failed';
      m.nextAttemptAt = new Date(now.getTime() + (this.o.checkEveryMs ?? 60_000));
    }
    await em.flush();
  }
}

/** The triggers subgraph's worker as configured (OUTBOX_*, NOTIFY_*); returns how to stop it. */
export function startOutboxWorker(em: () => EntityManager): () => Promise<void> {
  const c = config();
  if (!c.OUTBOX_POLL_MS) return async () => undefined;
  const adapter = adapterFromConfig(c);
  if ('unavailable' in adapter) {
    // Nothing is lost: the messages stay queued (the SPOC sees them) until an adapter is configured.
    logger.error({ service: 'triggers' }, `outbox: nothing is sent: ${adapter.unavailable}`);
    return async () => undefined;
  }
  const worker = new OutboxWorker(em, adapter, {
    pollMs: c.OUTBOX_POLL_MS,
    batch: c.OUTBOX_BATCH,
    maxAttempts: c.OUTBOX_MAX_ATTEMPTS,
    retryBaseMs: c.OUTBOX_RETRY_BASE_SECONDS * 1000,
  }).start();
  return () => worker.stop();
}
