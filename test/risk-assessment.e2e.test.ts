import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOME_OFFICE_TRIALS_RISK_POLICY } from '../seeds/risk-assessment-policies';
import { TriggerApplication, ApplicationStatus } from '../subgraphs/triggers/entities/TriggerApplication';
import { ApplicantType, ApplicationChannel } from '../subgraphs/shared/enums';
import { addWorkingDays } from '../subgraphs/shared/calendar';
import { startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * The victim risk assessment through the gateway: the seeded default policy (standard / medium /
 * high), recorded on an application by its authority's SPOC; HIGH raises it in the work queue and
 * sets the band's internal target; the answers and band are personal (special category where they
 * touch health or vulnerability); a reassessment at the final review replaces it.
 */
let t: TestHub;
let spoc: string;
const DAY = 86_400_000;
let older: string;
let newer: string;

const QUEUE = `{ triggerApplications { id } }`;
const RECORD = `mutation($input: RiskAssessmentInput!) { recordRiskAssessment(input: $input) { id stage score band policyVersion assessedBy
  answers { questionId answer } healthAndVulnerabilityAnswers { questionId question answer } } }`;
const APP = `query($id: ID!) { triggerApplication(id: $id) { riskTarget { band workingDays dueOn overdue } riskAssessments { stage band score assessedAt } } }`;

const answers = (yes: string[]) => HOME_OFFICE_TRIALS_RISK_POLICY.questions.map((q) => ({ questionId: q.id, answer: yes.includes(q.id) }));
const queue = async () => ((await t.query<any>(QUEUE, {}, { token: spoc })).data!.triggerApplications as Array<{ id: string }>).map((a) => a.id);

beforeAll(async () => {
  t = await startTestHub({ seed: true });
  spoc = await tokenFor('sevenoaks-dc', 'spoc');
  const em = t.hub.subgraphs.triggers.db.orm.em.fork();
  const app = (ref: string, days: number) =>
    em.create(TriggerApplication, {
      reference: ref,
      authorityAgencyId: 'sevenoaks-dc',
      applicantPersonId: randomUUID(),
      channel: ApplicationChannel.PHONE,
      applicantType: ApplicantType.VICTIM,
      recordedByAgencyId: 'sevenoaks-dc',
      consentToShare: true,
      status: ApplicationStatus.ACKNOWLEDGED,
      receivedAt: new Date(Date.now() - days * DAY),
      acknowledgedAt: new Date(Date.now() - days * DAY),
    });
  older = app('SDC-CT-RISK-1', 3).id;
  newer = app('SDC-CT-RISK-2', 1).id;
  await em.flush();
});
afterAll(async () => {
  await t?.stop();
});

