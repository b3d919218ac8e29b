/**
 * The pass rules of the fault drills (`npm run faults`), as pure functions of what a drill
 * observed: the answers its callers got, and what it found in the database afterwards. They know
 * nothing of the hub, so scripts/lib/fault-rules.test.ts proves each one fails when it should (an
 * INTERNAL_SERVER_ERROR, a lost write, a personal value served, a pile-up...).
 */
export interface AnswerError {
  code: string;
  /** `extensions.service`: which service was unavailable. */
  service?: string;
  /** `extensions.reason`: why a field was withheld (`denied`, `decision-unavailable`) or `timeout`. */
  reason?: string;
}

export interface WriteRecord {
  kind: 'person' | 'batch';
  /** What the drill looks for afterwards (names, source references). */
  keys: string[];
  /** What the hub acknowledged (ids, source references); empty when refused. */
  acknowledged: string[];
  /** The payload, to send again once the fault is over. */
  resend?: unknown;
  /** Services this write cannot be done without (ingestion needs consent only for people it has not seen). */
  needs?: string[];
}

export interface Answer {
  scenario: string;
  /** The request got no HTTP answer: the client's error code (ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET...). */
  transport?: string;
  /** `data` was present (a partial answer when there are errors too). */
  hasData: boolean;
  errors: AnswerError[];
  /** Full and correct. */
  ok: boolean;
  /** Personal values (names, narratives) served, not null. */
  personalValues: number;
  write?: WriteRecord;
  /** The subgraphs a full answer needs. */
  uses?: string[];
  /** Milliseconds from sending to the answer. */
  ms?: number;
}

export interface Verdict {
  pass: boolean;
  failures: string[];
}

const verdict = (failures: string[]): Verdict => ({ pass: failures.length === 0, failures });

const describe = (e: AnswerError) => [e.code, e.service, e.reason].filter(Boolean).join('/');

