/**
 * The outbox's rules (README, "Letters leave the hub"): how a letter leaves the hub, when a failed
 * attempt is tried again, and what may be written down about a failure. Pure: no database, no
 * network (the worker in outbox/worker.ts applies them).
 */

export enum OutboxChannel {
  EMAIL = 'EMAIL',
  POST = 'POST',
}

export enum OutboxStatus {
  /** Waiting to be sent (first attempt, or a retry after a failed one at `nextAttemptAt`). */
  QUEUED = 'QUEUED',
  /** Handed to the provider (or being handed): waiting for its answer on delivery. */
  SENDING = 'SENDING',
  DELIVERED = 'DELIVERED',
  /** Given up: the attempts ran out, the provider refused it for good, or no address was on record. */
  FAILED = 'FAILED',
}

/** What the applicant chose on the form (or the SPOC recorded), if anything. */
export enum ContactPreference {
  EMAIL = 'EMAIL',
  POST = 'POST',
}

export interface RecipientAddress {
  email?: string | null;
  /** The printed address block (name, address lines, postcode), as the letter shows it. */
  postal?: string | null;
  postcode?: string | null;
}

/**
 * The channel a letter goes by: the one the person chose when its address is on record, else
 * e-mail when an address is, else post when a postal address with a postcode is; null when the hub
 * holds no way to reach them (the message is then recorded as failed, for the SPOC to act on).
 */
export function chooseChannel(preference: ContactPreference | null | undefined, to: RecipientAddress): OutboxChannel | null {
  const email = !!to.email?.trim();
  const post = !!to.postal?.trim() && !!to.postcode?.trim();
  if (preference === ContactPreference.POST && post) return OutboxChannel.POST;
  if (preference === ContactPreference.EMAIL && email) return OutboxChannel.EMAIL;
  if (email) return OutboxChannel.EMAIL;
  if (post) return OutboxChannel.POST;
  return null;
}

/** The address block as lines for a postal provider: at most 7, the postcode last, none empty. */
export function addressLines(block: string, postcode?: string | null): string[] {
  const lines = block
    .split(/\r?\n|,/)
    .map((l) => l.trim())
    .filter(Boolean);
  const pc = postcode?.trim();
  const rest = pc ? lines.filter((l) => l.replace(/\s+/g, '').toUpperCase() !== pc.replace(/\s+/g, '').toUpperCase()) : lines;
  if (rest.length + (pc ? 1 : 0) <= 7) return pc ? [...rest, pc] : rest;
  // Too many lines: the last ones are joined so that nothing is lost and the postcode stays last.
  const keep = pc ? 6 : 7;
  const head = rest.slice(0, keep - 1);
  const tail = rest.slice(keep - 1).join(', ');
  return pc ? [...head, tail, pc] : [...head, tail];
}

const MAX_WAIT_MS = 6 * 3_600_000;

/** The wait before attempt `attempts + 1`, after `attempts` failed ones: base × 2^(attempts−1), at most 6 hours. */
export function retryDelayMs(attempts: number, baseMs: number): number {
  const n = Math.max(1, attempts);
  return Math.min(MAX_WAIT_MS, baseMs * 2 ** Math.min(n - 1, 30));
}

export interface AttemptFailure {
  /** The provider refused the message for good (e.g. an invalid address, a bad template): no retry. */
  permanent: boolean;
  /** What is written down: a code and the provider's error names, never an address or a body. */
  reason: string;
}

export type AfterFailure = { status: OutboxStatus.QUEUED; nextAttemptAt: Date } | { status: OutboxStatus.FAILED };

/** After a failed attempt: queued again after the backoff, or failed when permanent or the attempts ran out. */
export function afterFailure(failure: AttemptFailure, attempts: number, maxAttempts: number, now: Date, baseMs: number): AfterFailure {
  if (failure.permanent || attempts >= maxAttempts) return { status: OutboxStatus.FAILED };
  return { status: OutboxStatus.QUEUED, nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts, baseMs)) };
}

const EMAIL_LIKE = /[^\s@]+@[^\s@]+/g;
const POSTCODE_LIKE = /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/gi;
const PHONE_LIKE = /\+?\d[\d\s-]{7,}\d/g;

/**
 * A failure as it may be stored and shown to the SPOC: one line, at most 200 characters, with
 * anything that looks like an e-mail address, a postcode or a phone number taken out (a provider
 * or file-system message may quote the recipient).
 */
export function safeReason(text: string): string {
  return (
    text.replace(EMAIL_LIKE, '[address]').replace(POSTCODE_LIKE, '[postcode]').replace(PHONE_LIKE, '[number]').replace(/\s+/g, ' ').trim().slice(0, 200) ||
    'failed'
  );
}

/** A provider's reported state of a message it accepted. */
export type ProviderState = 'pending' | 'delivered' | 'failed';

/** GOV.UK Notify's statuses (email and letter) as the outbox's. */
export function notifyState(status: string): ProviderState {
  switch (status) {
    case 'delivered':
    case 'received': // a letter: printed and handed to the postal service
      return 'delivered';
    case 'permanent-failure':
    case 'temporary-failure':
    case 'technical-failure':
    case 'validation-failed':
    case 'virus-scan-failed':
    case 'cancelled':
    case 'failed':
      return 'failed';
    default:
      return 'pending';
  }
}
