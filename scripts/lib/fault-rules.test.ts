import { describe, expect, it } from 'vitest';
import {
  consentDownRule,
  databaseRestartRule,
  gatewayRestartRule,
  outcomeOf,
  serviceCallRule,
  slowSubgraphRule,
  stoppedSubgraphRule,
  type Answer,
  type AnswerError,
} from './fault-rules';

/** The pass rules of `npm run faults`, fed made-up observations: each passes a good drill and fails a bad one. */
const full = (scenario = 'spoc: person', ms = 50, uses: string[] = ['consent']): Answer => ({ scenario, hasData: true, errors: [], ok: true, personalValues: 1, ms, uses });
const partial = (errors: AnswerError[], scenario = 'reviewer: case history', ms = 60, uses: string[] = ['incidents']): Answer => ({ scenario, hasData: true, errors, ok: false, personalValues: 0, ms, uses });
const refusedWrite = (errors: AnswerError[], kind: 'person' | 'batch' = 'person'): Answer => ({
  scenario: `write ${kind}`, hasData: false, errors, ok: false, personalValues: 0, write: { kind, keys: ['k'], acknowledged: [], needs: ['consent'] },
});
const ackedWrite = (kind: 'person' | 'batch' = 'person', needs = ['consent']): Answer => ({
  scenario: `write ${kind}`, hasData: true, errors: [], ok: true, personalValues: 0, write: { kind, keys: ['k'], acknowledged: ['id'], needs },
});
const unavailable = (service: string, reason?: string): AnswerError => ({ code: 'SERVICE_UNAVAILABLE', service, ...(reason ? { reason } : {}) });
const ISE: AnswerError = { code: 'INTERNAL_SERVER_ERROR' };
const withheld = (reason: string): AnswerError => ({ code: 'FORBIDDEN', reason });

describe('a subgraph stopped in turn', () => {
  const good = { stopped: 'incidents', answers: [full(), partial([unavailable('incidents')]), full()], recoveredInMs: 800, recoveryBoundMs: 10_000 };
  it('passes partial answers naming the stopped subgraph and a recovery within the bound', () => {
    expect(stoppedSubgraphRule(good)).toEqual({ pass: true, failures: [] });
  });
  it('fails on an INTERNAL_SERVER_ERROR, on another service named, or on a request left without an answer', () => {
    expect(stoppedSubgraphRule({ ...good, answers: [...good.answers, partial([ISE])] }).pass).toBe(false);
    expect(stoppedSubgraphRule({ ...good, answers: [...good.answers, partial([unavailable('triggers')])] }).pass).toBe(false);
    expect(stoppedSubgraphRule({ ...good, answers: [...good.answers, { ...full(), transport: 'ECONNRESET', hasData: false, ok: false }] }).pass).toBe(false);
  });
  it('fails when service does not come back, or comes back too late, or the outage was never seen', () => {
    expect(stoppedSubgraphRule({ ...good, recoveredInMs: null }).pass).toBe(false);
    expect(stoppedSubgraphRule({ ...good, recoveredInMs: 12_000 }).failures[0]).toMatch(/12000 ms/);
    expect(stoppedSubgraphRule({ ...good, answers: [full()] }).pass).toBe(false);
  });
  it('accepts decision-unavailable withholding only when consent is the one stopped', () => {
    const answers = [partial([unavailable('consent')]), partial([withheld('decision-unavailable')])];
    expect(stoppedSubgraphRule({ ...good, stopped: 'consent', answers }).pass).toBe(true);
    expect(stoppedSubgraphRule({ ...good, answers: [...good.answers, partial([withheld('decision-unavailable')])] }).pass).toBe(false);
  });
});

