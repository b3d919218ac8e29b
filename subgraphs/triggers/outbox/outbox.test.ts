import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/support/db';
import { openSubgraphDatabase, type SubgraphDatabase } from '../../shared/database';
import { triggersSubgraph } from '../service';
import { Letter } from '../entities/Letter';
import { OutboxMessage } from '../entities/OutboxMessage';
import { LetterKind } from '../letters/render';
import { OutboxChannel, OutboxStatus } from '../rules/outbox';
import { adapterFromConfig, DeliveryError, FileAdapter, NotifyAdapter, type OutboxAdapter, type OutgoingMessage } from './adapters';
import { OutboxWorker } from './worker';
import { loadConfig } from '../../../platform/config';

/**
 * The outbox worker against a real PostgreSQL (the triggers schema alone): delivery recorded,
 * retries with backoff until the limit, permanent refusals, and the GOV.UK Notify adapter against a
 * local stand-in of Notify's HTTP API that checks what the real client sends.
 */
let db: SubgraphDatabase;
let drop: () => Promise<void>;
const em = () => db.orm.em.fork() as unknown as EntityManager;
const EMAIL = 'ann.turner@example.org';
const POSTAL = 'Ann Turner\n1 High Street\nSevenoaks\nTN13 1AA';

beforeAll(async () => {
  const fresh = await freshDatabase('outbox');
  drop = fresh.drop;
  db = await openSubgraphDatabase({ schema: 'triggers', entities: triggersSubgraph.entities, migrations: triggersSubgraph.migrations, clientUrl: fresh.url });
});
afterAll(async () => {
  await db?.close();
  await drop?.();
});
beforeEach(async () => {
  await em().nativeDelete(OutboxMessage, {});
});

async function queued(channel: OutboxChannel | null = OutboxChannel.EMAIL, at = new Date()): Promise<OutboxMessage> {
  const e = em();
  const applicationId = randomUUID();
  const letter = e.create(Letter, {
    applicationId,
    kind: LetterKind.CT1,
    subject: 'Your Community Trigger application SDC-CT-2026-0042 has been received',
    html: '<p>x</p>',
    text: 'Dear Ann Turner,\n\nThank you for your application.\n',
    pdf: Buffer.from('%PDF-1.4 test').toString('base64'),
    authorityAgencyId: 'sevenoaks-dc',
    sentBy: 'test',
  });
  const m = e.create(OutboxMessage, {
    authorityAgencyId: 'sevenoaks-dc',
    applicationId,
    reference: 'SDC-CT-2026-0042',
    letterId: letter.id,
    kind: LetterKind.CT1,
    subject: letter.subject,
    channel,
    recipient: channel === OutboxChannel.POST ? POSTAL : channel === OutboxChannel.EMAIL ? EMAIL : null,
    postcode: channel === OutboxChannel.POST ? 'TN13 1AA' : null,
    createdAt: at,
    nextAttemptAt: at,
  });
  await e.flush();
  return m;
}
const reload = (id: string) => em().findOneOrFail(OutboxMessage, { id });
const options = { pollMs: 0, batch: 10, maxAttempts: 3, retryBaseMs: 1000 };