describe('victim risk assessment', () => {
  it('publishes the seeded policy in force: questions, scores, bands and targets', async () => {
    const res = await t.query<any>(
      `{ riskAssessmentPolicyInForce(authority: "sevenoaks-dc") { version authorityAgencyId questions { id specialCategory escalatesToHigh } bands { band minScore targetWorkingDays } } }`,
      {},
      { token: spoc },
    );
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const p = res.data!.riskAssessmentPolicyInForce;
    expect(p).toMatchObject({ version: 1, authorityAgencyId: null });
    expect(p.bands.map((b: any) => b.band)).toEqual(['STANDARD', 'MEDIUM', 'HIGH']);
    expect(p.questions.filter((q: any) => q.specialCategory).map((q: any) => q.id)).toEqual(expect.arrayContaining(['health', 'disability']));
    // Every question says whether it escalates (the seeded ones without the flag do not): it was an internal error.
    expect(p.questions.filter((q: any) => q.escalatesToHigh).map((q: any) => q.id)).toEqual(['fear-of-harm', 'self-harm']);
  });

  it('a high-risk assessment raises the application in the SPOC’s queue and sets the shorter internal target', async () => {
    const before = await queue();
    expect(before.indexOf(older)).toBeLessThan(before.indexOf(newer));
    const standard = await t.query<any>(RECORD, { input: { applicationId: newer, answers: answers(['repeat']) } }, { token: spoc });
    expect(standard.errors, JSON.stringify(standard.errors)).toBeUndefined();
    expect(standard.data!.recordRiskAssessment).toMatchObject({
      stage: 'INITIAL',
      score: 3,
      band: 'STANDARD',
      policyVersion: 1,
      assessedBy: 'spoc.sevenoaks-dc',
    });
    expect(await queue()).toEqual(before);

    const high = await t.query<any>(
      RECORD,
      {
        input: {
          applicationId: newer,
          stage: 'REASSESSMENT',
          answers: answers(['repeat', 'targeted', 'health', 'disability', 'isolated', 'daily-life', 'moving', 'crime']),
        },
      },
      { token: spoc },
    );
    expect(high.errors, JSON.stringify(high.errors)).toBeUndefined();
    const r = high.data!.recordRiskAssessment;
    expect(r).toMatchObject({ band: 'HIGH', score: 20 });
    // Health and vulnerability answers apart from the rest.
    expect(r.healthAndVulnerabilityAnswers.map((a: any) => a.questionId)).toEqual(['hate', 'health', 'disability', 'isolated', 'self-harm']);
    expect(r.answers.map((a: any) => a.questionId)).not.toContain('health');
    const after = await queue();
    // Above every application that is not overdue (the seeded ones included), and above the older one.
    expect(after.indexOf(newer)).toBeLessThan(after.indexOf(older));
    expect(after.filter((id) => id !== newer)).toEqual(before.filter((id) => id !== newer));

    const app = await t.query<any>(APP, { id: newer }, { token: spoc });
    expect(app.errors, JSON.stringify(app.errors)).toBeUndefined();
    const received = new Date(Date.now() - DAY);
    expect(app.data!.triggerApplication.riskTarget).toEqual({ band: 'HIGH', workingDays: 10, dueOn: addWorkingDays(received, 10), overdue: false });
    expect(app.data!.triggerApplication.riskAssessments.map((a: any) => [a.stage, a.band])).toEqual([
      ['INITIAL', 'STANDARD'],
      ['REASSESSMENT', 'HIGH'],
    ]);
  });

  it('an answer that escalates makes it high whatever the total; a reassessment at the final review replaces it', async () => {
    const escalated = await t.query<any>(RECORD, { input: { applicationId: older, answers: answers(['fear-of-harm']) } }, { token: spoc });
    expect(escalated.data!.recordRiskAssessment).toMatchObject({ score: 4, band: 'HIGH' });
    const both = await queue();
    expect(both.indexOf(older)).toBeLessThan(both.indexOf(newer));
    // The final review begins: the victim is to be reassessed.
    const em = t.hub.subgraphs.triggers.db.orm.em.fork();
    await em.nativeUpdate(TriggerApplication, { id: older }, { finalReviewAt: new Date(Date.now() - 60_000) });
    const due = `query($id: ID!) { triggerApplication(id: $id) { riskReassessmentDue } }`;
    expect((await t.query<any>(due, { id: older }, { token: spoc })).data!.triggerApplication.riskReassessmentDue).toBe(true);
    const lower = await t.query<any>(RECORD, { input: { applicationId: older, stage: 'FINAL_REVIEW', answers: answers([]) } }, { token: spoc });
    expect((await t.query<any>(due, { id: older }, { token: spoc })).data!.triggerApplication.riskReassessmentDue).toBe(false);
    expect(lower.data!.recordRiskAssessment).toMatchObject({ stage: 'FINAL_REVIEW', band: 'STANDARD' });
    const now = await queue();
    expect(now.indexOf(newer)).toBeLessThan(now.indexOf(older));
    expect((await t.query<any>(APP, { id: older }, { token: spoc })).data!.triggerApplication.riskTarget).toBeNull();
  });

  it('keeps the band and the health answers from a reader without a grant, and refuses bad input by name and other authorities', async () => {
    const reviewer = await t.query<any>(APP, { id: newer }, { token: await tokenFor('kent-police', 'reviewer') });
    const withheld = (reviewer.errors ?? []).map((e) => e.extensions);
    expect(withheld).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'FORBIDDEN', category: 'SPECIAL_CATEGORY' })]));
    expect(JSON.stringify(reviewer.data)).not.toContain('HIGH');

    const missing = await t.query<any>(RECORD, { input: { applicationId: newer, answers: answers([]).slice(1) } }, { token: spoc });
    expect(missing.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.answers' });
    const unknown = await t.query<any>(
      RECORD,
      { input: { applicationId: newer, answers: [...answers([]), { questionId: 'shoe-size', answer: true }] } },
      { token: spoc },
    );
    expect(unknown.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.answers.12.questionId' });
    const other = await t.query<any>(RECORD, { input: { applicationId: newer, answers: answers([]) } }, { token: await tokenFor('east-herts-dc', 'spoc') });
    expect(other.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});