describe('the consent subgraph down', () => {
  const good = {
    answers: [partial([unavailable('consent'), withheld('decision-unavailable')]), refusedWrite([unavailable('consent')]), { ...full('analyst', 30, ['triggers']), personalValues: 0 }],
    refusedButWritten: 0,
  };
  it('passes when every personal field is withheld as decision-unavailable and writes are refused cleanly', () => {
    expect(consentDownRule(good)).toEqual({ pass: true, failures: [] });
  });
  it('fails on a personal value served, a FORBIDDEN that says denied, or an INTERNAL_SERVER_ERROR', () => {
    expect(consentDownRule({ ...good, answers: [...good.answers, full()] }).failures).toContain('1 personal values served without a decision');
    expect(consentDownRule({ ...good, answers: [...good.answers, partial([withheld('denied')])] }).pass).toBe(false);
    expect(consentDownRule({ ...good, answers: [...good.answers, partial([{ code: 'FORBIDDEN' }])] }).pass).toBe(false);
    expect(consentDownRule({ ...good, answers: [...good.answers, refusedWrite([ISE])] }).pass).toBe(false);
  });
  it('fails on a write acknowledged without consent, or a refused write that was written anyway', () => {
    expect(consentDownRule({ ...good, answers: [...good.answers, ackedWrite()] }).pass).toBe(false);
    expect(consentDownRule({ ...good, answers: [...good.answers, ackedWrite('batch', [])] }).pass).toBe(true);
    expect(consentDownRule({ ...good, refusedButWritten: 1 }).pass).toBe(false);
  });
});

describe('a slow subgraph', () => {
  const good = {
    slow: 'incidents',
    timeoutMs: 2000,
    marginMs: 1500,
    answers: [partial([unavailable('incidents', 'timeout')], 'reviewer', 2050), full('spoc', 80), full('spoc', 90)],
    baselineRestP95Ms: 60,
    users: 8,
    maxOpenAtSlow: 8,
    openAtSlowAfter: 0,
    heapGrowthMb: 3,
    heapBoundMb: 32,
  };
  it('passes bounded latency, no pile-up and a flat heap', () => {
    expect(slowSubgraphRule(good)).toEqual({ pass: true, failures: [] });
  });
  it('fails on an answer held past the timeout, the rest slowed down, a pile-up, requests left open, or heap growth', () => {
    expect(slowSubgraphRule({ ...good, answers: [...good.answers, partial([unavailable('incidents', 'timeout')], 'reviewer', 9000)] }).pass).toBe(false);
    expect(slowSubgraphRule({ ...good, answers: [good.answers[0], full('spoc', 900), full('spoc', 950)] }).pass).toBe(false);
    expect(slowSubgraphRule({ ...good, maxOpenAtSlow: 40 }).pass).toBe(false);
    expect(slowSubgraphRule({ ...good, openAtSlowAfter: 3 }).pass).toBe(false);
    expect(slowSubgraphRule({ ...good, heapGrowthMb: 100 }).pass).toBe(false);
  });
  it('fails on an INTERNAL_SERVER_ERROR, or when nothing timed out', () => {
    expect(slowSubgraphRule({ ...good, answers: [...good.answers, partial([ISE])] }).pass).toBe(false);
    expect(slowSubgraphRule({ ...good, answers: [full('spoc', 80)] }).pass).toBe(false);
  });
});

describe('PostgreSQL restarted during writes', () => {
  const good = {
    answers: [ackedWrite(), refusedWrite([unavailable('database')]), refusedWrite([{ code: 'SERVICE_UNAVAILABLE' }], 'batch'), partial([{ code: 'SERVICE_UNAVAILABLE' }])],
    lost: 0,
    resent: { records: 20, missing: 0, duplicated: 0 },
    writesAfterRestart: true,
  };
  it('passes clean refusals, nothing lost and re-sent ingestion landing once', () => {
    expect(databaseRestartRule(good)).toEqual({ pass: true, failures: [] });
  });
  it('fails on a write refused with INTERNAL_SERVER_ERROR (the 2026-12-01 run) or left without an answer', () => {
    const v = databaseRestartRule({ ...good, answers: [...good.answers, refusedWrite([ISE])] });
    expect(v.pass).toBe(false);
    expect(v.failures[0]).toMatch(/INTERNAL_SERVER_ERROR/);
    expect(databaseRestartRule({ ...good, answers: [...good.answers, { ...refusedWrite([]), transport: 'ECONNRESET' }] }).pass).toBe(false);
  });
  it('fails on a lost write, a re-sent record missing or stored twice, or writes not working afterwards', () => {
    expect(databaseRestartRule({ ...good, lost: 1 }).failures).toEqual(['1 acknowledged writes lost']);
    expect(databaseRestartRule({ ...good, resent: { records: 20, missing: 1, duplicated: 0 } }).pass).toBe(false);
    expect(databaseRestartRule({ ...good, resent: { records: 20, missing: 0, duplicated: 2 } }).pass).toBe(false);
    expect(databaseRestartRule({ ...good, writesAfterRestart: false }).pass).toBe(false);
  });
  it('fails when no write (or no ingestion batch) was refused: the drill did not exercise the outage', () => {
    expect(databaseRestartRule({ ...good, answers: [ackedWrite()] }).pass).toBe(false);
    expect(databaseRestartRule({ ...good, answers: [ackedWrite(), refusedWrite([unavailable('database')])] }).pass).toBe(false);
  });
});

