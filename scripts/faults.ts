/**
 * `npm run faults [-- --users 8]`: failure drills on loopback, each under the soak's realistic mix
 * (scripts/lib/mix.ts) and each judged by a pass rule (scripts/lib/fault-rules.ts, pure and tested
 * to fail when it should). A drill that fails makes the whole run exit non-zero.
 *  1. Each subgraph stopped in turn and restarted.
 *  2. The consent subgraph (policy decision point) down: its turn in 1, judged on the answers while it was down.
 *  3. A slow subgraph: incidents answers later than the gateway's subgraph timeout.
 *  4. PostgreSQL stopped and restarted during writes; refused ingestion sent again afterwards.
 *  5. The gateway restarted under load.
 *  6. A service-to-service call failing mid-operation (triggers → incidents, reviews → consent).
 * Uses its own embedded PostgreSQL (a restartable one), so DATABASE_URL is not touched. About two
 * minutes in all.
 */
import './lib/load-env';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startGateway } from '../gateway';
import { subgraphs } from '../subgraphs';
import { Person } from '../subgraphs/consent/entities/Person';
import { PersonRecord } from '../subgraphs/consent/entities/PersonRecord';
import { AccessGrant } from '../subgraphs/consent/entities/AccessGrant';
import { Incident } from '../subgraphs/incidents/entities/Incident';
import { CaseReview } from '../subgraphs/reviews/entities/CaseReview';
import { ThresholdEvaluation } from '../subgraphs/triggers/entities/ThresholdEvaluation';
import { ApplicationStatus, TriggerApplication } from '../subgraphs/triggers/entities/TriggerApplication';
import { ApplicantType, ApplicationChannel, AsbCategory, IncidentSource, TriggerDecision } from '../subgraphs/shared/enums';
import { startEmbeddedPostgres, stopEmbeddedPostgres } from '../subgraphs/shared/database';
import { startSubgraph } from '../subgraphs/shared/server';
import { SUBGRAPH_NAMES, type SubgraphName } from '../platform/services';
import { machine } from './bench/lib';
import { markdownTable, writeBenchmarkSection } from './lib/docs';
import {
  consentDownRule,
  databaseRestartRule,
  gatewayRestartRule,
  outcomeOf,
  percentile,
  serviceCallRule,
  slowSubgraphRule,
  stoppedSubgraphRule,
  type Answer,
  type Verdict,
} from './lib/fault-rules';
import { startFaultProxy, type FaultProxy } from './lib/fault-proxy';
import { startHub, type Hub } from './lib/hub';
import { runLoad } from './lib/load';
import { asScenarios, errorsOf, mix, mixTokens, post, submitBatch, type MixScenario, type Tokens } from './lib/mix';
import { runCommand, UsageError } from './lib/cli';

const DRILLS = ['stop', 'slow', 'database', 'gateway', 'service-calls'] as const;
const spec = {
  name: 'faults',
  summary: 'Fault drills: each part of the hub failed in turn under a realistic mix of callers, each judged by its pass rule (scripts/lib/fault-rules.ts); exit 1 on any FAIL.',
  options: {
    users: { type: 'string', default: '8', value: '<n>', description: 'simultaneous callers' },
    only: { type: 'string', value: '<drills>', description: `a comma-separated subset (${DRILLS.join(', ')}); docs/benchmarks.md is then left alone` },
  },
} as const;
let USERS = 8;
/** `--only slow,gateway`: a subset while working on one part (docs/benchmarks.md is then left alone). */
let ONLY: string[] = [...DRILLS];
/** The gateway's subgraph timeout in the drills (GATEWAY_SUBGRAPH_TIMEOUT_MS; short, to keep the run short). */
const TIMEOUT_MS = 1500;
const RECOVERY_BOUND_MS = 10_000;
const GATEWAY_RESTART_BOUND_MS = 5_000;
const HEAP_BOUND_MB = 32;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
const mb = (n: number) => Math.round(n / 2 ** 20);
function heapMb() {
  (globalThis as { gc?: () => void }).gc?.();
  return mb(process.memoryUsage().heapUsed);
}