describe('the outbox worker', () => {
  it('delivers through the file adapter and records it', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'outbox-'));
    const email = await queued(OutboxChannel.EMAIL);
    const post = await queued(OutboxChannel.POST);
    const worker = new OutboxWorker(em, new FileAdapter(dir), options);
    expect(await worker.round()).toEqual({ delivered: 2, accepted: 0, retried: 0, failed: 0 });
    for (const m of [email, post]) {
      const row = await reload(m.id);
      expect(row).toMatchObject({ status: OutboxStatus.DELIVERED, attempts: 1, providerId: `${m.id}.json`, adapter: 'file', lastError: null });
      expect(row.deliveredAt).toBeInstanceOf(Date);
      const file = JSON.parse(await fs.readFile(path.join(dir, row.providerId!), 'utf8'));
      expect(file).toMatchObject({
        id: m.id,
        channel: m.channel,
        subject: m.subject,
        reference: 'SDC-CT-2026-0042 CT1',
        text: 'Dear Ann Turner,\n\nThank you for your application.\n',
      });
    }
    expect(JSON.parse(await fs.readFile(path.join(dir, `${email.id}.json`), 'utf8')).to).toBe(EMAIL);
    expect((await fs.readFile(path.join(dir, `${post.id}.pdf`))).toString()).toBe('%PDF-1.4 test');
    // Delivered is done: nothing more to send.
    expect(await worker.round()).toEqual({ delivered: 0, accepted: 0, retried: 0, failed: 0 });
    expect((await reload(email.id)).attempts).toBe(1);
  });

  it('retries a failing adapter with backoff and reports it failed after the limit, without personal data', async () => {
    let calls = 0;
    const failing: OutboxAdapter = {
      name: 'failing',
      send: async (m: OutgoingMessage) => {
        calls++;
        // An adapter that quotes the recipient: the worker takes it out before writing it down.
        throw new DeliveryError(`smtp refused ${m.recipient} at TN13 1AA`, false);
      },
    };
    const t0 = new Date();
    const m = await queued(OutboxChannel.EMAIL, t0);
    const worker = new OutboxWorker(em, failing, options);
    expect(await worker.round(t0)).toMatchObject({ retried: 1, failed: 0 });
    let row = await reload(m.id);
    expect(row).toMatchObject({ status: OutboxStatus.QUEUED, attempts: 1 });
    expect(row.nextAttemptAt!.getTime()).toBe(t0.getTime() + 1000);
    // Not yet due: nothing is tried.
    expect(await worker.round(new Date(t0.getTime() + 500))).toMatchObject({ retried: 0, failed: 0 });
    expect(calls).toBe(1);
    expect(await worker.round(new Date(t0.getTime() + 1000))).toMatchObject({ retried: 1 });
    row = await reload(m.id);
    expect(row.nextAttemptAt!.getTime()).toBe(t0.getTime() + 1000 + 2000);
    expect(await worker.round(new Date(t0.getTime() + 3000))).toMatchObject({ retried: 0, failed: 1 });
    row = await reload(m.id);
    expect(row).toMatchObject({ status: OutboxStatus.FAILED, attempts: 3, nextAttemptAt: null });
    expect(row.failedAt).toBeInstanceOf(Date);
    expect(row.lastError).toContain('smtp refused');
    expect(row.lastError).not.toMatch(/example\.org|TN13/);
    expect(calls).toBe(3);
    // Failed is final: later rounds leave it alone.
    expect(await worker.round(new Date(t0.getTime() + 86_400_000))).toMatchObject({ retried: 0, failed: 0 });
    expect(calls).toBe(3);
  });

  it('fails at once on a permanent refusal, and on a message with no address', async () => {
    const refusing: OutboxAdapter = { name: 'refusing', send: async () => Promise.reject(new DeliveryError('notify: HTTP 400 ValidationError', true)) };
    const m = await queued(OutboxChannel.EMAIL);
    const none = await queued(null);
    const worker = new OutboxWorker(em, refusing, options);
    await worker.round();
    expect(await reload(m.id)).toMatchObject({ status: OutboxStatus.FAILED, attempts: 1, lastError: 'notify: HTTP 400 ValidationError' });
    expect(await reload(none.id)).toMatchObject({ status: OutboxStatus.FAILED, attempts: 1, lastError: 'no address on record for the recipient' });
  });

  it('an unexpected error is retried and recorded by its name only', async () => {
    const throwing: OutboxAdapter = { name: 'odd', send: async (msg) => Promise.reject(new TypeError(`cannot read ${msg.recipient}`)) };
    const m = await queued(OutboxChannel.EMAIL);
    await new OutboxWorker(em, throwing, options).round();
    expect(await reload(m.id)).toMatchObject({ status: OutboxStatus.QUEUED, attempts: 1, lastError: 'odd: TypeError' });
  });

  it('two workers never send the same message twice', async () => {
    const sent: string[] = [];
    const slow: OutboxAdapter = {
      name: 'slow',
      send: async (m) => {
        sent.push(m.id);
        await new Promise((r) => setTimeout(r, 20));
        return { providerId: m.id, delivered: true };
      },
    };
    const ids = await Promise.all(Array.from({ length: 12 }, () => queued(OutboxChannel.EMAIL)));
    const a = new OutboxWorker(em, slow, { ...options, batch: 5 });
    const b = new OutboxWorker(em, slow, { ...options, batch: 5 });
    for (let i = 0; i < 3; i++) await Promise.all([a.round(), b.round()]);
    expect(sent.sort()).toEqual(ids.map((m) => m.id).sort());
    expect(new Set(sent).size).toBe(12);
  });

  it('takes over a message whose worker died holding it, after the lock', async () => {
    const m = await queued(OutboxChannel.EMAIL);
    const past = new Date(Date.now() - 10 * 60_000);
    await em().nativeUpdate(OutboxMessage, { id: m.id }, { status: OutboxStatus.SENDING, attempts: 1, lockedUntil: past });
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'outbox-'));
    await new OutboxWorker(em, new FileAdapter(dir), options).round();
    expect(await reload(m.id)).toMatchObject({ status: OutboxStatus.DELIVERED, attempts: 2 });
  });

  it('start() runs rounds on its own and stop() waits for the round under way', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'outbox-'));
    const m = await queued(OutboxChannel.EMAIL);
    const worker = new OutboxWorker(em, new FileAdapter(dir), { ...options, pollMs: 20 }).start();
    for (let i = 0; i < 100 && (await reload(m.id)).status !== OutboxStatus.DELIVERED; i++) await new Promise((r) => setTimeout(r, 20));
    await worker.stop();
    expect((await reload(m.id)).status).toBe(OutboxStatus.DELIVERED);
    const later = await queued(OutboxChannel.EMAIL);
    await new Promise((r) => setTimeout(r, 100));
    expect((await reload(later.id)).status).toBe(OutboxStatus.QUEUED);
  });
});