describe('the gateway restarted under load', () => {
  const refused: Answer = { scenario: 'spoc', transport: 'ECONNREFUSED', hasData: false, errors: [], ok: false, personalValues: 0 };
  const good = { inFlight: [full(), full()], afterStop: [refused, { ...refused, transport: 'UND_ERR_SOCKET' }, full()], firstServedMs: 900, boundMs: 5000 };
  it('passes when requests in flight were answered, later ones answered or not accepted, and the new gateway served within the bound', () => {
    expect(gatewayRestartRule(good)).toEqual({ pass: true, failures: [] });
  });
  it('fails on a request in flight cut off, an error, or a slow or absent restart', () => {
    expect(gatewayRestartRule({ ...good, inFlight: [full(), { ...refused, transport: 'UND_ERR_SOCKET' }] }).pass).toBe(false);
    expect(gatewayRestartRule({ ...good, inFlight: [full(), partial([ISE])] }).pass).toBe(false);
    expect(gatewayRestartRule({ ...good, afterStop: [...good.afterStop, partial([ISE])] }).pass).toBe(false);
    expect(gatewayRestartRule({ ...good, afterStop: [...good.afterStop, { ...refused, transport: 'UND_ERR_HEADERS_TIMEOUT' }] }).pass).toBe(false);
    expect(gatewayRestartRule({ ...good, inFlight: [] }).pass).toBe(false);
    expect(gatewayRestartRule({ ...good, firstServedMs: 20_000 }).pass).toBe(false);
    expect(gatewayRestartRule({ ...good, firstServedMs: null }).pass).toBe(false);
  });
});

describe('a service call failing mid-operation', () => {
  it('names what the operation left behind', () => {
    expect(outcomeOf(true, [true, true])).toBe('completed');
    expect(outcomeOf(false, [false, false])).toBe('nothing written');
    expect(outcomeOf(false, [true, false])).toBe('half-written');
    expect(outcomeOf(true, [true, false])).toBe('half-written');
    expect(outcomeOf(false, [true, true])).toBe('misreported');
  });
  const good = { calledService: 'consent', outcome: 'nothing written' as const, errors: [unavailable('consent')], retryCompleted: true, others: [full()] };
  it('passes an operation refused with SERVICE_UNAVAILABLE naming the service and nothing written, or one completed', () => {
    expect(serviceCallRule(good)).toEqual({ pass: true, failures: [] });
    expect(serviceCallRule({ ...good, outcome: 'completed', errors: [] }).pass).toBe(true);
  });
  it('fails a half-written operation, one refused with INTERNAL_SERVER_ERROR, or one that cannot be completed afterwards', () => {
    expect(serviceCallRule({ ...good, outcome: 'half-written' }).failures).toContain('the operation was half-written');
    expect(serviceCallRule({ ...good, outcome: 'misreported' }).pass).toBe(false);
    expect(serviceCallRule({ ...good, errors: [ISE] }).pass).toBe(false);
    expect(serviceCallRule({ ...good, errors: [unavailable('incidents')] }).pass).toBe(false);
    expect(serviceCallRule({ ...good, retryCompleted: false }).pass).toBe(false);
    expect(serviceCallRule({ ...good, others: [partial([ISE])] }).pass).toBe(false);
  });
});
