import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Incident } from '../subgraphs/incidents/entities/Incident';
import { ApplicationStatus, TriggerApplication } from '../subgraphs/triggers/entities/TriggerApplication';
import { ApplicantType, ApplicationChannel, AsbCategory, IncidentSource, TriggerDecision } from '../subgraphs/shared/enums';
import { SUBGRAPH_NAMES, type SubgraphName } from '../platform/services';
import { answers, startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * The case history of a case with 200 incidents over three sources resolves with a number of
 * subgraph fetches and SQL statements that does not grow with the incident count.
 * Two cases alike in everything but their incidents (6 vs 200, police, housing and warden, some
 * reported to two agencies), read by a panel reviewer through the gateway: each subgraph serves the
 * same number of requests and sends the same number of statements for both.
 */
let t: TestHub;
let spoc: string;
let reviewer: string;
const DAY = 86_400_000;
const SOURCES = [
  [IncidentSource.POLICE, 'kent-police'],
  [IncidentSource.HOUSING, 'west-kent-housing'],
  [IncidentSource.WARDEN, 'kent-wardens'],
] as const;

const ok = answers(() => t);

async function caseWith(incidents: number, n: number): Promise<string> {
  const personId = (await ok(`mutation($input: PersonInput!) { registerPerson(input: $input) { id } }`, {
    input: { givenName: `Cost${n}`, familyName: 'Case', dateOfBirth: `1970-03-1${n}`, postcode: 'TN13 3AB' },
  }, spoc)).registerPerson.id;
  await ok(`mutation($input: ConsentInput!) { recordConsent(input: $input) { id } }`, {
    input: { personId, purposes: ['CASE_REVIEW'], categories: ['IDENTITY', 'INCIDENT_DETAIL'], captureMethod: 'ONLINE', noticeVersion: 'test-1', recipientAgencyIds: ['sevenoaks-dc', 'kent-police', 'kent-mental-health'] },
  }, spoc);
  const em = t.hub.subgraphs.incidents.db.orm.em.fork();
  for (let i = 0; i < incidents; i++) {
    const [source, agencyId] = SOURCES[i % 3];
    // Every third pair lands within hours of the previous report: the same incident at two agencies.
    const at = new Date(Date.now() - (Math.floor(i / 2) + 1) * 0.8 * DAY - (i % 2) * 3_600_000);
    em.create(Incident, {
      source, agencyId, sourceRef: `COST-${n}-${i}`, category: [AsbCategory.NUISANCE, AsbCategory.PERSONAL][Math.floor(i / 2) % 2], occurredAt: at, reportedAt: at,
      description: `Narrative ${i}`, location: 'Oak Lane', reporterPersonId: personId, actions: [{ at: at.toISOString(), action: 'Advice given', by: 'officer' }],
    });
  }
  await em.flush();
  const tem = t.hub.subgraphs.triggers.db.orm.em.fork();
  const app = tem.create(TriggerApplication, {
    reference: `SDC-CT-COST-${n}`, authorityAgencyId: 'sevenoaks-dc', applicantPersonId: personId, channel: ApplicationChannel.ONLINE,
    applicantType: ApplicantType.VICTIM, recordedByAgencyId: 'sevenoaks-dc', consentToShare: true, status: ApplicationStatus.DECIDED,
    decision: TriggerDecision.THRESHOLD_MET, receivedAt: new Date(Date.now() - 5 * DAY), decidedAt: new Date(Date.now() - 4 * DAY),
  });
  await tem.flush();
  const reviewId = (await ok(`mutation($a: ID!) { openCaseReview(applicationId: $a, panelAgencyIds: ["sevenoaks-dc", "kent-police", "kent-mental-health"], chairAgencyId: "sevenoaks-dc") { id } }`, { a: app.id }, spoc)).openCaseReview.id;
  const q = await ok(`mutation($r: ID!) { requestInformation(reviewId: $r, agencyId: "kent-police", request: "Attendances", dueOn: "2030-01-01") { id } }`, { r: reviewId }, spoc);
  await ok(`mutation($id: ID!) { respondToInformationRequest(id: $id, response: "Two") { id } }`, { id: q.requestInformation.id }, reviewer);
  await ok(`mutation($r: ID!) { recordFinding(reviewId: $r, kind: FINDING, text: "Repeated reports") { id } }`, { r: reviewId }, spoc);
  return reviewId;
}

export const CASE_HISTORY_QUERY = `query CaseHistory($id: ID!) { caseReview(id: $id) { id status caseHistory {
  id at kind sources category title detail withheld agencies { id name } reports { incidentId source agencyId sourceRef detail agency { id } } } } }`;

async function measure(reviewId: string) {
  const before = Object.fromEntries(SUBGRAPH_NAMES.map((s) => [s, { sql: t.sqlCount(s), fetches: t.fetchCount(s) }])) as Record<SubgraphName, { sql: number; fetches: number }>;
  const res = await t.query<any>(CASE_HISTORY_QUERY, { id: reviewId }, { token: reviewer });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  const cost = Object.fromEntries(SUBGRAPH_NAMES.map((s) => [s, { sql: t.sqlCount(s) - before[s].sql, fetches: t.fetchCount(s) - before[s].fetches }]));
  return { cost, history: res.data!.caseReview.caseHistory as any[] };
}

beforeAll(async () => {
  t = await startTestHub({ seed: true });
  spoc = await tokenFor('sevenoaks-dc', 'spoc');
  reviewer = await tokenFor('kent-police', 'reviewer');
});
afterAll(async () => {
  await t?.stop();
});

describe('case history cost does not grow with the incident count', () => {
  it('6 incidents and 200 incidents over three sources: the same fetches and SQL statements per subgraph', async () => {
    const small = await caseWith(6, 1);
    const big = await caseWith(200, 2);
    await measure(small); // warm the gateway's query plan and the token caches
    const a = await measure(small);
    const b = await measure(big);
    const incidentEntries = (h: any[]) => h.filter((e) => e.kind === 'INCIDENT');
    expect(incidentEntries(a.history).length).toBeGreaterThan(1);
    expect(incidentEntries(b.history).length).toBeGreaterThan(60);
    // Duplicates folded: fewer entries than reports, every report present once.
    expect(incidentEntries(b.history).length).toBeLessThan(200);
    expect(incidentEntries(b.history).flatMap((e) => e.reports).length).toBe(200);
    expect(new Set(incidentEntries(b.history).flatMap((e) => e.reports.map((r: any) => r.incidentId))).size).toBe(200);
    expect(b.history.every((e) => e.withheld.length === 0)).toBe(true);
    console.log('case history cost per subgraph (6 incidents / 200 incidents):', JSON.stringify({ small: a.cost, big: b.cost }));
    expect(b.cost).toEqual(a.cost);
  });
});
