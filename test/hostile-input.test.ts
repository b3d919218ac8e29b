import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEMO } from '../seeds/demo-data';
import { startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * Hostile input through the gateway, property-based (fast-check): whatever arrives, the hub answers
 * with a known error code, never a 500, a stack trace or an echo of personal data, and writes
 * nothing half-done.
 */
const KNOWN = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE', 'SERVICE_UNAVAILABLE']);
let t: TestHub;
let spoc: string;
let url: string;

async function raw(body: unknown, token = spoc, contentType = 'application/json') {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, json: (() => { try { return JSON.parse(text); } catch { return undefined; } })() };
}

/**
 * Whether a message repeats a value sent: the value appears in it, and not only inside one of the
 * message's own words (a generated postcode "alue" is not echoed by "Invalid value for ...").
 */
function echoes(message: string, value: string): boolean {
  const word = /[\p{L}\p{N}]/u;
  for (let at = message.indexOf(value); at >= 0; at = message.indexOf(value, at + 1)) {
    const inside = (word.test(value[0]) && at > 0 && word.test(message[at - 1])) || (word.test(value[value.length - 1]) && word.test(message[at + value.length] ?? ''));
    if (!inside) return true;
  }
  return false;
}

function expectClean(r: Awaited<ReturnType<typeof raw>>, secrets: string[] = []) {
  expect(r.status, r.text.slice(0, 300)).toBeLessThan(500);
  expect(r.text).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)|node_modules|stacktrace/i);
  for (const s of secrets) if (s.length >= 4) expect(r.text.includes(JSON.stringify(s).slice(1, -1)) && (r.json?.errors ?? []).some((e: any) => echoes(e.message, s))).toBe(false);
  for (const e of r.json?.errors ?? []) expect(KNOWN.has(e.extensions?.code), `${e.extensions?.code}: ${e.message}`).toBe(true);
}

beforeAll(async () => {
  t = await startTestHub({ seed: true });
  spoc = await tokenFor('sevenoaks-dc', 'spoc');
  url = `http://127.0.0.1:${t.hub.gateway.port}/graphql`;
});
afterAll(async () => {
  await t?.stop();
});

describe('mutation input', () => {
  it('registerPerson: any input gets a clean answer, and bad fields are named without echoing the value', async () => {
    const text = fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom('', ' ', '\u0000', '<script>alert(1)</script>', "'; drop table person; --", 'Ω'.repeat(500)));
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          givenName: text, familyName: text,
          dateOfBirth: fc.oneof(fc.constant(null), fc.string({ maxLength: 12 }), fc.constantFrom('1990-02-30', '2999-01-01', '1980-05-05')),
          postcode: fc.option(text), email: fc.option(text), phone: fc.option(text), vulnerabilities: fc.option(fc.array(text, { maxLength: 30 })),
        }),
        async (input) => {
          const r = await raw({ query: 'mutation($input: PersonInput!) { registerPerson(input: $input) { id } }', variables: { input } });
          expectClean(r, [input.givenName, input.familyName, input.email ?? '', input.postcode ?? '']);
          if (r.json?.errors) {
            expect(r.json.data?.registerPerson ?? null).toBeNull();
            const e = r.json.errors[0];
            if (e.extensions.code === 'BAD_USER_INPUT') expect(typeof e.extensions.field).toBe('string');
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('openCaseReview and recordConsent: hostile ids and lists are refused cleanly and leave nothing behind', async () => {
    const before = await t.hub.subgraphs.reviews.db.orm.em.fork().getConnection().execute(`select count(*)::int as n from "reviews"."case_review"`);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ maxLength: 60 }), { maxLength: 50 }),
        fc.string({ maxLength: 80 }),
        fc.oneof(fc.uuid(), fc.string({ maxLength: 40 })),
        async (panel, chair, applicationId) => {
          const r = await raw({
            query: 'mutation($a: ID!, $p: [ID!]!, $c: ID!) { openCaseReview(applicationId: $a, panelAgencyIds: $p, chairAgencyId: $c) { id } }',
            variables: { a: applicationId, p: panel, c: chair },
          });
          expectClean(r);
          expect(r.json.errors?.length).toBeGreaterThan(0);
          const c = await raw({
            query: 'mutation($i: ConsentInput!) { recordConsent(input: $i) { id } }',
            variables: { i: { personId: applicationId, purposes: ['CASE_REVIEW'], recipientAgencyIds: panel, categories: ['IDENTITY'], captureMethod: 'ONLINE', noticeVersion: chair } },
          });
          expectClean(c);
        },
      ),
      { numRuns: 40 },
    );
    const after = await t.hub.subgraphs.reviews.db.orm.em.fork().getConnection().execute(`select count(*)::int as n from "reviews"."case_review"`);
    expect(after[0].n).toBe(before[0].n);
  });
});

describe('query shapes', () => {
  it('garbage documents are GRAPHQL_PARSE_FAILED or validation errors, never 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 400 }), async (query) => expectClean(await raw({ query }))),
      { numRuns: 60 },
    );
  });

  it('deep nesting is refused by the depth limit', async () => {
    let q = 'id';
    for (let i = 0; i < 40; i++) q = `triggerApplications { caseReviews { application { applicant { ${q} } } } }`;
    const r = await raw({ query: `{ person(id: "${DEMO.people.alice}") { ${q} } }` });
    expectClean(r);
    expect(r.json.errors[0].message).toMatch(/exceeds maximum operation depth/);
  });

  it('thousands of aliases are refused by the cost limit', async () => {
    const aliases = Array.from({ length: 3000 }, (_, i) => `a${i}: person(id: "${DEMO.people.alice}") { id incidents { id } }`).join(' ');
    const r = await raw({ query: `{ ${aliases} }` });
    expectClean(r);
    expect(r.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query' });
  });

  it('fragment cycles are a validation error', async () => {
    const r = await raw({ query: `query { person(id: "${DEMO.people.alice}") { ...A } } fragment A on Person { id ...B } fragment B on Person { ...A }` });
    expectClean(r);
    expect(r.json.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('batched operations (a JSON array) are refused with a clear message', async () => {
    const r = await raw([{ query: '{ agencies { id } }' }, { query: '{ agencies { id } }' }]);
    expect(r.status).toBe(400);
    expect(r.text).toMatch(/batch/i);
    expectClean(r);
  });

  it('a huge variables list is answered cleanly', async () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `agency-${i}`);
    const r = await raw({
      query: 'mutation($p: [ID!]!) { openCaseReview(applicationId: "x", panelAgencyIds: $p, chairAgencyId: "agency-1") { id } }',
      variables: { p: ids },
    });
    expectClean(r);
    expect(r.json.errors[0].extensions.code).toMatch(/BAD_USER_INPUT|NOT_FOUND/);
  });

  it('a non-JSON body and a wrong content type are client errors', async () => {
    expectClean(await raw('{"query": "{ agencies { id } "', spoc));
    const r = await raw('query=%7Bagencies%7Bid%7D%7D', spoc, 'application/x-www-form-urlencoded');
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
  });
});
