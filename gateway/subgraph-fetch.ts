import http from 'node:http';
import https from 'node:https';

/**
 * How the gateway talks to a subgraph (gateway/index.ts, ForwardingDataSource): a plain HTTP POST
 * on kept-alive sockets, and entity fetches that name each entity once.
 *
 * @apollo/gateway's default fetcher (make-fetch-happen → minipass-fetch → agent-base) builds a
 * node-fetch Request it never sends and, on every request, an Error whose stack agent-base reads to
 * guess the protocol: about a quarter of the gateway's CPU under many callers (docs/benchmarks.md).
 */
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: Infinity }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: Infinity }),
};

/** What RemoteGraphQLDataSource reads of a fetch response (status, headers, body). */
export class SubgraphResponse {
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    raw: http.IncomingHttpHeaders,
    private readonly body: string,
  ) {
    this.ok = status >= 200 && status < 300;
    this.headers = {
      get: (name) => {
        const v = raw[name.toLowerCase()];
        return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
      },
    };
  }

  async text(): Promise<string> {
    return this.body;
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.body);
  }
}

/**
 * POSTs `body` and reads the whole answer. With `timeoutMs` > 0 the request is aborted when the
 * answer has not fully arrived by then, failing with an error named `AbortError` (the socket is
 * closed, so a slow subgraph holds nothing open past it).
 */
export function postToSubgraph(url: string, headers: Record<string, string>, body: string, timeoutMs = 0): Promise<SubgraphResponse> {
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  const agent = agents[target.protocol as keyof typeof agents];
  return new Promise((resolve, reject) => {
    const req = transport.request(
      target,
      {
        method: 'POST',
        agent,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        signal: timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () =>
          resolve(new SubgraphResponse(url, res.statusCode ?? 0, res.statusMessage ?? '', res.headers, Buffer.concat(chunks).toString('utf8'))),
        );
      },
    );
    req.on('error', (err: Error) => {
      // An expired AbortSignal.timeout gives a TimeoutError (DOMException); name it as fetch would.
      if ((err as { name?: string }).name === 'AbortError' || (err as { cause?: { name?: string } }).cause?.name === 'TimeoutError') {
        const abort = new Error(`The subgraph did not answer within ${timeoutMs} ms`);
        abort.name = 'AbortError';
        reject(abort);
      } else reject(err);
    });
    req.end(body);
  });
}

/**
 * An entity fetch's representations with each distinct one once (the query planner sends one per
 * place the entity appears: 60 policies of three authorities are 60 representations of 3 agencies),
 * and for every original position the position of its distinct one. Undefined when all are distinct.
 */
export function uniqueRepresentations(representations: unknown[]): { unique: unknown[]; index: number[] } | undefined {
  const seen = new Map<string, number>();
  const unique: unknown[] = [];
  const index: number[] = [];
  for (const r of representations) {
    const key = JSON.stringify(r);
    let i = seen.get(key);
    if (i === undefined) {
      i = unique.length;
      seen.set(key, i);
      unique.push(r);
    }
    index.push(i);
  }
  return unique.length === representations.length ? undefined : { unique, index };
}

interface EntitiesResponse {
  data?: { _entities?: unknown[] | null } | null;
  errors?: ReadonlyArray<{ path?: ReadonlyArray<string | number> }>;
}

/**
 * The answer to the de-duplicated fetch, as the gateway expects it for the original one: one entity
 * per original representation (each its own copy: the gateway merges later fetches into them), and
 * an error on a distinct entity (`_entities.i…`) repeated at every position that named it.
 */
export function expandEntities<T extends EntitiesResponse>(response: T, index: number[]): T {
  const entities = response.data?._entities;
  if (Array.isArray(entities)) {
    const used = new Set<number>();
    response.data!._entities = index.map((i) => {
      const e = entities[i];
      if (!used.has(i) || e === null || typeof e !== 'object') {
        used.add(i);
        return e;
      }
      return structuredClone(e);
    });
  }
  if (response.errors?.length) {
    const positions = new Map<number, number[]>();
    index.forEach((u, k) => positions.set(u, [...(positions.get(u) ?? []), k]));
    (response as EntitiesResponse).errors = response.errors.flatMap((e) => {
      const p = e.path;
      if (!p || p[0] !== '_entities' || typeof p[1] !== 'number') return [e];
      return (positions.get(p[1]) ?? [p[1]]).map((k) => ({ ...e, path: ['_entities', k, ...p.slice(2)] }));
    });
  }
  return response;
}
