import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TriggerApplication, ApplicationStatus } from '../subgraphs/triggers/entities/TriggerApplication';
import { ApplicantType, ApplicationChannel, TriggerDecision } from '../subgraphs/shared/enums';
import { startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * The PCC review route (Crime and Policing Bill 2025), configurable per area in the authority's
 * letters data (ThresholdPolicy.correspondence.pccReview): Kent (Sevenoaks DC) offers it in the
 * seeds, East Herts does not until it publishes a policy version that does.
 */
let t: TestHub;
const DAY = 86_400_000;

const REQUEST = `mutation($a: ID!, $why: String!) { requestPccReview(applicationId: $a, reason: $why) { id reviewer reason requestedAt requestedBy result } }`;
const RESULT = `mutation($a: ID!, $r: PccReviewResult!, $note: String) { recordPccReviewResult(applicationId: $a, result: $r, note: $note) { result resultNote resultAt resultBy } }`;

async function application(authority: string, decision: TriggerDecision): Promise<string> {
  const em = t.hub.subgraphs.triggers.db.orm.em.fork();
  const app = em.create(TriggerApplication, {
    reference: `PCC-${randomUUID().slice(0, 8)}`,
    authorityAgencyId: authority,
    applicantPersonId: randomUUID(),
    channel: ApplicationChannel.PHONE,
    applicantType: ApplicantType.VICTIM,
    recordedByAgencyId: authority,
    consentToShare: true,
    status: ApplicationStatus.DECIDED,
    decision,
    receivedAt: new Date(Date.now() - 10 * DAY),
    acknowledgedAt: new Date(Date.now() - 10 * DAY),
    decidedAt: new Date(Date.now() - 2 * DAY),
  });
  await em.flush();
  return app.id;
}

beforeAll(async () => {
  t = await startTestHub({ seed: true });
});
afterAll(async () => {
  await t?.stop();
});

describe('the PCC review of a "threshold not met" decision', () => {
  it('route on (Kent): the request and its result are recorded, once', async () => {
    const spoc = await tokenFor('sevenoaks-dc', 'spoc');
    const policy = await t.query<any>(
      `{ thresholdPolicyInForce(authority: "sevenoaks-dc") { correspondence { pccReview { reviewer how } } } }`,
      {},
      { token: spoc },
    );
    expect(policy.data!.thresholdPolicyInForce.correspondence.pccReview.reviewer).toBe('the Kent Police and Crime Commissioner');
    const a = await application('sevenoaks-dc', TriggerDecision.THRESHOLD_NOT_MET);
    const blank = await t.query<any>(REQUEST, { a, why: '  ' }, { token: spoc });
    expect(blank.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const res = await t.query<any>(REQUEST, { a, why: 'The incidents were not all counted' }, { token: spoc });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(res.data!.requestPccReview).toMatchObject({
      reviewer: 'the Kent Police and Crime Commissioner',
      reason: 'The incidents were not all counted',
      requestedBy: 'spoc.sevenoaks-dc',
      result: null,
    });
    const again = await t.query<any>(REQUEST, { a, why: 'Again' }, { token: spoc });
    expect(again.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'PCC_REVIEW_ALREADY_REQUESTED' });
    const other = await t.query<any>(REQUEST, { a, why: 'x' }, { token: await tokenFor('east-herts-dc', 'spoc') });
    expect(other.errors![0].extensions!.code).toBe('FORBIDDEN');

    const result = await t.query<any>(RESULT, { a, r: 'REVIEW_RECOMMENDED', note: 'The partnership should hold a case review' }, { token: spoc });
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    expect(result.data!.recordPccReviewResult).toMatchObject({
      result: 'REVIEW_RECOMMENDED',
      resultNote: 'The partnership should hold a case review',
      resultBy: 'spoc.sevenoaks-dc',
    });
    const twice = await t.query<any>(RESULT, { a, r: 'DECISION_UPHELD' }, { token: spoc });
    expect(twice.errors![0].extensions!.code).toBe('CONFLICT');
    const app = await t.query<any>(
      `query($id: ID!) { triggerApplication(id: $id) { pccReview { reviewer result requestedAt resultAt } } }`,
      { id: a },
      { token: spoc },
    );
    expect(app.data!.triggerApplication.pccReview).toMatchObject({ reviewer: 'the Kent Police and Crime Commissioner', result: 'REVIEW_RECOMMENDED' });

    // Only a "threshold not met" decision goes to the Commissioner.
    const met = await application('sevenoaks-dc', TriggerDecision.THRESHOLD_MET);
    const refused = await t.query<any>(REQUEST, { a: met, why: 'x' }, { token: spoc });
    expect(refused.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'PCC_REVIEW_NOT_THRESHOLD_NOT_MET' });
  });

  it('route off (East Herts): refused, until the authority publishes a policy version that offers it', async () => {
    const spoc = await tokenFor('east-herts-dc', 'spoc');
    const a = await application('east-herts-dc', TriggerDecision.THRESHOLD_NOT_MET);
    const off = await t.query<any>(REQUEST, { a, why: 'I disagree' }, { token: spoc });
    expect(off.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'PCC_REVIEW_NOT_OFFERED' });
    expect(
      (await t.query<any>(`query($id: ID!) { triggerApplication(id: $id) { pccReview { id } } }`, { id: a }, { token: spoc })).data!.triggerApplication
        .pccReview,
    ).toBeNull();

    const current = (
      await t.query<any>(
        `{ thresholdPolicyInForce(authority: "east-herts-dc") { name parameters { minIncidents windowMonths maxReportDelayDays similarity { category place }
          multipleReporterRoute { minReporters similarity { category place } } discretionNote }
          correspondence { office address phone email appeal { route how withinDays } reportFutureIncidents { name phone email web when } reviewActivatedLetter } } }`,
        {},
        { token: spoc },
      )
    ).data!.thresholdPolicyInForce;
    const pccReview = {
      reviewer: 'the Hertfordshire Police and Crime Commissioner',
      how: 'Write to the Community Safety Team, quoting your reference.',
      withinDays: 28,
    };
    const published = await t.query<any>(
      `mutation($input: ThresholdPolicyInput!) { publishThresholdPolicy(input: $input) { version correspondence { pccReview { reviewer withinDays } } } }`,
      { input: { authorityId: 'east-herts-dc', name: current.name, ...current.parameters, correspondence: { ...current.correspondence, pccReview } } },
      { token: spoc },
    );
    expect(published.errors, JSON.stringify(published.errors)).toBeUndefined();
    expect(published.data!.publishThresholdPolicy.correspondence.pccReview).toEqual({ reviewer: pccReview.reviewer, withinDays: 28 });
    const on = await t.query<any>(REQUEST, { a, why: 'I disagree' }, { token: spoc });
    expect(on.errors, JSON.stringify(on.errors)).toBeUndefined();
    expect(on.data!.requestPccReview.reviewer).toBe(pccReview.reviewer);
  });
});
