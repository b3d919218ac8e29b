import http from 'node:http';
import https from 'node:https';
import type { PolicyDecisionPoint } from './access';
import { unavailable } from '../../platform/errors';
import { PDP_PATH, pdpRequestOf, type PdpAnswersLine, type PdpLoggedLine } from './pdp-contract';
import { serviceOf, serviceToken } from '../../platform/service-client';

/**
 * The policy decision point of the consent subgraph, asked over HTTP: one call per request, to its
 * plain endpoint (consent/resolvers/PolicyDecisionEndpoint.ts; the request and the answer's two
 * lines: pdp-contract.ts). The answers arrive on the first line; `logged` settles on the second,
 * when the access log holds them. A peer that cannot be
 * reached, or answers anything else, is SERVICE_UNAVAILABLE naming it: the asking fields are then
 * withheld with `decision-unavailable` (shared/access.ts), never answered as allowed.
 */
export function remotePolicyDecisionPoint(subgraph: string, consentUrl: () => string): PolicyDecisionPoint {
  return async (actor, questions) => {
    const graphqlUrl = consentUrl();
    const url = new URL(PDP_PATH, graphqlUrl);
    const service = serviceOf(graphqlUrl);
    const token = await serviceToken(subgraph);
    const payload = pdpRequestOf(actor, questions);
    let lines: LineReader;
    try {
      lines = await postForLines(url, { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(actor.requestId ? { 'x-request-id': actor.requestId } : {}) }, JSON.stringify(payload), 10_000);
    } catch {
      throw unavailable(service);
    }
    // Checked by shape, not parsed with zod: a request may ask thousands of questions, and the
    // consent subgraph writes these lines from the same contract (pdp-contract.ts).
    let first: Partial<PdpAnswersLine>;
    try {
      first = JSON.parse((await lines.next()) ?? '') as typeof first;
    } catch {
      lines.cancel();
      throw unavailable(service);
    }
    if (!Array.isArray(first.answers) || first.answers.length !== questions.length) {
      lines.cancel();
      throw unavailable(service);
    }
    const logged = lines.next().then(
      (line) => {
        if (!line || (JSON.parse(line) as Partial<PdpLoggedLine>).logged !== true) throw unavailable(service, 'The access log could not be written');
      },
      () => {
        throw unavailable(service, 'The access log could not be written');
      },
    );
    // A caller that never waits (a decision taken and then not used) must not leave a rejection unhandled.
    logged.catch(() => undefined);
    return { answers: first.answers, logged };
  };
}

// Kept-alive sockets and plain http.request: fetch (undici) cost about as much CPU as the decisions
// themselves on a case history (docs/benchmarks.md "access").
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: Infinity }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: Infinity }),
};

interface LineReader {
  /** The next newline-terminated line, null at the end; rejects if the answer broke off or timed out. */
  next(): Promise<string | null>;
  cancel(): void;
}

/** POSTs `body` and reads the 200 answer one line at a time; any other status rejects. */
function postForLines(url: URL, headers: Record<string, string>, body: string, timeoutMs: number): Promise<LineReader> {
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    // A plain timer for the whole exchange, cleared when it ends: AbortSignal.timeout keeps a timer
    // and builds a DOMException for every request, a measurable share of a case history's CPU.
    const timer = setTimeout(() => req.destroy(new Error('timed out')), timeoutMs);
    timer.unref();
    const req = transport.request(
      url,
      { method: 'POST', agent: agents[url.protocol as keyof typeof agents], headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        res.once('close', () => clearTimeout(timer));
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`status ${res.statusCode}`));
          return;
        }
        resolve(lineReader(res, () => req.destroy()));
      },
    );
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end(body);
  });
}

/** Reads a response one newline-terminated line at a time (null at the end). */
function lineReader(res: http.IncomingMessage, cancel: () => void): LineReader {
  res.setEncoding('utf8');
  let buffered = '';
  let ended = false;
  let failure: Error | null = null;
  let waiting: (() => void) | null = null;
  const wake = () => {
    const w = waiting;
    waiting = null;
    w?.();
  };
  res.on('data', (chunk: string) => {
    buffered += chunk;
    wake();
  });
  res.on('end', () => {
    ended = true;
    wake();
  });
  const fail = (err: Error) => {
    failure ??= err;
    wake();
  };
  res.on('error', fail);
  res.on('aborted', () => fail(new Error('aborted')));
  res.on('close', () => {
    if (!res.complete) fail(new Error('closed before the end'));
  });
  return {
    async next() {
      for (;;) {
        const nl = buffered.indexOf('\n');
        if (nl >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          return line;
        }
        if (failure) throw failure;
        if (ended) {
          const rest = buffered;
          buffered = '';
          return rest.length ? rest : null;
        }
        await new Promise<void>((r) => (waiting = r));
      }
    },
    cancel,
  };
}
