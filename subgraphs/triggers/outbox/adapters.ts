import { promises as fs } from 'node:fs';
import path from 'node:path';
import { NotifyClient } from 'notifications-node-client';
import type { HubConfig } from '../../../platform/config';
import { addressLines, notifyState, OutboxChannel, safeReason, type AttemptFailure, type ProviderState } from '../rules/outbox';

/**
 * How a message leaves the hub. The worker (outbox/worker.ts) hands each due message to the
 * configured adapter: GOV.UK Notify in production, a folder in development and tests. An adapter
 * throws DeliveryError on a failed attempt, saying whether trying again can help; its `reason` is
 * stored and shown to the SPOC, so it never carries an address or a body.
 */
export interface OutgoingMessage {
  id: string;
  channel: OutboxChannel;
  /** The e-mail address, or the printed address block. */
  recipient: string;
  postcode: string | null;
  subject: string;
  /** The letter as plain text (the e-mail's body, or the letter template's). */
  text: string;
  /** The letter as sent, a PDF (kept beside a posted letter by the file adapter). */
  pdf: Buffer | null;
  /** The provider's reference: the application reference and the letter, no personal data. */
  reference: string;
}

export interface SendResult {
  providerId: string;
  /** Delivered already (a file written); otherwise the provider is asked later (`state`). */
  delivered: boolean;
}

export interface OutboxAdapter {
  readonly name: string;
  send(message: OutgoingMessage): Promise<SendResult>;
  /** The provider's state of a message it accepted. */
  state?(providerId: string): Promise<{ state: ProviderState; reason?: string }>;
}

export class DeliveryError extends Error implements AttemptFailure {
  constructor(
    readonly reason: string,
    readonly permanent: boolean,
  ) {
    super(reason);
  }
}

/**
 * Development and tests: each message is written to OUTBOX_DIR as `<id>.json` (channel,
 * recipient, subject, text) with the letter's PDF beside it (`<id>.pdf`), written whole (a temporary
 * file renamed). Delivered when written. Refused in production (config.ts).
 */
export class FileAdapter implements OutboxAdapter {
  readonly name = 'file';
  constructor(private readonly dir: string) {}

  async send(m: OutgoingMessage): Promise<SendResult> {
    const file = `${m.id}.json`;
    try {
      await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
      const body = {
        id: m.id,
        channel: m.channel,
        to: m.recipient,
        postcode: m.postcode,
        subject: m.subject,
        reference: m.reference,
        text: m.text,
        writtenAt: new Date().toISOString(),
      };
      if (m.pdf) await writeWhole(path.join(this.dir, `${m.id}.pdf`), m.pdf);
      await writeWhole(path.join(this.dir, file), JSON.stringify(body, null, 2));
    } catch (err) {
      throw new DeliveryError(safeReason(`file: ${(err as NodeJS.ErrnoException).code ?? 'write failed'}`), false);
    }
    return { providerId: file, delivered: true };
  }
}

async function writeWhole(file: string, data: string | Buffer) {
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, data, { mode: 0o600 });
  await fs.rename(tmp, file);
}

export interface NotifySettings {
  apiKey: string;
  baseUrl: string;
  emailTemplateId: string;
  letterTemplateId: string;
  emailReplyToId?: string | null;
  /** How long one call may take before the attempt counts as failed (and is retried); default 15 s. */
  timeoutMs?: number;
}

/** The client sets no timeout: a call that hangs must not hold the worker's round. */
function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeliveryError('notify: no answer in time', false)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

type NotifyErrorBody = { status_code?: number; errors?: Array<{ error?: string; message?: string }> };