describe('the adapter the configuration names', () => {
  it('is the folder in development and notify in production, which needs its key and templates', () => {
    expect(adapterFromConfig(loadConfig({ OUTBOX_DIR: '/tmp/x' }))).toBeInstanceOf(FileAdapter);
    const prod = { NODE_ENV: 'production', JWT_SECRET: 'a-production-jwt-secret-0123456789', SERVICE_SECRET: 'a-production-service-secret-0123456789' };
    expect(adapterFromConfig(loadConfig(prod))).toEqual({
      unavailable: 'the notify adapter needs NOTIFY_API_KEY, NOTIFY_EMAIL_TEMPLATE_ID, NOTIFY_LETTER_TEMPLATE_ID',
    });
    expect(() => loadConfig({ ...prod, OUTBOX_ADAPTER: 'file' })).toThrow(/OUTBOX_ADAPTER: file delivers nothing/);
    const key = `hub-${randomUUID()}-${randomUUID()}`;
    expect(
      adapterFromConfig(loadConfig({ ...prod, NOTIFY_API_KEY: key, NOTIFY_EMAIL_TEMPLATE_ID: randomUUID(), NOTIFY_LETTER_TEMPLATE_ID: randomUUID() })),
    ).toBeInstanceOf(NotifyAdapter);
    expect(() => loadConfig({ NOTIFY_API_KEY: 'too-short' })).toThrow(/NOTIFY_API_KEY/);
    // Left blank (docker-compose.yml passes them through unset): unset, not invalid.
    expect(loadConfig({ NOTIFY_API_KEY: '', NOTIFY_EMAIL_TEMPLATE_ID: ' ', PUBLIC_BASE_URL: '' })).toMatchObject({
      NOTIFY_API_KEY: undefined,
      NOTIFY_EMAIL_TEMPLATE_ID: undefined,
      PUBLIC_BASE_URL: undefined,
    });
  });
});

/** A stand-in of GOV.UK Notify's API (v2): checks the client's JWT and the request shapes, as Notify does. */
interface StandIn {
  url: string;
  requests: Array<{ method: string; path: string; body: Record<string, any>; claims: Record<string, unknown>; userAgent: string }>;
  /** The next POSTs answer this instead (status and Notify's error body). */
  fail: Array<{ status: number; errors: Array<{ error: string; message: string }> }>;
  statuses: Map<string, string[]>;
  close(): Promise<void>;
}

