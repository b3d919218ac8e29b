import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Incident } from '../subgraphs/incidents/entities/Incident';
import { TriggerApplication, ApplicationStatus } from '../subgraphs/triggers/entities/TriggerApplication';
import { ApplicantType, ApplicationChannel, AsbCategory, IncidentSource, TriggerDecision } from '../subgraphs/shared/enums';
import { londonDate } from '../subgraphs/shared/calendar';
import { answers, startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * The review panel, referrals and reviews with recommendations (findings 11–13 below) and the
 * review records, through the gateway with real tokens:
 * - the panel as people (members, the chair a person, independentChair); a second-stage panel is
 *   independent of the people of the first, not of its agencies (Sevenoaks: "senior members of the
 *   Community Safety Partnership who did not take part in the first review, with an elected member");
 * - reviewsWithRecommendations counts a review whose recommendation has no action item;
 * - an application another agency received is referred to the authority (Kent: "they should refer
 *   it to the local Community Safety Unit"), kept on both sides, under the consent rules;
 * - information responses marked as including vexatious reports or work in progress (Kent);
 * - Derbyshire's templates (agenda, action plan, perpetrator proportionality assessment) as records;
 * - agencies registered and kept by an admin; demo partnerships big enough for two stages.
 */
let t: TestHub;
let spoc: string;
const DAY = 86_400_000;

const ok = answers(() => t);

let n = 0;
/** A person registered by Sevenoaks DC with consent for the Kent panel, three incidents, an application decided "threshold met". */
async function newCase(): Promise<{ personId: string; applicationId: string }> {
  n++;
  const personId = (
    await ok(
      `mutation($input: PersonInput!) { registerPerson(input: $input) { id } }`,
      {
        input: {
          givenName: `Panel${n}`,
          familyName: 'Case',
          dateOfBirth: new Date(Date.UTC(1970, 0, 1) + n * DAY).toISOString().slice(0, 10),
          postcode: 'TN13 3AB',
          email: `panel${n}@example.org`,
        },
      },
      spoc,
    )
  ).registerPerson.id;
  await ok(
    `mutation($input: ConsentInput!) { recordConsent(input: $input) { id } }`,
    {
      input: {
        personId,
        purposes: ['CASE_REVIEW'],
        categories: ['IDENTITY', 'CONTACT', 'INCIDENT_DETAIL'],
        captureMethod: 'ONLINE',
        noticeVersion: 'test-1',
        recipientAgencyIds: ['sevenoaks-dc', 'kent-police', 'kent-wardens', 'west-kent-housing'],
      },
    },
    spoc,
  );
  const em = t.hub.subgraphs.incidents.db.orm.em.fork();
  const at = (days: number) => new Date(Date.now() - days * DAY);
  em.create(Incident, {
    source: IncidentSource.POLICE,
    agencyId: 'kent-police',
    sourceRef: `PN-P-${n}`,
    category: AsbCategory.NUISANCE,
    subType: 'Noise',
    occurredAt: at(40),
    reportedAt: at(40),
    description: 'Loud music',
    reporterPersonId: personId,
  });
  em.create(Incident, {
    source: IncidentSource.HOUSING,
    agencyId: 'west-kent-housing',
    sourceRef: `PN-H-${n}`,
    category: AsbCategory.NUISANCE,
    subType: 'Noise',
    occurredAt: at(25),
    reportedAt: at(25),
    description: 'Shouting',
    reporterPersonId: personId,
  });
  em.create(Incident, {
    source: IncidentSource.WARDEN,
    agencyId: 'kent-wardens',
    sourceRef: `PN-W-${n}`,
    category: AsbCategory.ENVIRONMENTAL,
    subType: 'Litter',
    occurredAt: at(10),
    reportedAt: at(10),
    description: 'Rubbish',
    reporterPersonId: personId,
  });
  await em.flush();
  const tem = t.hub.subgraphs.triggers.db.orm.em.fork();
  const app = tem.create(TriggerApplication, {
    reference: `SDC-CT-PANEL-${n}`,
    authorityAgencyId: 'sevenoaks-dc',
    applicantPersonId: personId,
    channel: ApplicationChannel.ONLINE,
    applicantType: ApplicantType.VICTIM,
    recordedByAgencyId: 'sevenoaks-dc',
    consentToShare: true,
    status: ApplicationStatus.DECIDED,
    decision: TriggerDecision.THRESHOLD_MET,
    receivedAt: at(10),
    acknowledgedAt: at(10),
    decidedAt: at(8),
  });
  await tem.flush();
  return { personId, applicationId: app.id };
}

const OPEN = `mutation($a: ID!, $panel: [ID!]!, $chair: ID, $members: [PanelMemberInput!], $note: String) {
  openCaseReview(applicationId: $a, panelAgencyIds: $panel, chairAgencyId: $chair, members: $members, independenceNote: $note) {
    id secondStage panel { id } chair { id } independentChair independentMemberIncluded
    members { name role agency { id } independent chair } chairMember { name role } } }`;

/** Holds the meeting and sends the outcome (no actions: OUTCOME_SENT), then records the appeal. */
async function firstStageThenAppeal(c: { applicationId: string }, members: unknown[] | null, panel: string[]): Promise<string> {
  const id = (await ok(OPEN, { a: c.applicationId, panel, chair: members ? null : panel[0], members }, spoc)).openCaseReview.id;
  await ok(`mutation($r: ID!) { recordReviewMeeting(reviewId: $r, attendingAgencyIds: ["sevenoaks-dc", "kent-police"]) { id } }`, { r: id }, spoc);
  // The 2025 guidance: the victim is consulted on the action plan before the outcome is sent.
  await ok(`mutation($r: ID!) { recordVictimConsultation(reviewId: $r) { victimConsultedOnActionPlanAt } }`, { r: id }, spoc);
  await ok(`mutation($r: ID!) { sendReviewOutcome(reviewId: $r) { status } }`, { r: id }, spoc);
  await ok(
    `mutation($id: ID!) { appealApplication(applicationId: $id, reason: "The same officers looked at it again") { status } }`,
    { id: c.applicationId },
    spoc,
  );
  return id;
}

// Sevenoaks' first stage: the officers who dealt with the case.
const FIRST_STAGE = [
  { name: 'Priya Shah', role: 'Community Safety Officer', agencyId: 'sevenoaks-dc', chair: true },
  { name: 'Tom Reed', role: 'Police Sergeant', agencyId: 'kent-police' },
  { name: 'Hannah Cole', role: 'Tenancy Officer', agencyId: 'west-kent-housing' },
  { name: 'Sam Okafor', role: 'Team Lead', agencyId: 'kent-mental-health' },
];

beforeAll(async () => {
  t = await startTestHub({ seed: true });
  spoc = await tokenFor('sevenoaks-dc', 'spoc');
});
afterAll(async () => {
  await t?.stop();
});

describe('the panel as people (finding 11)', () => {
  it('records members with their roles and agencies; the chair is a person; independence is derived from the case', async () => {
    const c = await newCase();
    const review = (await ok(OPEN, { a: c.applicationId, panel: [], members: FIRST_STAGE }, spoc)).openCaseReview;
    expect(review.panel.map((a: any) => a.id)).toEqual(['sevenoaks-dc', 'kent-police', 'west-kent-housing', 'kent-mental-health']);
    expect(review.chair).toEqual({ id: 'sevenoaks-dc' });
    expect(review.chairMember).toEqual({ name: 'Priya Shah', role: 'Community Safety Officer' });
    expect(review.independentChair).toBe(false);
    expect(review.independentMemberIncluded).toBe(true);
    expect(review.members.map((m: any) => [m.name, m.agency?.id, m.independent, m.chair])).toEqual([
      ['Priya Shah', 'sevenoaks-dc', false, true],
      ['Tom Reed', 'kent-police', false, false],
      ['Hannah Cole', 'west-kent-housing', false, false],
      ['Sam Okafor', 'kent-mental-health', true, false],
    ]);
    // Panel agencies read them too (officers in their role, not the victim's data).
    const mh = await ok(
      `query($id: ID!) { caseReview(id: $id) { members { name } independentChair } }`,
      { id: review.id },
      await tokenFor('kent-mental-health', 'reviewer'),
    );
    expect(mh.caseReview.members).toHaveLength(4);
  });

  it.each([
    ['no chair', FIRST_STAGE.map((m) => ({ ...m, chair: false })), 'members'],
    ['two chairs', FIRST_STAGE.map((m) => ({ ...m, chair: true })), 'members[1].chair'],
    ['a member with no name', [...FIRST_STAGE, { name: ' ', role: 'Officer', agencyId: 'kent-fire' }], 'members[4].name'],
  ])('refuses a panel with %s, naming the field', async (_what, members, field) => {
    const c = await newCase();
    const res = await t.query<any>(OPEN, { a: c.applicationId, panel: [], members }, { token: spoc });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(JSON.stringify(res.errors)).not.toMatch(/Priya|Tom Reed/);
  });

  // The second stage, from the Sevenoaks and East Herts documents: independence of the people.
  const SECOND_STAGES: Array<[string, unknown[], { field: string } | null]> = [
    [
      'the CSP’s senior members with an elected member: the council and police take part again through other people',
      [
        { name: 'Helen Ward', role: 'Head of Community Safety (CSP)', agencyId: 'sevenoaks-dc', chair: true },
        { name: 'Raj Patel', role: 'District Commander (CSP)', agencyId: 'kent-police' },
        { name: 'Cllr Ann Lee', role: 'Elected member, portfolio holder', agencyId: 'sevenoaks-dc' },
        { name: 'Mark Evans', role: 'Head of Housing (CSP)', agencyId: 'moat-homes' },
      ],
      null,
    ],
    [
      'senior people of the agencies involved only (no independence note: none of them sat on the first stage)',
      [
        { name: 'Helen Ward', role: 'Head of Community Safety (CSP)', agencyId: 'sevenoaks-dc', chair: true },
        { name: 'Raj Patel', role: 'District Commander (CSP)', agencyId: 'kent-police' },
        { name: 'Cllr Ann Lee', role: 'Elected member, portfolio holder', agencyId: 'sevenoaks-dc' },
        { name: 'Jane Fox', role: 'Director of Housing (CSP)', agencyId: 'west-kent-housing' },
      ],
      null,
    ],
    [
      'an independent chair from the PCC’s office with senior partners',
      [
        { name: 'Dee Martin', role: 'Head of Victim Services', agencyId: 'kent-pcc', chair: true },
        { name: 'Helen Ward', role: 'Head of Community Safety (CSP)', agencyId: 'sevenoaks-dc' },
        { name: 'Raj Patel', role: 'District Commander (CSP)', agencyId: 'kent-police' },
      ],
      null,
    ],
    [
      'a first-stage officer sitting again (for another agency, name typed differently)',
      [
        { name: 'Helen Ward', role: 'Head of Community Safety (CSP)', agencyId: 'sevenoaks-dc', chair: true },
        { name: 'TOM  reed', role: 'Inspector', agencyId: 'kent-police' },
        { name: 'Mark Evans', role: 'Head of Housing (CSP)', agencyId: 'moat-homes' },
      ],
      { field: 'members[1].name' },
    ],
    ['agencies only, when the first stage named its people', [], { field: 'members' }],
  ];
  it.each(SECOND_STAGES)('second stage: %s', async (_what, members, refusal) => {
    const c = await newCase();
    const firstId = await firstStageThenAppeal(c, FIRST_STAGE, []);
    const vars = {
      a: c.applicationId,
      panel: members.length ? [] : ['kent-pcc', 'moat-homes', 'kent-fire'],
      chair: members.length ? null : 'kent-pcc',
      members: members.length ? members : null,
    };
    const res = await t.query<any>(OPEN, vars, { token: spoc });
    if (refusal) {
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', ...refusal });
      expect(JSON.stringify(res.errors)).not.toMatch(/reed/i);
      const app = await ok(`query($id: ID!) { triggerApplication(id: $id) { status } }`, { id: c.applicationId }, spoc);
      expect(app.triggerApplication.status).toBe('APPEALED');
      return;
    }
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const review = res.data!.openCaseReview;
    expect(review.secondStage).toBe(true);
    expect(review.panel.map((a: any) => a.id)).toContain('sevenoaks-dc');
    const linked = await ok(`query($id: ID!) { caseReview(id: $id) { firstStageReview { id members { name } } } }`, { id: review.id }, spoc);
    expect(linked.caseReview.firstStageReview.id).toBe(firstId);
  });

  it('a first stage recorded as agencies only still refuses its agencies on the second (who sat cannot be told)', async () => {
    const c = await newCase();
    await firstStageThenAppeal(c, null, ['sevenoaks-dc', 'kent-police', 'kent-mental-health']);
    const res = await t.query<any>(OPEN, { a: c.applicationId, panel: ['kent-pcc', 'moat-homes', 'kent-police'], chair: 'kent-pcc' }, { token: spoc });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'panelAgencyIds', reused: ['kent-police'] });
  });
});

describe('reviewsWithRecommendations (finding 12)', () => {
  const STATS = `query { triggerStatistics(authority: "sevenoaks-dc", from: "2020-01-01", to: "2035-12-31") { reviewsCarriedOut reviewsWithRecommendations } }`;
  const cases: Array<[string, { recommendation: boolean; action: boolean }, number]> = [
    ['a recommendation with no action item counts', { recommendation: true, action: false }, 1],
    ['an agreed action counts', { recommendation: false, action: true }, 1],
    ['neither: carried out, no recommendations', { recommendation: false, action: false }, 0],
  ];
  it.each(cases)('%s', async (_what, made, expected) => {
    const before = (await ok(STATS, {}, spoc)).triggerStatistics;
    const c = await newCase();
    const id = (await ok(OPEN, { a: c.applicationId, panel: ['sevenoaks-dc', 'kent-police', 'kent-mental-health'], chair: 'sevenoaks-dc' }, spoc))
      .openCaseReview.id;
    await ok(`mutation($r: ID!) { recordReviewMeeting(reviewId: $r, attendingAgencyIds: ["sevenoaks-dc"]) { id } }`, { r: id }, spoc);
    if (made.recommendation)
      await ok(`mutation($r: ID!) { recordFinding(reviewId: $r, kind: RECOMMENDATION, text: "Agencies share one case record") { id } }`, { r: id }, spoc);
    if (made.action) {
      await ok(
        `mutation($r: ID!, $due: Date!) { addActionItem(reviewId: $r, ownerAgencyId: "kent-police", description: "Patrols", dueOn: $due) { id } }`,
        { r: id, due: londonDate(new Date(Date.now() + 20 * DAY)) },
        spoc,
      );
    }
    // The 2025 guidance: the victim is consulted on the action plan before the outcome is sent.
    await ok(`mutation($r: ID!) { recordVictimConsultation(reviewId: $r) { victimConsultedOnActionPlanAt } }`, { r: id }, spoc);
    await ok(`mutation($r: ID!) { sendReviewOutcome(reviewId: $r, leadOfficer: "ASB Officer") { status } }`, { r: id }, spoc);
    const after = (await ok(STATS, {}, spoc)).triggerStatistics;
    expect(after.reviewsCarriedOut - before.reviewsCarriedOut).toBe(1);
    expect(after.reviewsWithRecommendations - before.reviewsWithRecommendations).toBe(expected);
  });
});

describe('referral by another agency (finding 13)', () => {
  let police: string;
  const REFER = `mutation($input: TriggerReferralInput!) { referTriggerApplication(input: $input) {
    id receivedVia receivedAt referredAt repeat note referringAgency { id } authority { id } application { id reference status channel } } }`;

  /** A person Kent Police holds, with a consent recorded by Kent Police naming `recipients`. */
  async function policeCase(recipients: string[]): Promise<string> {
    n++;
    const personId = (
      await ok(
        `mutation($input: PersonInput!) { registerPerson(input: $input) { id } }`,
        {
          input: {
            givenName: `Referred${n}`,
            familyName: 'Victim',
            dateOfBirth: new Date(Date.UTC(1984, 0, 1) + n * DAY).toISOString().slice(0, 10),
            postcode: 'TN14 5AA',
            phone: '07700 900123',
          },
        },
        police,
      )
    ).registerPerson.id;
    await ok(
      `mutation($input: ConsentInput!) { recordConsent(input: $input) { id } }`,
      {
        input: {
          personId,
          purposes: ['CASE_REVIEW'],
          categories: ['IDENTITY', 'CONTACT', 'INCIDENT_DETAIL'],
          captureMethod: 'PHONE',
          noticeVersion: 'kp-1',
          recipientAgencyIds: recipients,
        },
      },
      police,
    );
    return personId;
  }

  beforeAll(async () => {
    police = await tokenFor('kent-police', 'spoc');
  });

  it('lands in the authority SPOC’s queue, recorded on both sides, and the authority sees what the consent covers', async () => {
    const personId = await policeCase(['kent-police', 'sevenoaks-dc']);
    const received = new Date(Date.now() - 2 * DAY);
    const data = await ok(
      REFER,
      {
        input: {
          authorityId: 'sevenoaks-dc',
          applicantType: 'VICTIM',
          applicantPersonId: personId,
          consentToShare: true,
          receivedVia: 'PHONE',
          receivedAt: received.toISOString(),
          summary: 'Neighbours shouting every night',
          note: 'Called 101 asking for a case review',
        },
      },
      police,
    );
    const r = data.referTriggerApplication;
    expect(r).toMatchObject({
      receivedVia: 'PHONE',
      repeat: false,
      note: 'Called 101 asking for a case review',
      referringAgency: { id: 'kent-police' },
      authority: { id: 'sevenoaks-dc' },
    });
    expect(Date.parse(r.receivedAt)).toBe(received.getTime());
    // The authority received it when referred, in writing: its SPOC acknowledges it (2 working days).
    expect(r.application).toMatchObject({ status: 'RECEIVED', channel: 'WRITING' });
    expect(r.application.reference).toMatch(/^SDC-CT-\d{4}-\d{4}$/);

    // The authority's side: the work queue, the referrals received, the application's referrals; the person under the consent's grant.
    const queue = await ok(`query { triggerApplications { id status } }`, {}, spoc);
    expect(queue.triggerApplications.map((a: any) => a.id)).toContain(r.application.id);
    const received2 = await ok(`query { triggerReferrals(direction: RECEIVED) { id referringAgency { id } application { id } } }`, {}, spoc);
    expect(received2.triggerReferrals.find((x: any) => x.id === r.id)).toMatchObject({
      referringAgency: { id: 'kent-police' },
      application: { id: r.application.id },
    });
    const app = await ok(
      `query($id: ID!) { triggerApplication(id: $id) { summary referrals { id referringAgency { id } } applicant { givenName } } }`,
      { id: r.application.id },
      spoc,
    );
    expect(app.triggerApplication).toMatchObject({
      summary: 'Neighbours shouting every night',
      referrals: [{ id: r.id, referringAgency: { id: 'kent-police' } }],
      applicant: { givenName: `Referred${n}` },
    });

    // The referring agency's side: its referral, with where the application has got to.
    const sent = await ok(`query { triggerReferrals { id application { id status } } }`, {}, police);
    expect(sent.triggerReferrals.find((x: any) => x.id === r.id)).toMatchObject({ application: { id: r.application.id, status: 'RECEIVED' } });
    // Another agency sees neither side.
    const wardens = await ok(`query { triggerReferrals { id } }`, {}, await tokenFor('kent-wardens', 'spoc'));
    expect(wardens.triggerReferrals.map((x: any) => x.id)).not.toContain(r.id);
    const wardensReceived = await ok(`query { triggerReferrals(direction: RECEIVED) { id } }`, {}, await tokenFor('kent-wardens', 'spoc'));
    expect(wardensReceived.triggerReferrals).toEqual([]);
  });

  it('is not pursued without a consent naming the authority (access model v2)', async () => {
    const personId = await policeCase(['kent-police']);
    const r = (
      await ok(
        REFER,
        { input: { authorityId: 'sevenoaks-dc', applicantType: 'VICTIM', applicantPersonId: personId, consentToShare: true, receivedVia: 'ONLINE' } },
        police,
      )
    ).referTriggerApplication;
    expect(r.application.status).toBe('NOT_PURSUED');
    const app = await t.query<any>(
      `query($id: ID!) { triggerApplication(id: $id) { notPursuedReason applicant { givenName } } }`,
      { id: r.application.id },
      { token: spoc },
    );
    expect(app.data!.triggerApplication.notPursuedReason).toBe('NO_CONSENT_RECORD');
    // No grant: Kent Police's record of the person stays its own.
    expect(app.data!.triggerApplication.applicant.givenName).toBeNull();
    expect(app.errors!.some((e) => e.extensions!.code === 'FORBIDDEN' && e.extensions!.category === 'IDENTITY')).toBe(true);
  });

  it('joins the person’s open application as a repeat, not a second one', async () => {
    const personId = await policeCase(['kent-police', 'sevenoaks-dc']);
    const input = { authorityId: 'sevenoaks-dc', applicantType: 'VICTIM', applicantPersonId: personId, consentToShare: true, receivedVia: 'WRITING' };
    const first = (await ok(REFER, { input }, police)).referTriggerApplication;
    const again = (await ok(REFER, { input }, police)).referTriggerApplication;
    expect(again).toMatchObject({ repeat: true, application: { id: first.application.id } });
  });

  it.each([
    ['the authority referring to itself', 'sevenoaks-dc', 'spoc', 'sevenoaks-dc', 'BAD_USER_INPUT', 'input.authorityId'],
    ['to an agency that is not an authority', 'kent-police', 'spoc', 'west-kent-housing', 'BAD_USER_INPUT', 'input.authorityId'],
    ['by an analyst', 'kent-police', 'analyst', 'sevenoaks-dc', 'FORBIDDEN', undefined],
  ])('refuses %s', async (_what, agency, role, authorityId, code, field) => {
    const res = await t.query<any>(
      REFER,
      {
        input: { authorityId, applicantType: 'VICTIM', applicantPersonId: '0a11ce00-0000-4000-8000-000000000001', consentToShare: true, receivedVia: 'PHONE' },
      },
      {
        token: await tokenFor(agency, role as any),
      },
    );
    expect(res.errors![0].extensions).toMatchObject({ code, ...(field ? { field } : {}) });
  });
});

describe('review records: information responses (Kent) and Derbyshire’s templates', () => {
  let reviewId: string;
  let police: string;
  let mentalHealth: string;

  beforeAll(async () => {
    police = await tokenFor('kent-police', 'reviewer');
    mentalHealth = await tokenFor('kent-mental-health', 'reviewer');
    const c = await newCase();
    reviewId = (await ok(OPEN, { a: c.applicationId, panel: [], members: FIRST_STAGE }, spoc)).openCaseReview.id;
  });

  it('marks an answer as including vexatious reports or work in progress; a panel agency without the consent sees neither', async () => {
    const ask = `mutation($r: ID!, $a: ID!) { requestInformation(reviewId: $r, agencyId: $a, request: "Calls to the address", dueOn: "2035-01-01") { id } }`;
    const q = (await ok(ask, { r: reviewId, a: 'kent-police' }, spoc)).requestInformation.id;
    const q2 = (await ok(ask, { r: reviewId, a: 'kent-police' }, spoc)).requestInformation.id;
    const answer = `mutation($id: ID!, $v: Boolean, $w: Boolean) { respondToInformationRequest(id: $id, response: "Six calls; two judged vexatious; one investigation open", includesVexatiousReports: $v, includesWorkInProgress: $w) { includesVexatiousReports includesWorkInProgress } }`;
    expect((await ok(answer, { id: q, v: true, w: true }, police)).respondToInformationRequest).toEqual({
      includesVexatiousReports: true,
      includesWorkInProgress: true,
    });
    expect(
      (
        await ok(
          `mutation($id: ID!) { respondToInformationRequest(id: $id, response: "Nothing more") { includesVexatiousReports includesWorkInProgress } }`,
          { id: q2 },
          police,
        )
      ).respondToInformationRequest,
    ).toEqual({
      includesVexatiousReports: false,
      includesWorkInProgress: false,
    });
    const R = `query($id: ID!) { caseReview(id: $id) { informationRequests { id includesVexatiousReports includesWorkInProgress } } }`;
    const asSpoc = (await ok(R, { id: reviewId }, spoc)).caseReview.informationRequests.find((x: any) => x.id === q);
    expect(asSpoc).toMatchObject({ includesVexatiousReports: true, includesWorkInProgress: true });
    const mh = await t.query<any>(R, { id: reviewId }, { token: mentalHealth });
    expect(mh.data!.caseReview.informationRequests.find((x: any) => x.id === q)).toMatchObject({
      includesVexatiousReports: null,
      includesWorkInProgress: null,
    });
    expect(mh.errors!.every((e) => e.extensions!.code === 'FORBIDDEN' && e.extensions!.category === 'INCIDENT_DETAIL')).toBe(true);
  });

  it('records the meeting agenda (the template’s headings by default) and the action plan; the outcome takes the plan’s lead officer', async () => {
    const meetingAt = new Date(Date.now() + 3 * DAY).toISOString();
    const agenda = await ok(
      `mutation($input: CaseReviewAgendaInput!) { recordCaseReviewAgenda(input: $input) { id meetingAt venue finalReview items { heading notes leadAgency { id } } } }`,
      {
        input: { reviewId, meetingAt, venue: 'Council Offices, Argyle Road' },
      },
      spoc,
    );
    expect(agenda.recordCaseReviewAgenda.items.length).toBeGreaterThanOrEqual(8);
    expect(agenda.recordCaseReviewAgenda.items[0]).toEqual({ heading: 'Introductions and apologies', notes: null, leadAgency: null });
    const own = await ok(
      `mutation($input: CaseReviewAgendaInput!) { recordCaseReviewAgenda(input: $input) { items { heading notes leadAgency { id } } } }`,
      {
        input: { reviewId, meetingAt, items: [{ heading: 'Police information', leadAgencyId: 'kent-police', notes: 'Six calls since March' }] },
      },
      spoc,
    );
    expect(own.recordCaseReviewAgenda.items).toEqual([{ heading: 'Police information', notes: 'Six calls since March', leadAgency: { id: 'kent-police' } }]);
    const refused = await t.query<any>(
      `mutation($input: CaseReviewAgendaInput!) { recordCaseReviewAgenda(input: $input) { id } }`,
      { input: { reviewId, meetingAt } },
      { token: police },
    );
    expect(refused.errors![0].extensions!.code).toBe('FORBIDDEN');

    const due = londonDate(new Date(Date.now() + 30 * DAY));
    await ok(
      `mutation($r: ID!, $due: Date!) { addActionItem(reviewId: $r, ownerAgencyId: "kent-police", description: "Joint visit", dueOn: $due) { id } }`,
      { r: reviewId, due },
      spoc,
    );
    const PLAN = `mutation($input: CaseReviewActionPlanInput!) { recordActionPlan(input: $input) { version issues desiredOutcome leadOfficer reviewOn actions { description } } }`;
    const plan = await ok(
      PLAN,
      {
        input: {
          reviewId,
          issues: 'Noise and intimidation at night',
          desiredOutcome: 'To sleep at night',
          leadOfficer: 'ASB Team Leader',
          reviewOn: londonDate(new Date(Date.now() + 180 * DAY)),
        },
      },
      spoc,
    );
    expect(plan.recordActionPlan).toMatchObject({
      version: 1,
      issues: 'Noise and intimidation at night',
      leadOfficer: 'ASB Team Leader',
      actions: [{ description: 'Joint visit' }],
    });
    expect(
      (await ok(PLAN, { input: { reviewId, issues: 'Noise, intimidation and litter', leadOfficer: 'ASB Team Leader' } }, spoc)).recordActionPlan.version,
    ).toBe(2);
    const bad = await t.query<any>(PLAN, { input: { reviewId, issues: ' ' } }, { token: spoc });
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.issues' });

    await ok(`mutation($r: ID!) { recordReviewMeeting(reviewId: $r, attendingAgencyIds: ["sevenoaks-dc", "kent-police"]) { id } }`, { r: reviewId }, spoc);
    // The 2025 guidance: the victim is consulted on the action plan before the outcome is sent.
    await ok(`mutation($r: ID!) { recordVictimConsultation(reviewId: $r) { victimConsultedOnActionPlanAt } }`, { r: reviewId }, spoc);
    const sent = await ok(`mutation($r: ID!) { sendReviewOutcome(reviewId: $r) { status application { id } } }`, { r: reviewId }, spoc);
    expect(sent.sendReviewOutcome.status).toBe('ACTION_PLAN');
    const letters = await ok(
      `query($id: ID!) { triggerApplication(id: $id) { leadOfficer letters { kind text } } }`,
      { id: sent.sendReviewOutcome.application.id },
      spoc,
    );
    expect(letters.triggerApplication.leadOfficer).toBe('ASB Team Leader');
    expect(letters.triggerApplication.letters.find((l: any) => l.kind === 'CT4').text).toContain('ASB Team Leader');
  });

  it('records a perpetrator proportionality assessment: kept to the agencies that made it', async () => {
    const A = `mutation($input: PerpetratorProportionalityAssessmentInput!) { recordPerpetratorProportionalityAssessment(input: $input) { id conclusion necessary reasons assessedByAgency { id } } }`;
    const input = {
      reviewId,
      proposedAction: 'Community Protection Notice',
      circumstances: 'Lives with two young children',
      necessary: true,
      lessIntrusiveOptions: 'Warning letter; acceptable behaviour contract',
      impactOnOthers: 'Household could lose the tenancy if breached',
      conclusion: 'PROPORTIONATE',
      reasons: 'Behaviour continued after the contract',
    };
    const made = (await ok(A, { input }, police)).recordPerpetratorProportionalityAssessment;
    expect(made).toMatchObject({ conclusion: 'PROPORTIONATE', necessary: true, assessedByAgency: { id: 'kent-police' } });
    const notNecessary = await t.query<any>(A, { input: { ...input, necessary: false } }, { token: police });
    expect(notNecessary.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.conclusion' });
    const outsider = await t.query<any>(A, { input }, { token: await tokenFor('kent-wardens', 'reviewer') });
    expect(outsider.errors![0].extensions!.code).toBe('FORBIDDEN');

    const R = `query($id: ID!) { caseReview(id: $id) { proportionalityAssessments { id proposedAction circumstances conclusion reasons } } }`;
    expect((await ok(R, { id: reviewId }, spoc)).caseReview.proportionalityAssessments[0]).toMatchObject({
      id: made.id,
      proposedAction: 'Community Protection Notice',
      circumstances: 'Lives with two young children',
    });
    const mh = await t.query<any>(R, { id: reviewId }, { token: mentalHealth });
    expect(mh.data!.caseReview.proportionalityAssessments[0]).toMatchObject({ id: made.id, proposedAction: null, circumstances: null, reasons: null });
    expect(mh.errors!.map((e) => e.extensions!.category)).toEqual(expect.arrayContaining(['INCIDENT_DETAIL', 'SPECIAL_CATEGORY']));
  });
});

describe('agencies kept by an admin', () => {
  const REGISTER = `mutation($input: AgencyInput!) { registerAgency(input: $input) { id name kind area isAuthority contacts { name email phone purpose } } }`;

  it('an admin registers an agency with its contacts; its users are known at once; an update changes only what is given', async () => {
    const admin = await tokenFor('kent-police', 'admin');
    const input = {
      id: 'sevenoaks-fire-station',
      name: 'Sevenoaks Fire Station',
      kind: 'FIRE',
      area: 'kent',
      contacts: [{ name: 'Station Manager', email: 'sevenoaks@kfrs.example', purpose: 'Case review requests' }],
    };
    const before = await t.query<any>(`query { agencies { id } }`, {}, { token: await tokenFor('sevenoaks-fire-station', 'reviewer') });
    expect(before.errors![0].extensions!.code).toBe('FORBIDDEN');
    const made = (await ok(REGISTER, { input }, admin)).registerAgency;
    expect(made).toEqual({
      id: 'sevenoaks-fire-station',
      name: 'Sevenoaks Fire Station',
      kind: 'FIRE',
      area: 'kent',
      isAuthority: false,
      contacts: [{ name: 'Station Manager', email: 'sevenoaks@kfrs.example', phone: null, purpose: 'Case review requests' }],
    });
    const after = await ok(`query { agency(id: "sevenoaks-fire-station") { name } }`, {}, await tokenFor('sevenoaks-fire-station', 'reviewer'));
    expect(after.agency.name).toBe('Sevenoaks Fire Station');
    const again = await t.query<any>(REGISTER, { input }, { token: admin });
    expect(again.errors![0].extensions!.code).toBe('CONFLICT');
    const updated = await ok(
      `mutation { updateAgency(id: "sevenoaks-fire-station", input: { name: "Kent Fire and Rescue Service, Sevenoaks", contacts: [{ name: "Community Safety", phone: "01622 692121" }] }) { name kind contacts { name phone email } updatedAt } }`,
      {},
      admin,
    );
    expect(updated.updateAgency).toMatchObject({
      name: 'Kent Fire and Rescue Service, Sevenoaks',
      kind: 'FIRE',
      contacts: [{ name: 'Community Safety', phone: '01622 692121', email: null }],
    });
    expect(updated.updateAgency.updatedAt).toBeTruthy();
  });

  it.each([
    ['a SPOC registering', 'spoc', { id: 'x-agency', name: 'X', kind: 'OTHER', area: 'kent' }, 'FORBIDDEN', undefined],
    [
      'an authority that is not a council',
      'admin',
      { id: 'x-housing', name: 'X', kind: 'HOUSING', area: 'kent', isAuthority: true },
      'BAD_USER_INPUT',
      'input.isAuthority',
    ],
    [
      'a contact with no way to reach it',
      'admin',
      { id: 'x-wardens', name: 'X', kind: 'WARDEN', area: 'kent', contacts: [{ name: 'Team' }] },
      'BAD_USER_INPUT',
      'input.contacts.0',
    ],
  ])('refuses %s', async (_what, role, input, code, field) => {
    const res = await t.query<any>(REGISTER, { input }, { token: await tokenFor('sevenoaks-dc', role as any) });
    expect(res.errors![0].extensions).toMatchObject({ code, ...(field ? { field } : {}) });
  });

  it('each demo partnership can hold a first-stage and a separate second-stage review', async () => {
    const all = (await ok(`query { agencies { id kind area isAuthority } }`, {}, spoc)).agencies as Array<{
      id: string;
      kind: string;
      area: string;
      isAuthority: boolean;
    }>;
    for (const area of ['kent', 'hertfordshire', 'derbyshire']) {
      const of = all.filter((a) => a.area === area && a.id !== 'sevenoaks-fire-station');
      const kinds = of.map((a) => a.kind);
      expect(of.length, area).toBeGreaterThanOrEqual(6);
      expect(of.filter((a) => a.isAuthority && a.kind === 'COUNCIL').length, area).toBeGreaterThanOrEqual(1);
      expect(kinds.filter((k) => k === 'HOUSING').length, area).toBeGreaterThanOrEqual(2);
      for (const k of ['POLICE', 'FIRE', 'PCC']) expect(kinds, `${area} ${k}`).toContain(k);
      expect(
        kinds.some((k) => k === 'WARDEN' || k === 'HEALTH'),
        area,
      ).toBe(true);
    }
  });
});