/** A Notify client error (axios underneath) as a DeliveryError: the HTTP status and Notify's error names only. */
export function notifyFailure(err: unknown): DeliveryError {
  const e = err as { response?: { status?: number; data?: NotifyErrorBody }; code?: string; message?: string };
  const status = e.response?.status;
  if (!status) return new DeliveryError(safeReason(`notify: ${e.code ?? 'no answer'}`), false);
  const names = [...new Set((e.response?.data?.errors ?? []).map((x) => x.error).filter((x): x is string => !!x && /^[A-Za-z]{1,60}$/.test(x)))];
  // 400 (validation) and 403 (auth) do not get better by waiting; 429 and 5xx may.
  const permanent = status >= 400 && status < 500 && status !== 429 && status !== 408;
  return new DeliveryError(`notify: HTTP ${status}${names.length ? ` ${names.join(', ')}` : ''}`, permanent);
}

/**
 * GOV.UK Notify (`notifications-node-client`): an e-mail with NOTIFY_EMAIL_TEMPLATE_ID, a letter
 * with NOTIFY_LETTER_TEMPLATE_ID (the address lines, the subject and the letter's text as
 * personalisation: `((address_line_1))`…`((address_line_7))`, `((subject))`, `((body))`). Notify
 * answers at once that it accepted the message; delivery is asked later (`getNotificationById`).
 */
export class NotifyAdapter implements OutboxAdapter {
  readonly name = 'notify';
  private readonly client: NotifyClient;
  private readonly timeout: number;
  constructor(private readonly s: NotifySettings) {
    this.client = new NotifyClient(s.baseUrl, s.apiKey);
    this.timeout = s.timeoutMs ?? 15_000;
  }

  async send(m: OutgoingMessage): Promise<SendResult> {
    try {
      if (m.channel === OutboxChannel.EMAIL) {
        const res = await within(
          this.timeout,
          this.client.sendEmail(this.s.emailTemplateId, m.recipient, {
            personalisation: { subject: m.subject, body: m.text },
            reference: m.reference,
            ...(this.s.emailReplyToId ? { emailReplyToId: this.s.emailReplyToId } : {}),
          }),
        );
        return { providerId: res.data.id, delivered: false };
      }
      const lines = addressLines(m.recipient, m.postcode);
      if (lines.length < 3) throw new DeliveryError('notify: the address has fewer than 3 lines', true);
      const address = Object.fromEntries(lines.map((l, i) => [`address_line_${i + 1}`, l]));
      const res = await within(
        this.timeout,
        this.client.sendLetter(this.s.letterTemplateId, {
          personalisation: { ...address, subject: m.subject, body: m.text },
          reference: m.reference,
        }),
      );
      return { providerId: res.data.id, delivered: false };
    } catch (err) {
      if (err instanceof DeliveryError) throw err;
      throw notifyFailure(err);
    }
  }

  async state(providerId: string): Promise<{ state: ProviderState; reason?: string }> {
    try {
      const res = await within(this.timeout, this.client.getNotificationById(providerId));
      const status = String(res.data.status ?? '');
      const state = notifyState(status);
      return state === 'failed' ? { state, reason: `notify: ${safeReason(status)}` } : { state };
    } catch (err) {
      if (err instanceof DeliveryError) throw err;
      throw notifyFailure(err);
    }
  }
}

/** The adapter the configuration names, or why none can send (the worker then leaves messages queued). */
export function adapterFromConfig(c: HubConfig): OutboxAdapter | { unavailable: string } {
  const kind = c.OUTBOX_ADAPTER ?? (c.NODE_ENV === 'production' ? 'notify' : 'file');
  if (kind === 'file') return new FileAdapter(path.resolve(c.OUTBOX_DIR));
  const missing = (['NOTIFY_API_KEY', 'NOTIFY_EMAIL_TEMPLATE_ID', 'NOTIFY_LETTER_TEMPLATE_ID'] as const).filter((k) => !c[k]);
  if (missing.length) return { unavailable: `the notify adapter needs ${missing.join(', ')}` };
  return new NotifyAdapter({
    apiKey: c.NOTIFY_API_KEY!,
    baseUrl: c.NOTIFY_BASE_URL,
    emailTemplateId: c.NOTIFY_EMAIL_TEMPLATE_ID!,
    letterTemplateId: c.NOTIFY_LETTER_TEMPLATE_ID!,
    emailReplyToId: c.NOTIFY_EMAIL_REPLY_TO_ID ?? null,
  });
}
