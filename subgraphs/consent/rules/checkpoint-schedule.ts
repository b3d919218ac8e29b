import type { EntityManager } from '@mikro-orm/postgresql';
import { config } from '../../../platform/config';
import { logger } from '../../../platform/logger';
import { accessLogHead, verifyAccessLogDetailed } from './audit-log';
import { checkpointSigner, latestCheckpoint, signCheckpoint, writeCheckpoint, type SignedCheckpoint } from './checkpoints';

/**
 * Takes a checkpoint of the log's head: refuses to sign a log that does not verify against the
 * last checkpoint (a checkpoint vouches for the rows up to it), writes it to AUDIT_CHECKPOINT_DIR and
 * returns it. `unchangedOnly`: nothing when the head is the last checkpoint's (the schedule).
 */
export async function takeCheckpoint(em: EntityManager, opts: { unchangedOnly?: boolean } = {}): Promise<SignedCheckpoint | null> {
  const signer = checkpointSigner(config().AUDIT_LOG_KEY);
  const head = await accessLogHead(em);
  const last = await latestCheckpoint(signer, head.logId);
  if (opts.unchangedOnly && last?.sequence === head.sequence) return null;
  const check = await verifyAccessLogDetailed(em, { checkpoint: last });
  if (!check.valid) throw Object.assign(new Error(`the access log does not verify (${check.reason}); no checkpoint signed`), { verification: check });
  // The head read before the walk is the one verified (rows after it are left to the next checkpoint).
  const cp = signCheckpoint(head, signer);
  await writeCheckpoint(cp);
  return cp;
}

/** Every AUDIT_CHECKPOINT_MINUTES, a checkpoint when the log has grown; returns how to stop. */
export function scheduleCheckpoints(em: () => EntityManager): () => void {
  const minutes = config().AUDIT_CHECKPOINT_MINUTES;
  if (!minutes) return () => {};
  const timer = setInterval(() => {
    takeCheckpoint(em(), { unchangedOnly: true }).then(
      (cp) => cp && logger.info({ service: 'consent', sequence: cp.sequence }, 'access log checkpoint signed'),
      (err: Error) => logger.error({ service: 'consent', err: err.message }, 'access log checkpoint refused'),
    );
  }, minutes * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