interface Recorded extends Answer {
  sentAt: number;
  /** The drill's phase when the request was sent and when its answer came. */
  sentIn: string;
  answeredIn: string;
}

/** Runs the mix for `seconds` while `act` runs; each answer is labelled with the phase `act` was in when it was sent and answered. */
async function underLoad(m: MixScenario[], seconds: number, act: (phase: { now: string }) => Promise<void>) {
  const changes: Array<{ at: number; name: string }> = [{ at: 0, name: 'before' }];
  const phase = {
    get now() {
      return changes[changes.length - 1].name;
    },
    set now(name: string) {
      changes.push({ at: Date.now(), name });
    },
  };
  const phaseAt = (t: number) => changes.filter((c) => c.at <= t).pop()!.name;
  const raw: Array<Answer & { sentAt: number; ms: number }> = [];
  await Promise.all([runLoad(asScenarios(m, (a, sentAt, ms) => raw.push({ ...a, sentAt, ms })), { users: USERS, seconds }), act(phase)]);
  return raw.map((a): Recorded => ({ ...a, sentIn: phaseAt(a.sentAt), answeredIn: phaseAt(a.sentAt + a.ms) }));
}

const during = (answers: Recorded[], p = 'during') => answers.filter((a) => a.sentIn === p && a.answeredIn === p);
const count = (answers: Answer[], f: (a: Answer) => boolean) => answers.filter(f).length;
const codes = (answers: Answer[]) => {
  const c = new Map<string, number>();
  for (const a of answers) {
    for (const e of a.errors) {
      const k = [e.code, e.service, e.reason].filter(Boolean).join('/');
      c.set(k, (c.get(k) ?? 0) + 1);
    }
    if (a.transport) c.set(`no answer (${a.transport})`, (c.get(`no answer (${a.transport})`) ?? 0) + 1);
  }
  return [...c].map(([k, n]) => `${k} ×${n}`).join(', ') || 'none';
};

/** Sends every read of the mix until a whole round answers fully; ms from now, or null. */
async function recovery(m: MixScenario[], boundMs: number): Promise<number | null> {
  const t0 = Date.now();
  const reads = m.filter((s) => !s.name.startsWith('write') && !s.name.startsWith('ingestion'));
  while (Date.now() - t0 < boundMs * 2) {
    const round = await Promise.all(reads.map((s) => s.send()));
    if (round.every((a) => a.ok)) return Date.now() - t0;
    await sleep(100);
  }
  return null;
}

