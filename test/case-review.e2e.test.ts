import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Incident } from '../subgraphs/incidents/entities/Incident';
import { TriggerApplication, ApplicationStatus } from '../subgraphs/triggers/entities/TriggerApplication';
import { ApplicantType, ApplicationChannel, AsbCategory, IncidentSource, TriggerDecision } from '../subgraphs/shared/enums';
import { londonDate, addWorkingDays } from '../subgraphs/shared/calendar';
import { answers, postGraphQL, serviceToken, startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * The multi-agency case review through the gateway with real tokens: opening to closure,
 * the panel rules, an unanswered information request turned into a finding, the second-stage
 * review on appeal, and the consolidated case history filtered by the reader's access.
 *
 * Each case has its own person, registered by Sevenoaks DC, who consented to share IDENTITY,
 * CONTACT and INCIDENT_DETAIL for a case review with Sevenoaks DC, Kent Police and the wardens
 * (NOT Kent Mental Health, which sits on the panel without a grant: it sees the history's headlines,
 * with the details withheld and marked). Incidents: the same noise incident reported to the police
 * and the housing association within a day (one entry), and one warden report.
 */
let t: TestHub;
let spoc: string;
const DAY = 86_400_000;
const PANEL = ['sevenoaks-dc', 'kent-police', 'kent-mental-health'];

const ok = answers(() => t);

let n = 0;
/** A person with consent, three incident reports (two of one incident) and an application decided "threshold met". */
async function newCase(): Promise<{ personId: string; applicationId: string }> {
  n++;
  const reg = await ok(`mutation($input: PersonInput!) { registerPerson(input: $input) { id } }`, {
    input: { givenName: `Review${n}`, familyName: 'Case', dateOfBirth: `1965-02-1${n}`, postcode: 'TN13 2AB', email: `review${n}@example.org` },
  }, spoc);
  const personId = reg.registerPerson.id;
  await ok(`mutation($input: ConsentInput!) { recordConsent(input: $input) { id } }`, {
    input: {
      personId, purposes: ['CASE_REVIEW'], categories: ['IDENTITY', 'CONTACT', 'INCIDENT_DETAIL'], captureMethod: 'ONLINE', noticeVersion: 'test-1',
      recipientAgencyIds: ['sevenoaks-dc', 'kent-police', 'kent-wardens'],
    },
  }, spoc);
  const em = t.hub.subgraphs.incidents.db.orm.em.fork();
  const at = (days: number) => new Date(Date.now() - days * DAY);
  em.create(Incident, { source: IncidentSource.POLICE, agencyId: 'kent-police', sourceRef: `CR-P-${n}`, category: AsbCategory.NUISANCE, subType: 'Noise', occurredAt: at(30), reportedAt: at(30), description: 'Loud music at 2am', reporterPersonId: personId, actions: [{ at: at(29).toISOString(), action: 'Officer attended', by: 'PC 1' }] });
  em.create(Incident, { source: IncidentSource.HOUSING, agencyId: 'west-kent-housing', sourceRef: `CR-H-${n}`, category: AsbCategory.NUISANCE, subType: 'Noise', occurredAt: new Date(at(30).getTime() + 3_600_000 * 5), reportedAt: at(29), description: 'Neighbour playing music all night', reporterPersonId: personId });
  em.create(Incident, { source: IncidentSource.WARDEN, agencyId: 'kent-wardens', sourceRef: `CR-W-${n}`, category: AsbCategory.ENVIRONMENTAL, subType: 'Litter', occurredAt: at(20), reportedAt: at(20), description: 'Rubbish dumped at the door', reporterPersonId: personId });
  await em.flush();
  const tem = t.hub.subgraphs.triggers.db.orm.em.fork();
  const app = tem.create(TriggerApplication, {
    reference: `SDC-CT-REVIEW-${n}`, authorityAgencyId: 'sevenoaks-dc', applicantPersonId: personId, channel: ApplicationChannel.ONLINE,
    applicantType: ApplicantType.VICTIM, recordedByAgencyId: 'sevenoaks-dc', consentToShare: true, status: ApplicationStatus.DECIDED,
    decision: TriggerDecision.THRESHOLD_MET, receivedAt: at(10), acknowledgedAt: at(10), decidedAt: at(8),
  });
  await tem.flush();
  return { personId, applicationId: app.id };
}

const OPEN = `mutation($a: ID!, $panel: [ID!]!, $chair: ID!, $note: String) {
  openCaseReview(applicationId: $a, panelAgencyIds: $panel, chairAgencyId: $chair, independenceNote: $note) {
    id status secondStage independentMemberIncluded involvedAgencies { id } independentAgencies { id } independenceNote firstStageReview { id } } }`;
const APP = `query($id: ID!) { triggerApplication(id: $id) { status letters { kind } } }`;

beforeAll(async () => {
  t = await startTestHub({ seed: true });
  spoc = await tokenFor('sevenoaks-dc', 'spoc');
});
afterAll(async () => {
  await t?.stop();
});

describe('a case review from opening to closure', () => {
  let c: { personId: string; applicationId: string };
  let reviewId: string;
  let police: string;
  let mentalHealth: string;
  const yesterday = londonDate(new Date(Date.now() - DAY));

  beforeAll(async () => {
    c = await newCase();
    police = await tokenFor('kent-police', 'reviewer');
    mentalHealth = await tokenFor('kent-mental-health', 'reviewer');
  });

  it('refuses a panel of two agencies, naming the field', async () => {
    const res = await t.query<any>(OPEN, { a: c.applicationId, panel: ['sevenoaks-dc', 'kent-police'], chair: 'sevenoaks-dc' }, { token: spoc });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'panelAgencyIds' });
  });

  it('refuses a panel of involved agencies only unless the SPOC records why', async () => {
    const res = await t.query<any>(OPEN, { a: c.applicationId, panel: ['sevenoaks-dc', 'kent-police', 'west-kent-housing'], chair: 'sevenoaks-dc' }, { token: spoc });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'independenceNote' });
  });

  it('opens the review: involved and independent agencies recorded, the application moves to IN_REVIEW', async () => {
    const data = await ok(OPEN, { a: c.applicationId, panel: PANEL, chair: 'sevenoaks-dc' }, spoc);
    const review = data.openCaseReview;
    reviewId = review.id;
    expect(review).toMatchObject({ status: 'OPEN', secondStage: false, independentMemberIncluded: true, independenceNote: null, firstStageReview: null });
    expect(review.involvedAgencies.map((a: any) => a.id)).toEqual(['kent-police', 'kent-wardens', 'west-kent-housing']);
    expect(review.independentAgencies.map((a: any) => a.id)).toEqual(['kent-mental-health']);
    expect((await ok(APP, { id: c.applicationId }, spoc)).triggerApplication.status).toBe('IN_REVIEW');
  });

  it('invites the victim and asks two agencies for information', async () => {
    const inv = await ok(`mutation($r: ID!) { inviteVictim(reviewId: $r) { victimInvitedAt } }`, { r: reviewId }, spoc);
    expect(inv.inviteVictim.victimInvitedAt).toBeTruthy();
    const ask = `mutation($r: ID!, $a: ID!, $q: String!, $due: Date!) { requestInformation(reviewId: $r, agencyId: $a, request: $q, dueOn: $due) { id dueOn overdue agency { id } } }`;
    const p = await ok(ask, { r: reviewId, a: 'kent-police', q: 'Calls and attendances at the address', due: yesterday }, spoc);
    const mh = await ok(ask, { r: reviewId, a: 'kent-mental-health', q: 'Any support offered to the victim', due: yesterday }, spoc);
    expect(mh.requestInformation).toMatchObject({ overdue: true, agency: { id: 'kent-mental-health' } });
    // Only the asked agency answers.
    const wrong = await t.query<any>(`mutation($id: ID!) { respondToInformationRequest(id: $id, response: "x") { id } }`, { id: p.requestInformation.id }, { token: mentalHealth });
    expect(wrong.errors![0].extensions!.code).toBe('FORBIDDEN');
    const answer = await ok(`mutation($id: ID!) { respondToInformationRequest(id: $id, response: "Four attendances; two warnings") { respondedAt overdue } }`, { id: p.requestInformation.id }, police);
    expect(answer.respondToInformationRequest.overdue).toBe(false);
  });

  it('records the meeting with attendance: the unanswered request becomes a finding, the outcome falls due in 5 working days', async () => {
    const data = await ok(`mutation($r: ID!) { recordReviewMeeting(reviewId: $r, attendingAgencyIds: ["sevenoaks-dc", "kent-police"], victimAttended: true) {
      heldAt victimAttended attendingAgencies { id } } }`, { r: reviewId }, spoc);
    expect(data.recordReviewMeeting.attendingAgencies.map((a: any) => a.id)).toEqual(['sevenoaks-dc', 'kent-police']);
    const review = (await ok(`query($id: ID!) { caseReview(id: $id) { outcomeDueOn outcomeOverdue findings { kind automatic text agency { id } informationRequestId } } }`, { id: reviewId }, spoc)).caseReview;
    expect(review.outcomeDueOn).toBe(addWorkingDays(new Date(), 5));
    expect(review.outcomeOverdue).toBe(false);
    expect(review.findings).toHaveLength(1);
    expect(review.findings[0]).toMatchObject({ kind: 'FINDING', automatic: true, agency: { id: 'kent-mental-health' } });
    expect(review.findings[0].text).toMatch(/^No information provided by kent-mental-health/);
    // Not personal: a panel agency without the person's consent reads it too.
    const mhView = await ok(`query($id: ID!) { caseReview(id: $id) { findings { text } } }`, { id: reviewId }, mentalHealth);
    expect(mhView.caseReview.findings[0].text).toBe(review.findings[0].text);
    // Recording another meeting does not repeat it.
    await ok(`mutation($r: ID!) { recordReviewMeeting(reviewId: $r, attendingAgencyIds: ["sevenoaks-dc"]) { id } }`, { r: reviewId }, spoc);
    const again = (await ok(`query($id: ID!) { caseReview(id: $id) { findings { id } meetings { id } } }`, { id: reviewId }, spoc)).caseReview;
    expect(again.findings).toHaveLength(1);
    expect(again.meetings).toHaveLength(2);
  });

  it('records findings, a recommendation and the action plan; the outcome goes out as CT4 and the action plan starts', async () => {
    await ok(`mutation($r: ID!) { recordFinding(reviewId: $r, kind: FINDING, text: "Reports were handled separately by each agency") { id } }`, { r: reviewId }, police);
    await ok(`mutation($r: ID!) { recordFinding(reviewId: $r, kind: RECOMMENDATION, text: "One case officer across agencies") { id } }`, { r: reviewId }, spoc);
    const notPanel = await t.query<any>(`mutation($r: ID!) { recordFinding(reviewId: $r, kind: FINDING, text: "x") { id } }`, { r: reviewId }, { token: await tokenFor('kent-wardens', 'reviewer') });
    expect(notPanel.errors![0].extensions!.code).toBe('FORBIDDEN');
    const due = londonDate(new Date(Date.now() + 30 * DAY));
    const item = await ok(`mutation($r: ID!, $due: Date!) { addActionItem(reviewId: $r, ownerAgencyId: "kent-police", description: "Joint visit with housing", dueOn: $due) { id status overdue ownerAgency { id } } }`, { r: reviewId, due }, spoc);
    expect(item.addActionItem).toMatchObject({ status: 'OPEN', overdue: false, ownerAgency: { id: 'kent-police' } });
    const noLead = await t.query<any>(`mutation($r: ID!) { sendReviewOutcome(reviewId: $r) { id } }`, { r: reviewId }, { token: spoc });
    expect(noLead.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'leadOfficer' });
    // 2025 guidance: the outcome is sent only once the victim was consulted on the action plan (or why not is recorded).
    await ok(`mutation($r: ID!) { recordVictimConsultation(reviewId: $r) { victimConsultedOnActionPlanAt } }`, { r: reviewId }, spoc);
    const sent = await ok(`mutation($r: ID!) { sendReviewOutcome(reviewId: $r, leadOfficer: "Community Safety Manager") { status outcomeSentAt outcomeOverdue outcomeSentLate finalReviewDueOn } }`, { r: reviewId }, spoc);
    expect(sent.sendReviewOutcome).toMatchObject({ status: 'ACTION_PLAN', outcomeOverdue: false, outcomeSentLate: false });
    expect(sent.sendReviewOutcome.finalReviewDueOn > londonDate(new Date(Date.now() + 170 * DAY))).toBe(true);
    const app = (await ok(APP, { id: c.applicationId }, spoc)).triggerApplication;
    expect(app.status).toBe('ACTION_PLAN');
    expect(app.letters.map((l: any) => l.kind)).toContain('CT4');
    // CT4 as the victim reads it: the owner agency by name, the meeting held, the lead officer; sent through the reviews subgraph.
    const texts = (await ok(`query($id: ID!) { triggerApplication(id: $id) { meetingHeldOn letters { kind text addressee pdf } } }`, { id: c.applicationId }, spoc)).triggerApplication;
    const ct4 = texts.letters.find((l: any) => l.kind === 'CT4');
    expect(ct4.text).toContain(`They agreed the following actions:\n1. Kent Police: Joint visit with housing (by ${due})`);
    expect(ct4.text).toContain(`at the meeting on ${texts.meetingHeldOn}`);
    expect(texts.meetingHeldOn).toBe(londonDate(new Date()));
    expect(ct4.text).toContain('Your lead officer is Community Safety Manager');
    expect(ct4.text).not.toMatch(/\b(kent-police|sevenoaks-dc|kent-mental-health)\b/);
    expect(ct4.addressee).toMatch(/^Review\d+ Case\nTN13 2AB$/);
    expect(ct4.pdf.length).toBeGreaterThan(1000);
    // Kent writes when the review is activated, naming the panel by name.
    const activated = texts.letters.find((l: any) => l.kind === 'REVIEW_ACTIVATED');
    expect(activated.text).toContain('The agencies taking part are: Sevenoaks District Council, Kent Police');

    const noEvidence = await t.query<any>(`mutation($id: ID!) { updateActionItem(id: $id, status: DONE) { id } }`, { id: item.addActionItem.id }, { token: police });
    expect(noEvidence.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'completionEvidence' });
    const done = await ok(`mutation($id: ID!) { updateActionItem(id: $id, status: DONE, completionEvidence: "Visit on file, ref V-1") { status completedAt completionEvidence } }`, { id: item.addActionItem.id }, police);
    expect(done.updateActionItem).toMatchObject({ status: 'DONE', completionEvidence: 'Visit on file, ref V-1' });
  });

  it('the case history: one timeline across subgraphs, duplicates folded, labelled, filtered per reader', async () => {
    const Q = `query($id: ID!) { caseReview(id: $id) { caseHistory { id at kind sources category title detail agencyIds withheld reports { agencyId source sourceRef detail } } } }`;
    const res = await t.query<any>(Q, { id: reviewId }, { token: police });
    expect(res.errors).toBeUndefined();
    const history = res.data!.caseReview.caseHistory as any[];
    const times = history.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const incidents = history.filter((e) => e.kind === 'INCIDENT');
    expect(incidents).toHaveLength(2);
    const noise = incidents.find((e) => e.category === 'NUISANCE');
    expect(noise.agencyIds).toEqual(['kent-police', 'west-kent-housing']);
    expect(noise.sources).toEqual(['POLICE', 'HOUSING']);
    expect(noise.reports.map((r: any) => r.detail)).toEqual(['Loud music at 2am', 'Neighbour playing music all night']);
    expect(noise.title).toMatch(/one incident, 2 reports/);
    const kinds = new Set(history.map((e) => e.kind));
    for (const k of ['AGENCY_ACTION', 'APPLICATION', 'DECISION', 'LETTER', 'REVIEW', 'MEETING', 'INFORMATION_REQUEST', 'INFORMATION_RESPONSE', 'FINDING', 'RECOMMENDATION', 'ACTION_ITEM', 'ACTION_COMPLETED']) {
      expect(kinds, k).toContain(k);
    }
    expect(history.find((e) => e.kind === 'INFORMATION_RESPONSE').detail).toBe('Four attendances; two warnings');
    expect(history.every((e) => e.withheld.length === 0)).toBe(true);

    // Kent Mental Health sits on the panel without the person's consent: headlines, details withheld and marked.
    const mh = await t.query<any>(Q, { id: reviewId }, { token: mentalHealth });
    const mhHistory = mh.data!.caseReview.caseHistory as any[];
    expect(mhHistory.map((e) => e.id)).toEqual(history.map((e) => e.id));
    const mhNoise = mhHistory.find((e) => e.id === noise.id);
    expect(mhNoise.detail).toBeNull();
    expect(mhNoise.withheld).toEqual(['INCIDENT_DETAIL']);
    expect(mhNoise.reports.map((r: any) => r.detail)).toEqual([null, null]);
    expect(mh.errors!.length).toBeGreaterThan(0);
    for (const e of mh.errors!) {
      expect(e.extensions).toMatchObject({ code: 'FORBIDDEN', category: 'INCIDENT_DETAIL' });
      expect(e.message).not.toMatch(/music|Rubbish|Review\d/);
    }
    // Its own request's text is its own (controller): not withheld.
    const ownRequest = mhHistory.find((e) => e.kind === 'INFORMATION_REQUEST' && e.agencyIds[0] === 'kent-mental-health');
    expect(ownRequest.detail).toBe('Any support offered to the victim');
    expect(ownRequest.withheld).toEqual([]);

    // Not on the panel: no case history at all (the list is non-null, so the review goes null with it).
    const outside = await t.query<any>(Q, { id: reviewId }, { token: await tokenFor('kent-wardens', 'reviewer') });
    expect(outside.data!.caseReview).toBeNull();
    expect(outside.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('holds the final review, then closes: grants end, the application closes with CT5', async () => {
    const final = await ok(`mutation($r: ID!) { beginFinalReview(reviewId: $r) { status finalReviewAt finalReviewOverdue } }`, { r: reviewId }, spoc);
    expect(final.beginFinalReview).toMatchObject({ status: 'FINAL_REVIEW', finalReviewOverdue: false });
    expect((await ok(APP, { id: c.applicationId }, spoc)).triggerApplication.status).toBe('FINAL_REVIEW');
    await ok(`mutation($r: ID!) { recordReviewMeeting(reviewId: $r, attendingAgencyIds: ["sevenoaks-dc", "kent-police", "kent-mental-health"]) { finalReview } }`, { r: reviewId }, spoc);

    const before = await t.query<any>(`query($id: ID!) { person(id: $id) { givenName } }`, { id: c.personId }, { token: police });
    expect(before.data!.person.givenName).toBe(`Review1`);
    const closed = await ok(`mutation($r: ID!) { closeCaseReview(id: $r, reason: "Action plan complete") { status closedAt } }`, { r: reviewId }, spoc);
    expect(closed.closeCaseReview.status).toBe('CLOSED');
    const app = (await ok(APP, { id: c.applicationId }, spoc)).triggerApplication;
    expect(app.status).toBe('CLOSED');
    expect(app.letters.map((l: any) => l.kind)).toEqual(expect.arrayContaining(['CT4', 'CT5']));
    const after = await t.query<any>(`query($id: ID!) { person(id: $id) { givenName } }`, { id: c.personId }, { token: police });
    expect(after.data!.person.givenName).toBeNull();
    expect(after.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', category: 'IDENTITY' });
    const late = await t.query<any>(`mutation($r: ID!) { recordFinding(reviewId: $r, kind: FINDING, text: "late") { id } }`, { r: reviewId }, { token: spoc });
    expect(late.errors![0].extensions!.code).toBe('CONFLICT');
  });
});

describe('second-stage review on appeal', () => {
  let c: { personId: string; applicationId: string };
  let firstId: string;

  beforeAll(async () => {
    c = await newCase();
    firstId = (await ok(OPEN, { a: c.applicationId, panel: PANEL, chair: 'kent-police' }, spoc)).openCaseReview.id;
    await ok(`mutation($r: ID!) { recordReviewMeeting(reviewId: $r, attendingAgencyIds: ["sevenoaks-dc", "kent-police", "kent-mental-health"]) { id } }`, { r: firstId }, spoc);
    // No actions agreed: the outcome is sent and the application waits at OUTCOME_SENT, where it can be appealed.
    // 2025 guidance: without the victim's consultation on the action plan, the reason is recorded.
    expect((await ok(`mutation($r: ID!) { sendReviewOutcome(reviewId: $r, victimNotConsultedReason: "No actions agreed; the victim declined to take part") { status } }`, { r: firstId }, spoc)).sendReviewOutcome.status).toBe('OUTCOME_SENT');
    // No actions, no lead officer: CT4 says so, with no empty list or sentence.
    const first = (await ok(`query($id: ID!) { triggerApplication(id: $id) { letters { kind text } } }`, { id: c.applicationId }, spoc)).triggerApplication.letters;
    const ct4 = first.find((l: any) => l.kind === 'CT4').text;
    expect(ct4).toContain('They did not agree any further actions.');
    expect(ct4).not.toMatch(/following actions|lead officer|action plan will be reviewed/i);
    await ok(`mutation($id: ID!) { appealApplication(applicationId: $id, reason: "The agencies did not speak to each other") { status } }`, { id: c.applicationId }, spoc);
  });

  it('refuses a second-stage panel that reuses a member of the first', async () => {
    const res = await t.query<any>(OPEN, { a: c.applicationId, panel: ['kent-pcc', 'west-kent-housing', 'kent-police'], chair: 'kent-pcc' }, { token: spoc });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'panelAgencyIds', reused: ['kent-police'] });
    expect((await ok(APP, { id: c.applicationId }, spoc)).triggerApplication.status).toBe('APPEALED');
  });

  it('opens it with an independent panel, linked to the first review; the application is back IN_REVIEW', async () => {
    const data = await ok(OPEN, { a: c.applicationId, panel: ['kent-pcc', 'west-kent-housing', 'kent-wardens'], chair: 'kent-pcc' }, spoc);
    expect(data.openCaseReview).toMatchObject({ status: 'OPEN', secondStage: true, firstStageReview: { id: firstId } });
    expect(data.openCaseReview.independentAgencies.map((a: any) => a.id)).toEqual(['kent-pcc']);
    expect((await ok(APP, { id: c.applicationId }, spoc)).triggerApplication.status).toBe('IN_REVIEW');

    // Its case history covers both stages and the appeal; West Kent Housing has no grant: details withheld, entries kept.
    const res = await t.query<any>(`query($id: ID!) { caseReview(id: $id) { caseHistory { kind title detail withheld } } }`, { id: data.openCaseReview.id }, { token: await tokenFor('west-kent-housing', 'reviewer') });
    const history = res.data!.caseReview.caseHistory as any[];
    expect(history.filter((e) => e.kind === 'REVIEW').map((e) => e.title)).toEqual([
      expect.stringMatching(/^Case review opened; panel sevenoaks-dc, kent-police, kent-mental-health, chair kent-police/),
      // The reason the first-stage outcome went without the victim's consultation is on record too (2025 guidance).
      'Case review: the outcome was sent without consulting the victim on the action plan',
      expect.stringMatching(/^Second-stage review opened; panel kent-pcc, west-kent-housing, kent-wardens/),
    ]);
    const appeal = history.find((e) => e.kind === 'APPEAL');
    expect(appeal).toMatchObject({ detail: null, withheld: ['INCIDENT_DETAIL'] });
    const ownIncident = history.find((e) => e.kind === 'INCIDENT' && e.title.includes('west-kent-housing'));
    expect(ownIncident.withheld).toEqual(['INCIDENT_DETAIL']); // the police report folded in is not its own
    expect(history.filter((e) => e.kind === 'INCIDENT')).toHaveLength(2);
    expect(res.errors!.every((e) => e.extensions!.code === 'FORBIDDEN' && e.extensions!.category === 'INCIDENT_DETAIL')).toBe(true);
    // An error only where something was withheld: entries with no detail (letters, reviews) carry none.
    for (const e of res.errors!) expect(history[e.path![2] as number].withheld).toEqual(['INCIDENT_DETAIL']);
    expect(res.errors!.some((e) => history[e.path![2] as number].kind === 'LETTER')).toBe(false);
  });
});

