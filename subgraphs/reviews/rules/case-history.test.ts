import { describe, expect, it } from 'vitest';
import type { HistoryIncident } from '../clients/peers';
import { buildCaseHistory, CaseHistoryKind, foldIncidents } from './case-history';

const H = 3_600_000;
const base = Date.parse('2026-06-01T10:00:00Z');
let n = 0;
function incident(p: Partial<HistoryIncident> & { hours: number }): HistoryIncident {
  n++;
  const at = new Date(base + p.hours * H).toISOString();
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    source: 'POLICE' as never,
    agencyId: 'kent-police',
    sourceRef: `R${n}`,
    category: 'NUISANCE' as never,
    subType: null,
    occurredAt: at,
    reportedAt: at,
    description: `d${n}`,
    location: null,
    reporterPersonId: 'p1',
    personIds: [],
    actions: [],
    ...p,
  };
}
const empty = { reviews: [], meetings: [], requests: [], findings: [], actions: [] };

describe('folding the same incident reported to several agencies', () => {
  it('folds the same person and category within 48 hours across agencies into one group', () => {
    const groups = foldIncidents([
      incident({ hours: 0 }),
      incident({ hours: 20, agencyId: 'west-kent-housing', source: 'HOUSING' as never }),
      incident({ hours: 47, agencyId: 'kent-wardens', source: 'WARDEN' as never }),
    ]);
    expect(groups.map((g) => g.map((i) => i.agencyId))).toEqual([['kent-police', 'west-kent-housing', 'kent-wardens']]);
  });

  it('keeps apart: two reports to one agency, another category, another person, more than 48 hours later', () => {
    const groups = foldIncidents([
      incident({ hours: 0 }),
      incident({ hours: 1 }),
      incident({ hours: 2, agencyId: 'x', category: 'PERSONAL' as never }),
      incident({ hours: 3, agencyId: 'y', reporterPersonId: 'p2' }),
      incident({ hours: 50, agencyId: 'z' }),
    ]);
    expect(groups.map((g) => g.length)).toEqual([1, 1, 1, 1, 1]);
  });

  it('follows the incidents subgraph’s same-incident clusters where it has placed the reports, in both directions', () => {
    const groups = foldIncidents([
      // Linked by the hub (same UPRN) although 5 days apart and of different categories: one entry.
      incident({ hours: 0, clusterId: 'c-1' }),
      incident({ hours: 120, agencyId: 'west-kent-housing', category: 'PERSONAL' as never, clusterId: 'c-1' }),
      // Within 48 hours, same person and category, but a SPOC undid the link: two entries.
      incident({ hours: 200, clusterId: 'c-2' }),
      incident({ hours: 201, agencyId: 'kent-wardens', clusterId: 'c-3' }),
      // Unplaced reports still fold by the fallback rule, and never into a placed cluster.
      incident({ hours: 300, agencyId: 'a' }),
      incident({ hours: 301, agencyId: 'b' }),
      incident({ hours: 300.5, agencyId: 'c', clusterId: 'c-4' }),
    ]);
    expect(groups.map((g) => g.map((i) => i.agencyId))).toEqual([['kent-police', 'west-kent-housing'], ['kent-police'], ['kent-wardens'], ['a', 'b'], ['c']]);
  });

  it('builds one chronological timeline with labelled, folded incidents and their actions', () => {
    const entries = buildCaseHistory({
      incidents: [
        incident({
          hours: 5,
          agencyId: 'west-kent-housing',
          source: 'HOUSING' as never,
          actions: [{ at: new Date(base + 30 * H).toISOString(), action: 'Letter', by: null }],
        }),
        incident({ hours: 0 }),
      ],
      application: null,
      records: empty,
      personId: 'p1',
    });
    expect(entries.map((e) => e.kind)).toEqual([CaseHistoryKind.INCIDENT, CaseHistoryKind.AGENCY_ACTION]);
    expect(entries[0].agencyIds).toEqual(['kent-police', 'west-kent-housing']);
    expect(entries[0].title).toMatch(/\[police, housing\]/);
    expect(entries[0].reports.map((r) => r.controllerAgencyIds)).toEqual([['kent-police'], ['west-kent-housing']]);
  });

  it('shows each change of the victim’s named contact and chosen involvement, in time order, with no detail', () => {
    const at = (hours: number) => new Date(base + hours * H).toISOString();
    const application = {
      id: 'a1', reference: 'SDC-CT-2026-0001', authorityAgencyId: 'sevenoaks-dc', subjectPersonId: 'p1', channel: 'ONLINE', applicantType: 'VICTIM', status: 'ACKNOWLEDGED',
      receivedAt: at(0), acknowledgedAt: null, decision: null, decidedAt: null, decisionReason: null, reviewStartedAt: null, outcomeSentAt: null, actionPlanAt: null,
      finalReviewAt: null, appealedAt: null, appealReason: null, closedAt: null, letters: [],
      victimEvents: [
        { at: at(2), kind: 'INVOLVEMENT', title: "Victim's involvement: send a written account to the panel instead of attending (chosen by the applicant on their page)" },
        { at: at(1), kind: 'CONTACT', title: "Victim's single point of contact named: Neighbourhood officer, kent-police" },
      ],
    };
    const entries = buildCaseHistory({ incidents: [], application, records: empty, personId: 'p1' });
    const victim = entries.filter((e) => e.kind === CaseHistoryKind.VICTIM);
    expect(victim.map((e) => e.title)).toEqual([application.victimEvents[1].title, application.victimEvents[0].title]);
    expect(victim.every((e) => e.detail === null && e.controllerAgencyIds.join() === 'sevenoaks-dc')).toBe(true);
  });
});

