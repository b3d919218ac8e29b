import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TriggerApplication, ApplicationStatus } from '../subgraphs/triggers/entities/TriggerApplication';
import { ApplicantType, ApplicationChannel, TriggerDecision } from '../subgraphs/shared/enums';
import { answers, startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * The victim's part in the review (2025 guidance), through the gateway: each invitation to a
 * meeting (in person or virtual) kept; the outcome refused until the victim was consulted on the
 * action plan or the reason they were not is recorded; both in the case history.
 */
let t: TestHub;
let spoc: string;
const DAY = 86_400_000;

const ok = answers(() => t, () => spoc);

const OPEN = `mutation($a: ID!) { openCaseReview(applicationId: $a, panelAgencyIds: ["sevenoaks-dc", "kent-police", "kent-mental-health"], chairAgencyId: "kent-police") { id } }`;
const SEND = `mutation($r: ID!, $why: String) { sendReviewOutcome(reviewId: $r, leadOfficer: "Community Safety Manager", victimNotConsultedReason: $why) { status victimConsultedOnActionPlanAt victimNotConsultedReason } }`;

async function newReview(n: number): Promise<string> {
  const reg = await ok(`mutation($input: PersonInput!) { registerPerson(input: $input) { id } }`, {
    input: { givenName: `Victim${n}`, familyName: 'Part', dateOfBirth: `1971-03-1${n}`, postcode: 'TN13 2AB' },
  });
  const personId = reg.registerPerson.id;
  await ok(`mutation($input: ConsentInput!) { recordConsent(input: $input) { id } }`, {
    input: {
      personId,
      purposes: ['CASE_REVIEW'],
      categories: ['IDENTITY', 'CONTACT', 'INCIDENT_DETAIL'],
      captureMethod: 'ONLINE',
      noticeVersion: 'test-1',
      recipientAgencyIds: ['sevenoaks-dc', 'kent-police', 'kent-mental-health'],
    },
  });
  const em = t.hub.subgraphs.triggers.db.orm.em.fork();
  const app = em.create(TriggerApplication, {
    reference: `SDC-CT-VICTIM-${n}-${randomUUID().slice(0, 4)}`,
    authorityAgencyId: 'sevenoaks-dc',
    applicantPersonId: personId,
    channel: ApplicationChannel.ONLINE,
    applicantType: ApplicantType.VICTIM,
    recordedByAgencyId: 'sevenoaks-dc',
    consentToShare: true,
    status: ApplicationStatus.DECIDED,
    decision: TriggerDecision.THRESHOLD_MET,
    receivedAt: new Date(Date.now() - 10 * DAY),
    acknowledgedAt: new Date(Date.now() - 10 * DAY),
    decidedAt: new Date(Date.now() - 8 * DAY),
  });
  await em.flush();
  const reviewId = (await ok(OPEN, { a: app.id })).openCaseReview.id as string;
  const due = new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10);
  await ok(
    `mutation($r: ID!, $due: Date!) { addActionItem(reviewId: $r, ownerAgencyId: "kent-police", description: "Patrols at the address", dueOn: $due) { id } }`,
    { r: reviewId, due },
  );
  return reviewId;
}

beforeAll(async () => {
  t = await startTestHub({ seed: true });
  spoc = await tokenFor('sevenoaks-dc', 'spoc');
});
afterAll(async () => {
  await t?.stop();
});

