import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandEntities, postToSubgraph, uniqueRepresentations } from './subgraph-fetch';

describe('entity fetches name each entity once', () => {
  it('keeps one of each representation and where each original one went', () => {
    const reps = [
      { __typename: 'Agency', id: 'a' },
      { __typename: 'Agency', id: 'b' },
      { __typename: 'Agency', id: 'a' },
      { __typename: 'Person', id: 'a' },
      { __typename: 'Agency', id: 'b' },
    ];
    expect(uniqueRepresentations(reps)).toEqual({ unique: [reps[0], reps[1], reps[3]], index: [0, 1, 0, 2, 1] });
    expect(uniqueRepresentations(reps.slice(0, 2))).toBeUndefined();
  });

  it('spreads the answer back: a copy per position, errors repeated at every position naming the entity', () => {
    const response = {
      data: { _entities: [{ name: 'A', nested: { x: 1 } }, null, { name: 'C' }] },
      errors: [{ message: 'withheld', path: ['_entities', 1, 'name'] }, { message: 'elsewhere', path: ['other'] }, { message: 'no path' }],
    };
    const out = expandEntities(response, [0, 1, 0, 2, 1]);
    const entities = out.data!._entities as Array<{ name: string; nested?: { x: number } } | null>;
    expect(entities).toEqual([{ name: 'A', nested: { x: 1 } }, null, { name: 'A', nested: { x: 1 } }, { name: 'C' }, null]);
    // The gateway merges later fetches into each entity: no two positions share an object.
    expect(entities[2]).not.toBe(entities[0]);
    expect(entities[2]!.nested).not.toBe(entities[0]!.nested);
    expect(out.errors).toEqual([
      { message: 'withheld', path: ['_entities', 1, 'name'] },
      { message: 'withheld', path: ['_entities', 4, 'name'] },
      { message: 'elsewhere', path: ['other'] },
      { message: 'no path' },
    ]);
  });
});

describe('postToSubgraph', () => {
  let server: http.Server;
  let base: string;
  const sockets = new Set<number>();
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      sockets.add(req.socket.remotePort ?? 0);
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (req.url === '/slow') return void setTimeout(() => res.end('{}'), 2_000);
        if (req.url === '/refuse') {
          res.writeHead(400, { 'content-type': 'application/json' });
          return void res.end(JSON.stringify({ errors: [{ message: 'bad variable', extensions: { code: 'BAD_USER_INPUT' } }] }));
        }
        res.writeHead(200, {
          'content-type': 'application/json',
          'x-echo-auth': String(req.headers.authorization),
          'x-length': String(req.headers['content-length']),
        });
        res.end(JSON.stringify({ data: { echo: JSON.parse(body) } }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('posts the body with the headers given and reads the answer, reusing the connection', async () => {
    const body = JSON.stringify({ query: '{ a }', variables: { s: 'é' } });
    const res = await postToSubgraph(`${base}/graphql`, { authorization: 'Bearer t', 'content-type': 'application/json' }, body);
    expect(res.ok).toBe(true);
    expect(res.headers.get('X-Echo-Auth')).toBe('Bearer t');
    expect(res.headers.get('x-length')).toBe(String(Buffer.byteLength(body)));
    expect(res.headers.get('x-missing')).toBeNull();
    expect(await res.json()).toEqual({ data: { echo: { query: '{ a }', variables: { s: 'é' } } } });
    sockets.clear();
    for (let i = 0; i < 3; i++) await postToSubgraph(`${base}/graphql`, {}, '{}');
    expect(sockets.size).toBe(1);
  });

  it('gives a refusal with its status and body', async () => {
    const res = await postToSubgraph(`${base}/refuse`, {}, '{}');
    expect(res.ok).toBe(false);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ message: 'bad variable' }] });
  });

  it('aborts an answer that does not arrive in time with an AbortError', async () => {
    const started = Date.now();
    await expect(postToSubgraph(`${base}/slow`, {}, '{}', 200)).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('fails when nothing listens', async () => {
    await expect(postToSubgraph('http://127.0.0.1:1/graphql', {}, '{}')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