/** The distinct errors among `answers` that `allowed` refuses, and the transport failures. */
function unexpected(answers: Answer[], allowed: (e: AnswerError) => boolean): string[] {
  const seen = new Map<string, number>();
  for (const a of answers) {
    for (const e of a.errors) if (!allowed(e)) seen.set(`${a.scenario}: ${describe(e)}`, (seen.get(`${a.scenario}: ${describe(e)}`) ?? 0) + 1);
    if (a.transport) seen.set(`${a.scenario}: no answer (${a.transport})`, (seen.get(`${a.scenario}: no answer (${a.transport})`) ?? 0) + 1);
  }
  return [...seen].map(([k, n]) => `${k} ×${n}`);
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export const unavailableNaming = (service: string) => (e: AnswerError) => e.code === 'SERVICE_UNAVAILABLE' && e.service === service;
export const decisionUnavailable = (e: AnswerError) => e.code === 'FORBIDDEN' && e.reason === 'decision-unavailable';

/**
 * A subgraph stopped and restarted under load: every error is SERVICE_UNAVAILABLE naming it (the
 * consent subgraph's absence also withholds personal fields elsewhere, `decision-unavailable`),
 * never another code and never a request without an answer; partial answers were seen; full service
 * returned by itself within the bound.
 */
export function stoppedSubgraphRule(o: { stopped: string; answers: Answer[]; recoveredInMs: number | null; recoveryBoundMs: number }): Verdict {
  const allowed = (e: AnswerError) => unavailableNaming(o.stopped)(e) || (o.stopped === 'consent' && decisionUnavailable(e));
  const failures = unexpected(o.answers, allowed).map((s) => `unexpected ${s}`);
  if (!o.answers.some((a) => a.errors.some(unavailableNaming(o.stopped)))) failures.push(`no answer named ${o.stopped} unavailable: the outage was not exercised`);
  if (!o.answers.some((a) => a.hasData && a.errors.length > 0)) failures.push('no partial answer seen');
  if (o.recoveredInMs === null) failures.push('full service did not return');
  else if (o.recoveredInMs > o.recoveryBoundMs) failures.push(`full service took ${o.recoveredInMs} ms to return (bound ${o.recoveryBoundMs} ms)`);
  return verdict(failures);
}

/**
 * The consent subgraph (policy decision point) down, judged on the answers sent and received while
 * it was down: every withheld field says `decision-unavailable`, every other error is
 * SERVICE_UNAVAILABLE naming consent, no personal value is served, no write that needs consent is
 * acknowledged (ingestion of people already known goes on), and a refused write left nothing behind.
 */
export function consentDownRule(o: { answers: Answer[]; refusedButWritten: number }): Verdict {
  const allowed = (e: AnswerError) => unavailableNaming('consent')(e) || decisionUnavailable(e);
  const failures = unexpected(o.answers, allowed).map((s) => `unexpected ${s}`);
  const served = o.answers.reduce((n, a) => n + a.personalValues, 0);
  if (served) failures.push(`${served} personal values served without a decision`);
  if (!o.answers.some((a) => a.errors.some(decisionUnavailable))) failures.push('no field withheld as decision-unavailable: the outage was not exercised');
  const needing = o.answers.filter((a) => a.write?.needs?.includes('consent'));
  const acked = needing.filter((a) => a.write!.acknowledged.length > 0).length;
  if (acked) failures.push(`${acked} writes that need consent acknowledged while it was down`);
  if (!needing.some((a) => !a.ok)) failures.push('no write that needs consent was refused: the outage was not exercised');
  if (o.refusedButWritten) failures.push(`${o.refusedButWritten} refused writes were written anyway`);
  return verdict(failures);
}

/**
 * A subgraph answering later than the gateway's timeout: every answer arrives within the timeout
 * and a margin; what does not need the slow subgraph stays fast (p95 within 4× its own p95 before,
 * plus 300 ms); errors are SERVICE_UNAVAILABLE naming it; requests held at it never exceed the
 * callers' own (no pile-up) and none is left open afterwards; the heap stays flat.
 */
export function slowSubgraphRule(o: {
  slow: string;
  timeoutMs: number;
  marginMs: number;
  answers: Answer[];
  baselineRestP95Ms: number;
  users: number;
  maxOpenAtSlow: number;
  openAtSlowAfter: number;
  heapGrowthMb: number;
  heapBoundMb: number;
}): Verdict {
  const failures = unexpected(o.answers, unavailableNaming(o.slow)).map((s) => `unexpected ${s}`);
  const slowest = Math.max(0, ...o.answers.map((a) => a.ms ?? 0));
  if (slowest > o.timeoutMs + o.marginMs) failures.push(`an answer took ${Math.round(slowest)} ms (bound ${o.timeoutMs + o.marginMs} ms)`);
  const rest = o.answers.filter((a) => !(a.uses ?? []).includes(o.slow)).map((a) => a.ms ?? 0);
  const restBound = Math.max(4 * o.baselineRestP95Ms, o.baselineRestP95Ms + 300);
  const restP95 = percentile(rest, 95);
  if (!rest.length) failures.push('no request that avoids the slow subgraph was measured');
  else if (restP95 > restBound) failures.push(`p95 of requests not needing ${o.slow} was ${Math.round(restP95)} ms (bound ${Math.round(restBound)} ms)`);
  if (!o.answers.some((a) => a.errors.some((e) => unavailableNaming(o.slow)(e) && e.reason === 'timeout'))) failures.push('no request timed out: the slow subgraph was not exercised');
  if (o.maxOpenAtSlow > 2 * o.users) failures.push(`${o.maxOpenAtSlow} requests open at ${o.slow} at once (${o.users} callers): a pile-up`);
  if (o.openAtSlowAfter > 0) failures.push(`${o.openAtSlowAfter} requests still open at ${o.slow} after the drill`);
  if (o.heapGrowthMb > o.heapBoundMb) failures.push(`heap grew ${o.heapGrowthMb} MiB (bound ${o.heapBoundMb} MiB)`);
  return verdict(failures);
}

/**
 * PostgreSQL stopped and restarted during writes: every refused write is SERVICE_UNAVAILABLE (reads
 * may also withhold personal fields as `decision-unavailable`, the decision point reading the same
 * database), no acknowledged write is lost, every ingestion batch sent again afterwards landed
 * exactly once, and writes work again without restarting the hub.
 */
export function databaseRestartRule(o: { answers: Answer[]; lost: number; resent: { records: number; missing: number; duplicated: number }; writesAfterRestart: boolean }): Verdict {
  const writes = o.answers.filter((a) => a.write);
  const reads = o.answers.filter((a) => !a.write);
  const failures = [
    ...unexpected(writes, (e) => e.code === 'SERVICE_UNAVAILABLE').map((s) => `write refused with ${s}`),
    ...unexpected(reads, (e) => e.code === 'SERVICE_UNAVAILABLE' || decisionUnavailable(e)).map((s) => `unexpected ${s}`),
  ];
  if (!writes.some((a) => !a.ok)) failures.push('no write was refused: the outage was not exercised');
  if (o.lost) failures.push(`${o.lost} acknowledged writes lost`);
  if (o.resent.missing) failures.push(`${o.resent.missing} re-sent records missing`);
  if (o.resent.duplicated) failures.push(`${o.resent.duplicated} re-sent records stored more than once`);
  if (!writes.some((a) => a.write!.kind === 'batch' && !a.ok)) failures.push('no ingestion batch was refused, so none was re-sent');
  if (!o.writesAfterRestart) failures.push('writes did not work again after the restart');
  return verdict(failures);
}

/**
 * How a request sent after the gateway began to stop fails without being accepted: the port is
 * closed (ECONNREFUSED), or the kept-alive connection it was written to was idle and is closed by
 * the drain before the request was read (UND_ERR_SOCKET, ECONNRESET). A client retries these.
 */
const NOT_ACCEPTED = new Set(['ECONNREFUSED', 'UND_ERR_SOCKET', 'ECONNRESET']);

/**
 * The gateway restarted under load: every request in flight when it began to stop was answered,
 * fully (drained); requests sent after that were answered fully or not accepted at all (never a
 * GraphQL error); the new gateway served requests within the bound.
 */
export function gatewayRestartRule(o: { inFlight: Answer[]; afterStop: Answer[]; firstServedMs: number | null; boundMs: number }): Verdict {
  const failures = [
    ...unexpected(o.inFlight, () => false).map((s) => `in flight at the stop: ${s}`),
    ...unexpected(
      o.afterStop.map((a) => (a.transport && NOT_ACCEPTED.has(a.transport) ? { ...a, transport: undefined } : a)),
      () => false,
    ).map((s) => `unexpected ${s}`),
  ];
  if (!o.inFlight.length) failures.push('nothing was in flight at the stop: the drain was not exercised');
  if (o.firstServedMs === null) failures.push('the restarted gateway served nothing');
  else if (o.firstServedMs > o.boundMs) failures.push(`the restarted gateway first served after ${o.firstServedMs} ms (bound ${o.boundMs} ms)`);
  return verdict(failures);
}

export type Outcome = 'completed' | 'nothing written' | 'half-written' | 'misreported';

/**
 * What an operation spanning services left behind: `completed` (acknowledged, and every part
 * written), `nothing written` (refused, and no part written), `misreported` (all written but
 * refused, so the caller is told the opposite), else `half-written`.
 */
export function outcomeOf(acknowledged: boolean, parts: boolean[]): Outcome {
  const all = parts.every(Boolean);
  const none = !parts.some(Boolean);
  if (acknowledged && all) return 'completed';
  if (!acknowledged && none) return 'nothing written';
  if (!acknowledged && all) return 'misreported';
  return 'half-written';
}

/**
 * A service-to-service call failing mid-operation: the operation completed or wrote nothing, and
 * its answer says which (a refusal is SERVICE_UNAVAILABLE naming the service that failed); once the
 * fault is over the same operation completes; the callers around it were not disturbed.
 */
export function serviceCallRule(o: { calledService: string; outcome: Outcome; errors: AnswerError[]; retryCompleted: boolean; others: Answer[] }): Verdict {
  const failures: string[] = [];
  if (o.outcome === 'half-written' || o.outcome === 'misreported') failures.push(`the operation was ${o.outcome}`);
  if (o.outcome === 'nothing written') {
    if (!o.errors.length) failures.push('refused without an error');
    const wrong = o.errors.filter((e) => !unavailableNaming(o.calledService)(e));
    if (wrong.length) failures.push(`refused with ${[...new Set(wrong.map(describe))].join(', ')} instead of SERVICE_UNAVAILABLE naming ${o.calledService}`);
  }
  if (o.outcome === 'completed' && o.errors.length) failures.push(`completed but answered ${o.errors.map(describe).join(', ')}`);
  if (!o.retryCompleted) failures.push('the operation did not complete once the fault was over');
  failures.push(...unexpected(o.others, () => false).map((s) => `other callers: ${s}`));
  return verdict(failures);
}