async function notifyStandIn(serviceId: string, secret: string): Promise<StandIn> {
  const s: Omit<StandIn, 'url' | 'close'> = { requests: [], fail: [], statuses: new Map() };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', async () => {
      const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
      if (!auth) return send(401, { status_code: 401, errors: [{ error: 'AuthError', message: 'Unauthorized: authentication token must be provided' }] });
      let claims: Record<string, unknown>;
      try {
        const header = decodeProtectedHeader(auth[1]);
        if (header.alg !== 'HS256' || header.typ !== 'JWT') throw new Error('alg');
        claims = (await jwtVerify(auth[1], new TextEncoder().encode(secret), { algorithms: ['HS256'], issuer: serviceId })).payload as Record<string, unknown>;
        // Notify refuses a token issued more than 30 seconds away from its clock.
        if (typeof claims.iat !== 'number' || Math.abs(claims.iat - Date.now() / 1000) > 30) throw new Error('iat');
      } catch {
        return send(403, { status_code: 403, errors: [{ error: 'AuthError', message: 'Invalid token: signature, api token not found' }] });
      }
      const body = raw ? JSON.parse(raw) : {};
      const url = req.url ?? '';
      s.requests.push({ method: req.method ?? '', path: url, body, claims, userAgent: String(req.headers['user-agent']) });
      if (req.method === 'POST') {
        const failure = s.fail.shift();
        if (failure) return send(failure.status, { status_code: failure.status, errors: failure.errors });
        const id = randomUUID();
        if (url === '/v2/notifications/email') {
          if (typeof body.template_id !== 'string' || typeof body.email_address !== 'string')
            return send(400, { status_code: 400, errors: [{ error: 'ValidationError', message: 'template_id is a required property' }] });
          s.statuses.set(id, ['sending', 'delivered']);
          return send(201, {
            id,
            reference: body.reference,
            content: { subject: body.personalisation?.subject, body: body.personalisation?.body, from_email: 'hub@notifications.service.gov.uk' },
            uri: `${url}/${id}`,
            template: { id: body.template_id, version: 1, uri: '' },
          });
        }
        if (url === '/v2/notifications/letter') {
          const p = body.personalisation ?? {};
          if (typeof body.template_id !== 'string' || !p.address_line_1 || !p.address_line_2 || !p.address_line_3) {
            return send(400, { status_code: 400, errors: [{ error: 'ValidationError', message: 'personalisation address_line_3 is a required property' }] });
          }
          s.statuses.set(id, ['accepted', 'received']);
          return send(201, {
            id,
            reference: body.reference,
            content: { subject: p.subject, body: p.body },
            uri: `${url}/${id}`,
            template: { id: body.template_id, version: 1, uri: '' },
            scheduled_for: null,
          });
        }
        return send(404, { status_code: 404, errors: [{ error: 'NotFound', message: 'Not found' }] });
      }
      const m = /^\/v2\/notifications\/([0-9a-f-]{36})$/.exec(url);
      const states = m && s.statuses.get(m[1]);
      if (!states) return send(404, { status_code: 404, errors: [{ error: 'NoResultFound', message: 'No result found' }] });
      const status = states.length > 1 ? states.shift()! : states[0];
      return send(200, { id: m![1], status, type: 'email' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { ...s, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) } as StandIn;
}

describe('the GOV.UK Notify adapter, against a stand-in of its API', () => {
  const serviceId = randomUUID();
  const secret = randomUUID();
  // Notify's key format: the key's name, the service id and the secret.
  const apiKey = `asb-hub-test-${serviceId}-${secret}`;
  const emailTemplateId = randomUUID();
  const letterTemplateId = randomUUID();
  let standIn: StandIn;
  let adapter: NotifyAdapter;
  beforeAll(async () => {
    standIn = await notifyStandIn(serviceId, secret);
    adapter = new NotifyAdapter({ apiKey, baseUrl: standIn.url, emailTemplateId, letterTemplateId });
  });
  afterAll(() => standIn?.close());
  beforeEach(() => {
    standIn.requests.length = 0;
    standIn.fail.length = 0;
  });

  it('sends an e-mail and a letter as the real client does, and records delivery once Notify reports it', async () => {
    const email = await queued(OutboxChannel.EMAIL);
    const post = await queued(OutboxChannel.POST);
    const worker = new OutboxWorker(em, adapter, { ...options, checkEveryMs: 1000 });
    const t0 = new Date();
    expect(await worker.round(t0)).toMatchObject({ accepted: 2, delivered: 0 });

    const [e, l] = ['/v2/notifications/email', '/v2/notifications/letter'].map((p) => standIn.requests.find((r) => r.path === p)!);
    expect(e.body).toEqual({
      template_id: emailTemplateId,
      email_address: EMAIL,
      personalisation: { subject: email.subject, body: 'Dear Ann Turner,\n\nThank you for your application.\n' },
      reference: 'SDC-CT-2026-0042 CT1',
    });
    expect(l.body).toEqual({
      template_id: letterTemplateId,
      personalisation: {
        address_line_1: 'Ann Turner',
        address_line_2: '1 High Street',
        address_line_3: 'Sevenoaks',
        address_line_4: 'TN13 1AA',
        subject: post.subject,
        body: 'Dear Ann Turner,\n\nThank you for your application.\n',
      },
      reference: 'SDC-CT-2026-0042 CT1',
    });
    for (const r of [e, l]) {
      expect(r.claims.iss).toBe(serviceId);
      expect(r.userAgent).toMatch(/^NOTIFY-API-NODE-CLIENT\/8\./);
    }
    let row = await reload(email.id);
    expect(row).toMatchObject({ status: OutboxStatus.SENDING, adapter: 'notify', attempts: 1 });
    expect(row.providerId).toMatch(/^[0-9a-f-]{36}$/);

    // Asked too early: nothing; then Notify says "sending", then "delivered" (a letter: "accepted", then "received").
    await worker.round(new Date(t0.getTime() + 500));
    expect(standIn.requests.filter((r) => r.method === 'GET')).toHaveLength(0);
    await worker.round(new Date(t0.getTime() + 1000));
    expect((await reload(email.id)).status).toBe(OutboxStatus.SENDING);
    await worker.round(new Date(t0.getTime() + 2000));
    for (const m of [email, post]) {
      row = await reload(m.id);
      expect(row.status).toBe(OutboxStatus.DELIVERED);
      expect(row.deliveredAt).toBeInstanceOf(Date);
    }
    expect(standIn.requests.filter((r) => r.method === 'GET').map((r) => r.path)).toContain(`/v2/notifications/${(await reload(email.id)).providerId}`);
  });

  it('retries Notify’s 500 and 429, fails on its 400 at once, and stores the error names only', async () => {
    const m = await queued(OutboxChannel.EMAIL);
    const worker = new OutboxWorker(em, adapter, options);
    const t0 = new Date();
    standIn.fail.push(
      { status: 500, errors: [{ error: 'Exception', message: 'Internal server error' }] },
      { status: 429, errors: [{ error: 'RateLimitError', message: 'Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds' }] },
    );
    await worker.round(t0);
    expect(await reload(m.id)).toMatchObject({ status: OutboxStatus.QUEUED, lastError: 'notify: HTTP 500 Exception' });
    await worker.round(new Date(t0.getTime() + 1000));
    expect(await reload(m.id)).toMatchObject({ status: OutboxStatus.QUEUED, attempts: 2, lastError: 'notify: HTTP 429 RateLimitError' });
    await worker.round(new Date(t0.getTime() + 3000));
    expect(await reload(m.id)).toMatchObject({ status: OutboxStatus.SENDING, attempts: 3, lastError: null });

    const bad = await queued(OutboxChannel.EMAIL);
    standIn.fail.push({ status: 400, errors: [{ error: 'ValidationError', message: `email_address ${EMAIL} Not a valid email address` }] });
    await worker.round(new Date(t0.getTime() + 4000));
    const row = await reload(bad.id);
    expect(row).toMatchObject({ status: OutboxStatus.FAILED, attempts: 1, lastError: 'notify: HTTP 400 ValidationError' });
  });

  it('a wrong key is refused by the stand-in (the check is real) and reported failed', async () => {
    const wrong = new NotifyAdapter({ apiKey: `asb-hub-test-${serviceId}-${randomUUID()}`, baseUrl: standIn.url, emailTemplateId, letterTemplateId });
    const m = await queued(OutboxChannel.EMAIL);
    await new OutboxWorker(em, wrong, options).round();
    expect(await reload(m.id)).toMatchObject({ status: OutboxStatus.FAILED, lastError: 'notify: HTTP 403 AuthError' });
  });

  it('a call that hangs counts as a failed attempt and is retried', async () => {
    const hang = http.createServer(() => undefined);
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', () => r()));
    try {
      const slow = new NotifyAdapter({
        apiKey,
        baseUrl: `http://127.0.0.1:${(hang.address() as AddressInfo).port}`,
        emailTemplateId,
        letterTemplateId,
        timeoutMs: 200,
      });
      const m = await queued(OutboxChannel.EMAIL);
      await new OutboxWorker(em, slow, options).round();
      expect(await reload(m.id)).toMatchObject({ status: OutboxStatus.QUEUED, attempts: 1, lastError: 'notify: no answer in time' });
    } finally {
      hang.closeAllConnections();
      await new Promise((r) => hang.close(r));
    }
  });

  it('Notify unreachable is retried', async () => {
    const away = new NotifyAdapter({ apiKey, baseUrl: 'http://127.0.0.1:1', emailTemplateId, letterTemplateId });
    const m = await queued(OutboxChannel.EMAIL);
    await new OutboxWorker(em, away, options).round();
    expect(await reload(m.id)).toMatchObject({ status: OutboxStatus.QUEUED, lastError: 'notify: ECONNREFUSED' });
  });
});