describe('the victim risk assessments in the case history', () => {
  it('are entries of their own, without the band (special category) in the headline or the incident-detail text', () => {
    const application = {
      id: 'a1', reference: 'SDC-CT-2026-0001', authorityAgencyId: 'sevenoaks-dc', subjectPersonId: 'p1', channel: 'PHONE', applicantType: 'VICTIM', status: 'ACKNOWLEDGED',
      receivedAt: '2026-06-01T09:00:00Z', acknowledgedAt: null, decision: null, decidedAt: null, decisionReason: null, reviewStartedAt: null, outcomeSentAt: null,
      actionPlanAt: null, finalReviewAt: null, appealedAt: null, appealReason: null, closedAt: null, letters: [],
      pccReview: { id: 'pcc1', reviewer: 'the Kent Police and Crime Commissioner', requestedAt: '2026-06-03T09:00:00Z', result: 'DECISION_UPHELD', resultAt: '2026-07-01T09:00:00Z' },
      riskAssessments: [
        { id: 'r1', stage: 'INITIAL', assessedAt: '2026-06-02T09:00:00Z' },
        { id: 'r2', stage: 'FINAL_REVIEW', assessedAt: '2026-12-02T09:00:00Z' },
      ],
    };
    const entries = buildCaseHistory({ incidents: [], application, records: empty, personId: 'p1' }).filter((e) => e.kind === CaseHistoryKind.RISK_ASSESSMENT);
    expect(entries.map((e) => [e.id, e.title, e.detail, e.controllerAgencyIds])).toEqual([
      ['risk:r1', 'Victim risk assessment recorded (initial)', null, ['sevenoaks-dc']],
      ['risk:r2', 'Victim risk assessment recorded (at the final review)', null, ['sevenoaks-dc']],
    ]);
  });
});

describe('the PCC review in the case history', () => {
  it('shows the request and the result as appeal entries of the authority', () => {
    const application = {
      id: 'a1', reference: 'SDC-CT-2026-0001', authorityAgencyId: 'sevenoaks-dc', subjectPersonId: 'p1', channel: 'PHONE', applicantType: 'VICTIM', status: 'DECIDED',
      receivedAt: '2026-06-01T09:00:00Z', acknowledgedAt: null, decision: 'THRESHOLD_NOT_MET', decidedAt: '2026-06-02T09:00:00Z', decisionReason: null, reviewStartedAt: null, outcomeSentAt: null,
      actionPlanAt: null, finalReviewAt: null, appealedAt: null, appealReason: null, closedAt: null, letters: [],
      pccReview: { id: 'pcc1', reviewer: 'the Kent Police and Crime Commissioner', requestedAt: '2026-06-03T09:00:00Z', result: 'REVIEW_RECOMMENDED', resultAt: '2026-07-01T09:00:00Z' },
    };
    const entries = buildCaseHistory({ incidents: [], application, records: empty, personId: 'p1' }).filter((e) => e.kind === CaseHistoryKind.APPEAL);
    expect(entries.map((e) => e.title)).toEqual([
      'The victim asked the Kent Police and Crime Commissioner to review the "threshold not met" decision',
      'Result of the review by the Kent Police and Crime Commissioner: a case review was recommended',
    ]);
  });
});