describe('the victim’s part in the review', () => {
  it('keeps each invitation to a meeting, in person or virtual', async () => {
    const r = await newReview(1);
    const meeting = new Date(Date.now() + 7 * DAY).toISOString();
    await ok(`mutation($r: ID!, $m: DateTimeISO) { inviteVictim(reviewId: $r, meetingAt: $m, mode: VIRTUAL) { id } }`, { r, m: meeting });
    await ok(`mutation($r: ID!) { inviteVictim(reviewId: $r) { id } }`, { r });
    const review = (
      await ok(`query($id: ID!) { caseReview(id: $id) { victimInvitedAt victimInvitations { meetingAt mode finalReview invitedAt } } }`, { id: r })
    ).caseReview;
    expect(review.victimInvitations.map((i: any) => [i.meetingAt, i.mode, i.finalReview])).toEqual([
      [meeting, 'VIRTUAL', false],
      [meeting, 'IN_PERSON', false],
    ]);
    expect(review.victimInvitedAt).toBe(review.victimInvitations[1].invitedAt);
  });

  it('refuses the outcome before the victim was consulted on the action plan, without a reason; sends it once consulted', async () => {
    const r = await newReview(2);
    await ok(`mutation($r: ID!) { recordReviewMeeting(reviewId: $r, attendingAgencyIds: ["sevenoaks-dc", "kent-police"], victimAttended: false) { id } }`, {
      r,
    });
    const refused = await t.query<any>(SEND, { r }, { token: spoc });
    expect(refused.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'VICTIM_NOT_CONSULTED' });
    const blank = await t.query<any>(SEND, { r, why: '   ' }, { token: spoc });
    expect(blank.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'VICTIM_NOT_CONSULTED' });
    const app = (await ok(`query($id: ID!) { caseReview(id: $id) { status application { status letters { kind } } } }`, { id: r })).caseReview;
    expect(app.status).toBe('OPEN');
    expect(app.application.letters.map((l: any) => l.kind)).not.toContain('CT4');

    const future = await t.query<any>(
      `mutation($r: ID!, $at: DateTimeISO) { recordVictimConsultation(reviewId: $r, consultedAt: $at) { id } }`,
      { r, at: new Date(Date.now() + DAY).toISOString() },
      { token: spoc },
    );
    expect(future.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'consultedAt' });
    const other = await t.query<any>(
      `mutation($r: ID!) { recordVictimConsultation(reviewId: $r) { id } }`,
      { r },
      { token: await tokenFor('east-herts-dc', 'spoc') },
    );
    expect(other.errors![0].extensions!.code).toBe('FORBIDDEN');
    const consulted = (await ok(`mutation($r: ID!) { recordVictimConsultation(reviewId: $r) { victimConsultedOnActionPlanAt } }`, { r }))
      .recordVictimConsultation;
    expect(Date.now() - new Date(consulted.victimConsultedOnActionPlanAt).getTime()).toBeLessThan(60_000);
    const sent = (await ok(SEND, { r })).sendReviewOutcome;
    expect(sent).toMatchObject({
      status: 'ACTION_PLAN',
      victimConsultedOnActionPlanAt: consulted.victimConsultedOnActionPlanAt,
      victimNotConsultedReason: null,
    });
    // The action plan is final now: no consultation to record.
    const late = await t.query<any>(`mutation($r: ID!) { recordVictimConsultation(reviewId: $r) { id } }`, { r }, { token: spoc });
    expect(late.errors![0].extensions!.code).toBe('CONFLICT');
    const history = (await ok(`query($id: ID!) { caseReview(id: $id) { caseHistory { kind title } } }`, { id: r })).caseReview.caseHistory as any[];
    expect(history.map((e) => e.title)).toContain('Case review: the victim was consulted on the action plan');
  });

  it('sends the outcome without the consultation only with the reason recorded, in the case history', async () => {
    const r = await newReview(3);
    await ok(`mutation($r: ID!) { inviteVictim(reviewId: $r, mode: IN_PERSON) { id } }`, { r });
    await ok(`mutation($r: ID!) { recordReviewMeeting(reviewId: $r, attendingAgencyIds: ["sevenoaks-dc"]) { id } }`, { r });
    const why = 'The victim asked not to be contacted again before the outcome';
    const sent = (await ok(SEND, { r, why })).sendReviewOutcome;
    expect(sent).toMatchObject({ status: 'ACTION_PLAN', victimConsultedOnActionPlanAt: null, victimNotConsultedReason: why });
    const history = (await ok(`query($id: ID!) { caseReview(id: $id) { caseHistory { kind title detail } } }`, { id: r })).caseReview.caseHistory as any[];
    expect(history).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'REVIEW', title: expect.stringMatching(/^The victim was invited to the panel meeting.*\(in person\)$/) }),
        expect.objectContaining({ kind: 'REVIEW', title: 'Case review: the outcome was sent without consulting the victim on the action plan', detail: why }),
      ]),
    );
  });
});