interface Section {
  title: string;
  rows: Array<Record<string, string | number>>;
  verdicts: Verdict[];
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asb-faults-'));
  fs.chmodSync(dir, 0o755);
  const pg = { dir: path.join(dir, 'data'), port: await freePort(), database: 'asb_faults' };
  const clientUrl = await startEmbeddedPostgres(pg);
  const started = Date.now();
  const hub = await startHub({ clientUrl, subgraphPort: () => 0, seed: true, gateway: false });
  // The gateway reaches incidents through a proxy (the slow-subgraph drill), and subgraphs reach
  // incidents and consent through proxies (a service call failing mid-operation).
  const slowIncidents = await startFaultProxy(hub.subgraphs.incidents.url);
  const peerProxy: Partial<Record<SubgraphName, FaultProxy>> = {
    incidents: await startFaultProxy(hub.subgraphs.incidents.url),
    consent: await startFaultProxy(hub.subgraphs.consent.url),
  };
  hub.peers.incidents = peerProxy.incidents!.url;
  hub.peers.consent = peerProxy.consent!.url;
  const gatewayUrls = () => ({ ...Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, hub.subgraphs[n].url])), incidents: slowIncidents.url });
  hub.gateway = await startGateway({ port: 0, host: '127.0.0.1', subgraphUrls: gatewayUrls(), subgraphTimeoutMs: TIMEOUT_MS });
  const url = `http://127.0.0.1:${hub.gateway.port}/graphql`;
  const tokens = await mixTokens('faults');
  const sections: Section[] = [];
  try {
    await runLoad(asScenarios(mix(url, tokens, { tag: `WARM-${process.pid}` })), { users: USERS, seconds: 3 });
    if (ONLY.includes('stop')) sections.push(...(await stoppedSubgraphs(hub, url, tokens, clientUrl)));
    if (ONLY.includes('slow')) sections.push(await slowSubgraph(hub, url, tokens, slowIncidents));
    if (ONLY.includes('database')) sections.push(await databaseRestart(hub, url, tokens, pg));
    if (ONLY.includes('gateway')) sections.push(await gatewayRestart(hub, url, tokens, gatewayUrls));
    if (ONLY.includes('service-calls')) sections.push(await serviceCalls(hub, url, tokens, peerProxy));
  } finally {
    await hub.stop().catch(() => undefined);
    await slowIncidents.stop();
    for (const p of Object.values(peerProxy)) await p!.stop();
    await stopEmbeddedPostgres().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const failed = sections.some((s) => s.verdicts.some((v) => !v.pass));
  const verdict = failed ? 'FAIL' : 'PASS';
  for (const s of sections) {
    console.log(`\n${s.title}`);
    console.table(s.rows);
    s.verdicts.forEach((v, i) => {
      for (const f of v.failures) console.log(`  FAIL (${s.rows[i]?.drill ?? ''}): ${f}`);
    });
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(`\nfaults: ${verdict} (${seconds} s)`);
  if (ONLY.length === DRILLS.length) writeBenchmarkSection(
    'faults',
    `## Faults

Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run faults\` on ${machine()} in ${seconds} s: ${verdict}.
Each drill runs under the soak's mix (${USERS} callers, closed loop, loopback) and is judged by its pass rule in \`scripts/lib/fault-rules.ts\`; the gateway's subgraph timeout is ${TIMEOUT_MS} ms (\`GATEWAY_SUBGRAPH_TIMEOUT_MS\`).

${sections
  .map(
    (s) => `### ${s.title}

${markdownTable(s.rows)}${s.verdicts.flatMap((v) => v.failures).length ? `\n\n${s.verdicts.flatMap((v) => v.failures.map((f) => `- FAIL: ${f}`)).join('\n')}` : ''}`,
  )
  .join('\n\n')}`,
  );
  if (failed) process.exitCode = 1;
}

const pass = (v: Verdict) => (v.pass ? 'PASS' : 'FAIL');

/** 1 and 2: each subgraph stopped for 3 s under load, restarted on its port. */
async function stoppedSubgraphs(hub: Hub, url: string, tokens: Tokens, clientUrl: string): Promise<Section[]> {
  const rows: Section['rows'] = [];
  const verdicts: Verdict[] = [];
  let consentRow: Record<string, string | number> | undefined;
  let consentVerdict: Verdict | undefined;
  for (const name of ['incidents', 'triggers', 'reviews', 'consent'] as SubgraphName[]) {
    const m = mix(url, tokens, { tag: `STOP-${name}-${process.pid}` });
    let recoveredInMs: number | null = null;
    const answers = await underLoad(m, 8, async (phase) => {
      await sleep(1500);
      const port = hub.subgraphs[name].port;
      await hub.subgraphs[name].stop();
      phase.now = 'during';
      await sleep(3000);
      phase.now = 'restarting';
      hub.subgraphs[name] = await startSubgraph(subgraphs[name], { clientUrl, port, peers: hub.peers });
      phase.now = 'after';
      recoveredInMs = await recovery(m, RECOVERY_BOUND_MS);
    });
    const v = stoppedSubgraphRule({ stopped: name, answers, recoveredInMs, recoveryBoundMs: RECOVERY_BOUND_MS });
    const down = during(answers);
    rows.push({
      drill: `${name} stopped 3 s`,
      requests: answers.length,
      full: count(answers, (a) => a.ok),
      'partial or refused while down': count(down, (a) => !a.ok),
      'errors seen': codes(answers),
      'full service back after (ms)': recoveredInMs ?? 'never',
      result: pass(v),
    });
    verdicts.push(v);
    if (name === 'consent') {
      // Refused writes must have left nothing: no person of that name, no incident of that batch.
      const refused = down.filter((a) => a.write && !a.ok);
      const names = refused.filter((a) => a.write!.kind === 'person').flatMap((a) => a.write!.keys);
      const refs = refused.filter((a) => a.write!.kind === 'batch').flatMap((a) => a.write!.keys);
      const people = names.length ? await hub.subgraphs.consent.db.orm.em.fork().count(PersonRecord, { givenName: { $in: names } }) : 0;
      const incidents = refs.length ? await hub.subgraphs.incidents.db.orm.em.fork().count(Incident, { agencyId: 'kent-police', sourceRef: { $in: refs } }) : 0;
      consentVerdict = consentDownRule({ answers: down, refusedButWritten: people + incidents });
      consentRow = {
        drill: 'consent down 3 s',
        'answers while down': down.length,
        'withheld decision-unavailable': down.reduce((n, a) => n + a.errors.filter((e) => e.code === 'FORBIDDEN' && e.reason === 'decision-unavailable').length, 0),
        'personal values served': down.reduce((n, a) => n + a.personalValues, 0),
        'writes refused': count(down, (a) => !!a.write && !a.ok),
        'writes acknowledged (needing consent)': `${count(down, (a) => !!a.write?.acknowledged.length)} (${count(down, (a) => !!a.write?.acknowledged.length && !!a.write.needs?.includes('consent'))})`,
        'refused but written': people + incidents,
        'errors seen': codes(down),
        result: pass(consentVerdict),
      };
    }
  }
  // The consent outage is judged twice: as a stopped subgraph, and as the policy decision point down.
  return [
    { title: 'Each subgraph stopped 3 s in turn and restarted', rows, verdicts },
    { title: 'The consent subgraph (policy decision point) down: the answers sent and received while it was down', rows: [consentRow!], verdicts: [consentVerdict!] },
  ];
}

/** 3: incidents answers 1.5 s past the gateway's timeout for 10 s. */
async function slowSubgraph(hub: Hub, url: string, tokens: Tokens, proxy: FaultProxy): Promise<Section> {
  const m = mix(url, tokens, { tag: `SLOW-${process.pid}` });
  const baseline = await underLoad(m, 4, async () => undefined);
  const baselineRestP95Ms = percentile(baseline.filter((a) => !a.uses!.includes('incidents')).map((a) => a.ms!), 95);
  const heapBefore = heapMb();
  proxy.resetStats();
  const answers = await underLoad(m, 10, async (phase) => {
    proxy.set({ kind: 'delay', ms: TIMEOUT_MS + 1500 });
    phase.now = 'during';
    await sleep(10_000);
  });
  const maxOpenAtSlow = proxy.stats().maxOpen;
  proxy.set({ kind: 'pass' });
  await sleep(TIMEOUT_MS + 500);
  const openAtSlowAfter = proxy.stats().open;
  const heapAfter = heapMb();
  const down = during(answers);
  const v = slowSubgraphRule({
    slow: 'incidents', timeoutMs: TIMEOUT_MS, marginMs: 1500, answers: down, baselineRestP95Ms, users: USERS,
    maxOpenAtSlow, openAtSlowAfter, heapGrowthMb: heapAfter - heapBefore, heapBoundMb: HEAP_BOUND_MB,
  });
  const rest = down.filter((a) => !a.uses!.includes('incidents')).map((a) => a.ms!);
  const slowOnes = down.filter((a) => a.uses!.includes('incidents')).map((a) => a.ms!);
  return {
    title: `A slow subgraph: incidents answers ${TIMEOUT_MS + 1500} ms late (gateway timeout ${TIMEOUT_MS} ms)`,
    rows: [{
      drill: 'incidents slow for 10 s',
      requests: down.length,
      'p95 ms, needing incidents': Math.round(percentile(slowOnes, 95)),
      'max ms': Math.round(Math.max(0, ...down.map((a) => a.ms!))),
      'p95 ms, the rest (before)': `${Math.round(percentile(rest, 95))} (${Math.round(baselineRestP95Ms)})`,
      'most open at incidents': `${maxOpenAtSlow} (${USERS} callers)`,
      'open after': openAtSlowAfter,
      'heap MiB': `${heapBefore} → ${heapAfter}`,
      'errors seen': codes(down),
      result: pass(v),
    }],
    verdicts: [v],
  };
}

/** 4: PostgreSQL stopped for 3 s during writes, then every refused ingestion batch sent again. */
async function databaseRestart(hub: Hub, url: string, tokens: Tokens, pg: { dir: string; port: number; database: string }): Promise<Section> {
  // More writes than the soak's mix: the drill is about them.
  const m = mix(url, tokens, { tag: `PG-${process.pid}` }).map((s) => (s.name.startsWith('write') || s.name.startsWith('ingestion') ? { ...s, weight: s.weight * 4 } : s));
  const answers = await underLoad(m, 12, async (phase) => {
    await sleep(3000);
    phase.now = 'during';
    await stopEmbeddedPostgres();
    await sleep(3000);
    await startEmbeddedPostgres(pg);
    phase.now = 'after';
  });
  const writes = answers.filter((a) => a.write);
  const people = writes.filter((a) => a.write!.kind === 'person').flatMap((a) => a.write!.acknowledged);
  const ackedRefs = writes.filter((a) => a.write!.kind === 'batch').flatMap((a) => a.write!.acknowledged);
  const refusedBatches = writes.filter((a) => a.write!.kind === 'batch' && !a.ok);
  // Sent again by the police system once the database is back: each record must land exactly once.
  let resendFailures = 0;
  for (const a of refusedBatches) {
    let ok = false;
    for (let i = 0; i < 10 && !ok; i++) {
      const r = await submitBatch(url, tokens.police, a.write!.resend as Parameters<typeof submitBatch>[2]);
      ok = !r.transport && !errorsOf(r.body).length;
      if (!ok) await sleep(500);
    }
    if (!ok) resendFailures++;
  }
  const probe = await post(url, tokens.spoc, `mutation { registerPerson(input: { givenName: "After", familyName: "Restart" }) { id } }`);
  const foundPeople = people.length ? await hub.subgraphs.consent.db.orm.em.fork().count(Person, { id: { $in: people } }) : 0;
  const resentRefs = refusedBatches.flatMap((a) => a.write!.keys);
  const em = hub.subgraphs.incidents.db.orm.em.fork();
  const stored = await em.find(Incident, { agencyId: 'kent-police', sourceRef: { $in: [...ackedRefs, ...resentRefs] } }, { fields: ['sourceRef'] });
  const times = new Map<string, number>();
  for (const i of stored) times.set(i.sourceRef, (times.get(i.sourceRef) ?? 0) + 1);
  const lost = people.length - foundPeople + ackedRefs.filter((r) => !times.has(r)).length;
  const resent = { records: resentRefs.length, missing: resentRefs.filter((r) => !times.has(r)).length, duplicated: [...times.values()].filter((n) => n > 1).length };
  const v = databaseRestartRule({ answers, lost, resent, writesAfterRestart: !!probe.body?.data?.registerPerson?.id && resendFailures === 0 });
  return {
    title: 'PostgreSQL stopped 3 s and restarted during writes',
    rows: [{
      drill: 'PostgreSQL stopped 3 s',
      requests: answers.length,
      'writes acknowledged': count(writes, (a) => a.ok),
      'writes refused': count(writes, (a) => !a.ok),
      'acknowledged but lost': lost,
      'refused batches re-sent (records)': `${refusedBatches.length} (${resent.records})`,
      're-sent missing / stored twice': `${resent.missing} / ${resent.duplicated}`,
      'writes work after restart': probe.body?.data?.registerPerson?.id ? 'yes' : 'NO',
      'errors seen': codes(answers),
      result: pass(v),
    }],
    verdicts: [v],
  };
}

/** 5: the gateway stopped (draining what it accepted) and started again on its port, under load. */
async function gatewayRestart(hub: Hub, url: string, tokens: Tokens, subgraphUrls: () => Record<string, string>): Promise<Section> {
  const m = mix(url, tokens, { tag: `GW-${process.pid}` });
  let stopAt = 0;
  let drainMs = 0;
  const answers = await underLoad(m, 9, async (phase) => {
    await sleep(3000);
    const port = hub.gateway.port;
    stopAt = Date.now();
    phase.now = 'during';
    await hub.gateway.stop();
    drainMs = Date.now() - stopAt;
    hub.gateway = await startGateway({ port, host: '127.0.0.1', subgraphUrls: subgraphUrls(), subgraphTimeoutMs: TIMEOUT_MS });
    phase.now = 'after';
  });
  const firstServed = answers.filter((a) => a.ok && a.sentAt >= stopAt).map((a) => a.sentAt + a.ms!);
  const firstServedMs = firstServed.length ? Math.min(...firstServed) - stopAt : null;
  const inFlight = answers.filter((a) => a.sentIn === 'before' && a.answeredIn !== 'before');
  const afterStop = answers.filter((a) => a.sentIn !== 'before');
  const v = gatewayRestartRule({ inFlight, afterStop, firstServedMs, boundMs: GATEWAY_RESTART_BOUND_MS });
  return {
    title: 'The gateway restarted under load',
    rows: [{
      drill: 'gateway stopped and started on its port',
      requests: answers.length,
      'in flight at stop': inFlight.length,
      'of which answered': count(inFlight, (a) => !a.transport),
      'drain ms': drainMs,
      'not accepted while down': count(afterStop, (a) => !!a.transport),
      'first served after stop (ms)': firstServedMs ?? 'never',
      'errors seen': codes(answers),
      result: pass(v),
    }],
    verdicts: [v],
  };
}

/** 6: one service call of an operation fails (never sent, or its answer lost) while the mix runs. */
async function serviceCalls(hub: Hub, url: string, tokens: Tokens, proxies: Partial<Record<SubgraphName, FaultProxy>>): Promise<Section> {
  const rows: Section['rows'] = [];
  const verdicts: Verdict[] = [];
  const m = mix(url, tokens, { tag: `S2S-${process.pid}` });
  let k = 0;
  const newCase = async () => {
    k++;
    const tag = String.fromCharCode(97 + (k % 26)) + String.fromCharCode(97 + Math.floor(k / 26));
    const reg = await post(url, tokens.spoc, `mutation($input: PersonInput!) { registerPerson(input: $input) { id } }`, {
      input: { givenName: `Drill${tag}`, familyName: 'Case', dateOfBirth: '1966-03-14', postcode: 'TN13 2AB' },
    });
    const personId = reg.body!.data.registerPerson.id as string;
    await post(url, tokens.spoc, `mutation($input: ConsentInput!) { recordConsent(input: $input) { id } }`, {
      input: { personId, purposes: ['CASE_REVIEW'], categories: ['IDENTITY', 'INCIDENT_DETAIL'], captureMethod: 'ONLINE', noticeVersion: 'faults-1', recipientAgencyIds: ['sevenoaks-dc', 'kent-police', 'kent-wardens'] },
    });
    const at = (days: number) => new Date(Date.now() - days * 86_400_000);
    const em = hub.subgraphs.incidents.db.orm.em.fork();
    for (const [i, days] of [30, 20, 10].entries()) {
      em.create(Incident, { source: IncidentSource.POLICE, agencyId: 'kent-police', sourceRef: `CASE-${process.pid}-${k}-${i}`, category: AsbCategory.NUISANCE, subType: 'Noise', occurredAt: at(days), reportedAt: at(days), description: 'Loud music', reporterPersonId: personId });
    }
    await em.flush();
    const tem = hub.subgraphs.triggers.db.orm.em.fork();
    const app = tem.create(TriggerApplication, {
      reference: `SDC-CT-FAULTS-${process.pid}-${k}`, authorityAgencyId: 'sevenoaks-dc', applicantPersonId: personId, channel: ApplicationChannel.ONLINE,
      applicantType: ApplicantType.VICTIM, recordedByAgencyId: 'sevenoaks-dc', consentToShare: true, status: ApplicationStatus.DECIDED,
      decision: TriggerDecision.THRESHOLD_MET, receivedAt: at(5), acknowledgedAt: at(5), decidedAt: at(3),
    });
    await tem.flush();
    return { personId, applicationId: app.id };
  };
  const evaluations = (applicationId: string) => hub.subgraphs.triggers.db.orm.em.fork().count(ThresholdEvaluation, { applicationId });
  const reviewState = async (c: { personId: string; applicationId: string }) => {
    const reviews = await hub.subgraphs.reviews.db.orm.em.fork().find(CaseReview, { applicationId: c.applicationId });
    const grants = await hub.subgraphs.consent.db.orm.em.fork().find(AccessGrant, { personId: c.personId, revokedAt: null });
    const app = await hub.subgraphs.triggers.db.orm.em.fork().findOneOrFail(TriggerApplication, { id: c.applicationId });
    return [reviews.length > 0, grants.length > 0, app.status === ApplicationStatus.IN_REVIEW];
  };
  const EVALUATE = `mutation($a: ID!) { evaluateThreshold(applicationId: $a) { id met } }`;
  const OPEN = `mutation($a: ID!, $panel: [ID!]!, $chair: ID!) { openCaseReview(applicationId: $a, panelAgencyIds: $panel, chairAgencyId: $chair, independenceNote: "faults drill") { id } }`;
  const PANEL = ['sevenoaks-dc', 'kent-police', 'kent-wardens'];
  const cases = [
    { operation: 'evaluateThreshold', from: 'triggers', to: 'incidents' as SubgraphName, call: 'thresholdIncidents' },
    { operation: 'openCaseReview', from: 'reviews', to: 'consent' as SubgraphName, call: '_issueReviewGrants' },
  ];
  for (const c of cases) {
    for (const kind of ['refuse', 'lose-response'] as const) {
      const subject = await newCase();
      const before = c.operation === 'evaluateThreshold' ? await evaluations(subject.applicationId) : 0;
      const send = () =>
        c.operation === 'evaluateThreshold'
          ? post(url, tokens.spoc, EVALUATE, { a: subject.applicationId })
          : post(url, tokens.spoc, OPEN, { a: subject.applicationId, panel: PANEL, chair: 'sevenoaks-dc' });
      const parts = async () => (c.operation === 'evaluateThreshold' ? [(await evaluations(subject.applicationId)) > before] : reviewState(subject));
      let r: Awaited<ReturnType<typeof post>> = {};
      const others = await underLoad(m, 4, async (phase) => {
        await sleep(1000);
        proxies[c.to]!.set({ kind }, (body) => body.includes(c.call));
        phase.now = 'during';
        r = await send();
        proxies[c.to]!.set({ kind: 'pass' });
        phase.now = 'after';
      });
      const errors = errorsOf(r.body);
      const acknowledged = !r.transport && !errors.length && !!r.body?.data;
      const outcome = outcomeOf(acknowledged, await parts());
      const retry = await send();
      const retryCompleted = !retry.transport && !errorsOf(retry.body).length && (await parts()).every(Boolean);
      const v = serviceCallRule({ calledService: c.to, outcome, errors, retryCompleted, others });
      rows.push({
        drill: `${c.operation}: ${c.from} → ${c.to} ${c.call} ${kind === 'refuse' ? 'refused' : 'answer lost'}`,
        outcome,
        answer: errors.map((e) => [e.code, e.service].filter(Boolean).join('/')).join(', ') || (r.transport ? `no answer (${r.transport})` : 'ok'),
        'retry after the fault': retryCompleted ? 'completed' : 'NOT completed',
        'other callers (requests, errors)': `${others.length}, ${codes(others)}`,
        result: pass(v),
      });
      verdicts.push(v);
    }
  }
  return { title: 'A service-to-service call failing mid-operation', rows, verdicts };
}

void runCommand(spec, async ({ values }) => {
  USERS = Number(values.users);
  if (!Number.isInteger(USERS) || USERS < 1) throw new UsageError('--users is a whole number');
  ONLY = values.only ? values.only.split(',') : [...DRILLS];
  for (const d of ONLY) if (!(DRILLS as readonly string[]).includes(d)) throw new UsageError(`--only: unknown drill (${DRILLS.join(', ')})`);
  try {
    await main();
  } finally {
    await stopEmbeddedPostgres().catch(() => undefined);
  }
});
