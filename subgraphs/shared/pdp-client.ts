import http from 'node:http';
import https from 'node:https';
import type { AccessActor, AccessQuestion, OpenedDecisions, PolicyDecisionPoint } from './access';
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
  const ask: PolicyDecisionPoint = async (actor, questions) => {
    const graphqlUrl = consentUrl();
    const service = serviceOf(graphqlUrl);
    const colocated = inProcess.get(graphqlUrl);
    if (colocated) return askInProcess(colocated, service, actor, questions);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${await serviceToken(subgraph)}`, ...(actor.requestId ? { 'x-request-id': actor.requestId } : {}) };
    return answersOf(service, questions.length, postForLines(new URL(PDP_PATH, graphqlUrl), headers, JSON.stringify(pdpRequestOf(actor, questions)), 10_000));
  };
  // Opened early only in this process, where it costs a call: over HTTP a streamed opening measured
  // dearer than the read it overlaps (docs/benchmarks.md "access"), and the consent subgraph shares
  // the request's facts read anyway (consent/rules/policy-decision-point.ts `shareFacts`).
  ask.open = (actor, personIds) => {
    const graphqlUrl = consentUrl();
    const colocated = inProcess.get(graphqlUrl);
    return colocated ? openInProcess(colocated, serviceOf(graphqlUrl), actor, personIds) : undefined;
  };
  return ask;
}

/** The answers' line and the logged line of one exchange, or SERVICE_UNAVAILABLE naming the service. */
async function answersOf(service: string, expected: number, exchange: Promise<LineReader>): ReturnType<PolicyDecisionPoint> {
  let lines: LineReader;
  try {
    lines = await exchange;
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
  if (!Array.isArray(first.answers) || first.answers.length !== expected) {
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
}

/**
 * Decision points served by this process, by the GraphQL URL they answer at: when the hub runs in
 * one process (`npm start`), a subgraph asks the consent subgraph's decision point by a call, not
 * over a loopback socket (the exchange's two ends cost a fifth of the layer's CPU there,
 * docs/benchmarks.md "access"). Registered while that server listens (shared/server.ts), so a
 * stopped or re-pointed consent subgraph is asked over HTTP and fails as it would apart.
 */
const inProcess = new Map<string, PolicyDecisionPoint>();

/** Serves `pdp` to this process's other subgraphs at `graphqlUrl`; the returned function withdraws it. */
export function serveInProcess(graphqlUrl: string, pdp: PolicyDecisionPoint): () => void {
  inProcess.set(graphqlUrl, pdp);
  return () => {
    if (inProcess.get(graphqlUrl) === pdp) inProcess.delete(graphqlUrl);
  };
}

/** The same answers and failures as over HTTP: SERVICE_UNAVAILABLE naming the consent subgraph. */
async function askInProcess(
  pdp: (actor: AccessActor, questions: AccessQuestion[]) => ReturnType<PolicyDecisionPoint>,
  service: string,
  actor: AccessActor,
  questions: AccessQuestion[],
): ReturnType<PolicyDecisionPoint> {
  let asked: Awaited<ReturnType<PolicyDecisionPoint>>;
  try {
    // No read-ahead: the asking request's reads are its own subgraph's, not the decision point's.
    asked = await pdp(actor, questions);
  } catch {
    throw unavailable(service);
  }
  const logged = asked.logged.then(
    () => undefined,
    () => {
      throw unavailable(service, 'The access log could not be written');
    },
  );
  logged.catch(() => undefined);
  return { answers: asked.answers, logged };
}

function openInProcess(pdp: PolicyDecisionPoint, service: string, actor: AccessActor, personIds: string[]): OpenedDecisions {
  let opened: OpenedDecisions | undefined;
  try {
    opened = pdp.open?.(actor, personIds);
  } catch {
    opened = undefined;
  }
  return {
    ask: (questions) => askInProcess(opened ? (_actor, qs) => opened!.ask(qs) : pdp, service, actor, questions),
    cancel: () => opened?.cancel(),
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