describe('the service-only fields the reviews subgraph uses', () => {
  it('are absent from the public API and refused to a user token at the subgraph', async () => {
    const c = await newCase();
    const cases: Array<{ sub: 'incidents' | 'triggers'; field: string; q: string; v: Record<string, unknown> }> = [
      { sub: 'incidents', field: 'caseHistoryIncidents', q: 'query($p: [ID!]!) { caseHistoryIncidents(personIds: $p) { id description } }', v: { p: [c.personId] } },
      { sub: 'triggers', field: '_applicationHistory', q: 'query($id: ID!) { _applicationHistory(id: $id) { id decisionReason } }', v: { id: c.applicationId } },
      { sub: 'triggers', field: '_reviewStep', q: 'mutation($id: ID!) { _reviewStep(applicationId: $id, step: "BEGIN_REVIEW", actingAgencyId: "sevenoaks-dc", actedBy: "x") { status } }', v: { id: c.applicationId } },
    ];
    for (const k of cases) {
      const viaGateway = await t.query<any>(k.q, k.v, { token: spoc });
      expect(viaGateway.errors![0].message).toMatch(new RegExp(`Cannot query field "${k.field}"`));
      const asUser = await postGraphQL<any>(t.hub.subgraphs[k.sub].url, k.q, k.v, spoc);
      expect(asUser.errors![0].extensions!.code, k.field).toBe('FORBIDDEN');
    }
    const asService = await postGraphQL<any>(t.hub.subgraphs.incidents.url, cases[0].q, cases[0].v, await serviceToken('reviews'));
    expect(asService.data!.caseHistoryIncidents).toHaveLength(3);
    expect((await ok(APP, { id: c.applicationId }, spoc)).triggerApplication.status).toBe('DECIDED');
  });
});
