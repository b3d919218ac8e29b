import http from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../seeds/demo-data';
import { serviceToken, startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * The policy decision point's streamed form (`POST /_pdp`, application/x-ndjson): the asking
 * subgraph names the people first, as soon as it knows them, and its questions once its rows are
 * read; the consent subgraph reads its facts about those people on the first line, so that the read
 * overlaps the asker's own (consent/resolvers/PolicyDecisionEndpoint.ts, shared/access.ts `expect`).
 */
const alice = DEMO.people.alice;
let t: TestHub;
let pdpUrl: URL;
beforeAll(async () => {
  t = await startTestHub({ seed: true });
  pdpUrl = new URL('/_pdp', t.hub.subgraphs.consent.url);
});
afterAll(async () => {
  await t?.stop();
});

const actor = (requestId: string) => ({ sub: 'probe', agencyId: 'kent-police', roles: ['reviewer'], subgraph: 'incidents', requestId });
const question = { personId: alice, category: 'INCIDENT_DETAIL', controllerAgencyIds: ['sevenoaks-dc'], field: 'Person.incidents' };
const consentSql = (sql: string) => t.hub.subgraphs.consent.db.orm.em.fork().getConnection().execute(sql);

/** A streamed request: the first line now, the rest when `finish` is called; resolves with the answer. */
function streamed(first: string, token?: string) {
  let settle!: (v: { status: number; text: string }) => void;
  const answer = new Promise<{ status: number; text: string }>((r) => (settle = r));
  const req = http.request(pdpUrl, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', ...(token ? { authorization: `Bearer ${token}` } : {}) } }, (res) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (c: string) => (text += c));
    res.on('end', () => settle({ status: res.statusCode ?? 0, text }));
  });
  req.on('error', () => settle({ status: 0, text: '' }));
  req.write(first);
  return { finish: (rest: string) => (req.end(rest), answer), answer };
}

const line = (o: unknown) => `${JSON.stringify(o)}\n`;
const linesOf = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

describe('the policy decision point asked in two lines', () => {
  it('answers as the whole form does, and logs every question', async () => {
    const s = streamed(line({ actor: actor('pdp-opened-1'), people: [alice] }), await serviceToken());
    const res = await s.finish(line({ questions: [question, { ...question, category: 'SPECIAL_CATEGORY' }] }));
    expect(res.status).toBe(200);
    const [answers, logged] = linesOf(res.text);
    expect(answers.answers).toHaveLength(2);
    expect(answers.answers[1]).toMatchObject({ allowed: false });
    expect(logged).toEqual({ logged: true });
    const whole = await fetch(pdpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await serviceToken()}` },
      body: JSON.stringify({ actor: actor('pdp-opened-1b'), questions: [question, { ...question, category: 'SPECIAL_CATEGORY' }] }),
    }).then((r) => r.text());
    expect(linesOf(whole)[0]).toEqual(answers);
    const rows = await consentSql(`select category, decision from consent.access_event where request_id = 'pdp-opened-1' order by seq`);
    expect(rows.map((r: any) => r.category)).toEqual(['INCIDENT_DETAIL', 'SPECIAL_CATEGORY']);
  });

  it('reads the facts about the people on the first line, before the questions are sent', async () => {
    // Holding the grants' table: the facts' read waits on the lock, and shows as waiting.
    const holder = new pg.Client({ connectionString: t.databaseUrl });
    await holder.connect();
    let s: ReturnType<typeof streamed> | undefined;
    try {
      await holder.query('begin');
      await holder.query('lock table consent.access_grant in access exclusive mode');
      s = streamed(line({ actor: actor('pdp-opened-2'), people: [alice] }), await serviceToken());
      let waiting = 0;
      for (let i = 0; i < 100 && !waiting; i++) {
        await new Promise((r) => setTimeout(r, 50));
        const { rows } = await holder.query(
          `select count(*)::int as n from pg_stat_activity where pid <> pg_backend_pid() and wait_event_type = 'Lock' and query like '%"consent"."access_grant"%'`,
        );
        waiting = rows[0].n;
      }
      expect(waiting).toBe(1);
    } finally {
      await holder.query('rollback').catch(() => undefined);
      await holder.end();
    }
    const res = await s!.finish(line({ questions: [question] }));
    expect(res.status).toBe(200);
    expect(linesOf(res.text)).toEqual([{ answers: [expect.objectContaining({ allowed: expect.any(Boolean) })] }, { logged: true }]);
  });

  it('asks about people not opened too (their facts read then)', async () => {
    const other = DEMO.people.bob;
    const s = streamed(line({ actor: actor('pdp-opened-3'), people: [alice] }), await serviceToken());
    const res = await s.finish(line({ questions: [question, { ...question, personId: other }] }));
    expect(res.status).toBe(200);
    expect(linesOf(res.text)[0].answers).toHaveLength(2);
  });

  it('an opening never asked answers nothing and logs nothing', async () => {
    const s = streamed(line({ actor: actor('pdp-opened-4'), people: [alice] }), await serviceToken());
    const res = await s.finish(line({ questions: [] }));
    expect(res.status).toBe(200);
    expect(linesOf(res.text)).toEqual([{ answers: [] }, { logged: true }]);
    expect(await consentSql(`select 1 from consent.access_event where request_id = 'pdp-opened-4'`)).toEqual([]);
  });

  it('refuses without the service credential, and a malformed line naming the field, never the value', async () => {
    expect((await streamed(line({ actor: actor('x'), people: [alice] })).finish(line({ questions: [question] }))).status).toBe(401);
    expect((await streamed(line({ actor: actor('x'), people: [alice] }), await tokenFor('kent-police', 'dpo')).finish(line({ questions: [question] }))).status).toBe(403);
    const badPeople = await streamed(line({ actor: actor('x'), people: ['SECRET-NOT-A-UUID'] }), await serviceToken()).finish(line({ questions: [question] }));
    expect(badPeople.status).toBe(400);
    expect(badPeople.text).toContain('people.0');
    expect(badPeople.text).not.toContain('SECRET');
    const badQuestion = await streamed(line({ actor: actor('x'), people: [alice] }), await serviceToken()).finish(line({ questions: [{ ...question, category: 'SECRET_SAUCE' }] }));
    expect(badQuestion.status).toBe(400);
    expect(badQuestion.text).toContain('questions.0.category');
    expect(badQuestion.text).not.toContain('SECRET_SAUCE');
    const noOpening = await streamed('', await serviceToken()).finish('');
    expect(noOpening.status).toBe(400);
  });
});
