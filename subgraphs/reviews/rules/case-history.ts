import type { AsbCategory, IncidentSource } from '../../shared/enums';
import type { ApplicationHistory, HistoryIncident } from '../clients/peers';
import type { CaseReview } from '../entities/CaseReview';
import type { ActionItem, InformationRequest, ReviewFinding, ReviewMeeting, VictimMeetingInvitation } from '../entities/ReviewRecords';

/**
 * The consolidated case history: one chronological timeline of a case from the incidents (all
 * sources), the application (triggers) and the review's own records. Pure: the resolver fetches
 * the parts (a constant number of calls and statements) and the GraphQL layer filters each entry's
 * personal text by the reader's access.
 *
 * De-duplication. The same incident reported to several agencies is ONE entry naming every agency
 * that received it. Where the incidents subgraph's linker has placed a report in a same-incident
 * cluster (`Incident.clusterId`, subgraphs/incidents/rules/same-incident.ts, which a SPOC can undo),
 * that cluster is the entry: its decision is final, in both directions. Reports it has not placed
 * (loaded outside submitIncidents) are folded here: the same person, the same ASB category,
 * occurring within 48 hours of the entry's first report, reported to an agency not already in the
 * entry (one agency's two reports are two incidents).
 */
export const SAME_INCIDENT_WINDOW_MS = 48 * 3_600_000;

export enum CaseHistoryKind {
  INCIDENT = 'INCIDENT',
  AGENCY_ACTION = 'AGENCY_ACTION',
  APPLICATION = 'APPLICATION',
  DECISION = 'DECISION',
  APPEAL = 'APPEAL',
  LETTER = 'LETTER',
  REVIEW = 'REVIEW',
  MEETING = 'MEETING',
  INFORMATION_REQUEST = 'INFORMATION_REQUEST',
  INFORMATION_RESPONSE = 'INFORMATION_RESPONSE',
  FINDING = 'FINDING',
  RECOMMENDATION = 'RECOMMENDATION',
  ACTION_ITEM = 'ACTION_ITEM',
  ACTION_COMPLETED = 'ACTION_COMPLETED',
  /** The victim's named contact set, or their chosen involvement in the review. */
  VICTIM = 'VICTIM',
  RISK_ASSESSMENT = 'RISK_ASSESSMENT',
}

/** Whose personal data a piece of text is, and which agencies control it (they always see it). */
export interface GuardedSubject {
  personId: string | null;
  controllerAgencyIds: string[];
}

export interface HistoryReport extends GuardedSubject {
  incidentId: string;
  source: IncidentSource;
  agencyId: string;
  sourceRef: string;
  occurredAt: Date;
  reportedAt: Date;
  /** The narrative and location (INCIDENT_DETAIL of the person). */
  detail: string | null;
}

export interface HistoryEntry extends GuardedSubject {
  id: string;
  at: Date;
  kind: CaseHistoryKind;
  /** Every source the entry came from (incidents: police, housing, warden). */
  sources: IncidentSource[];
  agencyIds: string[];
  /** A non-personal headline: what happened, with whom, no narrative. */
  title: string;
  /** Personal text (INCIDENT_DETAIL): the narrative, answer, finding, reason. */
  detail: string | null;
  category: AsbCategory | null;
  /** The incident reports folded into this entry (one per agency that received it). */
  reports: HistoryReport[];
  /** The record it comes from: incident, letter, request, finding, action item, ... */
  refId: string;
}

const SOURCE_LABEL: Record<string, string> = { POLICE: 'police', HOUSING: 'housing', WARDEN: 'warden' };
const KIND_ORDER = Object.values(CaseHistoryKind);
const d = (v: string | Date) => (v instanceof Date ? v : new Date(v));
const join = (...parts: Array<string | null | undefined>) => parts.filter((p) => p && p.trim()).join(' — ') || null;

/** The subject of an incident: the reporter, else the first person concerned. */
const subjectOf = (i: HistoryIncident) => i.reporterPersonId ?? i.personIds[0] ?? null;

/** Unplaced incidents with the same key may fold together. */
const clusterKey = (i: HistoryIncident) => `${subjectOf(i) ?? '-'}|${i.category}`;

const byTime = (a: HistoryIncident, b: HistoryIncident) => d(a.occurredAt).getTime() - d(b.occurredAt).getTime() || a.id.localeCompare(b.id);

/** Folds the same incident reported to several agencies into one group; input in any order. */
export function foldIncidents(incidents: HistoryIncident[]): HistoryIncident[][] {
  const clusters = new Map<string, HistoryIncident[]>();
  const unplaced: HistoryIncident[] = [];
  for (const i of incidents) {
    if (!i.clusterId) unplaced.push(i);
    else if (clusters.has(i.clusterId)) clusters.get(i.clusterId)!.push(i);
    else clusters.set(i.clusterId, [i]);
  }
  const groups = [...[...clusters.values()].map((g) => g.sort(byTime)), ...foldUnplaced(unplaced)];
  return groups.sort((a, b) => byTime(a[0], b[0]));
}

/** The fallback for reports the linker has not placed: same subject and category within 48 hours. */
function foldUnplaced(incidents: HistoryIncident[]): HistoryIncident[][] {
  const sorted = [...incidents].sort(byTime);
  const open = new Map<string, HistoryIncident[][]>();
  const groups: HistoryIncident[][] = [];
  for (const incident of sorted) {
    const key = clusterKey(incident);
    const candidates = open.get(key) ?? [];
    const at = d(incident.occurredAt).getTime();
    const group = candidates.find((g) => at - d(g[0].occurredAt).getTime() <= SAME_INCIDENT_WINDOW_MS && !g.some((x) => x.agencyId === incident.agencyId));
    if (group) group.push(incident);
    else {
      const g = [incident];
      groups.push(g);
      // Keep only groups still inside the window as candidates.
      open.set(key, [...candidates.filter((c) => at - d(c[0].occurredAt).getTime() <= SAME_INCIDENT_WINDOW_MS), g]);
    }
  }
  return groups;
}

function incidentEntries(incidents: HistoryIncident[]): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  for (const group of foldIncidents(incidents)) {
    const first = group[0];
    const reports: HistoryReport[] = group.map((i) => ({
      incidentId: i.id,
      source: i.source,
      agencyId: i.agencyId,
      sourceRef: i.sourceRef,
      occurredAt: d(i.occurredAt),
      reportedAt: d(i.reportedAt),
      detail: join(i.description, i.location),
      personId: subjectOf(i),
      controllerAgencyIds: [i.agencyId],
    }));
    const agencyIds = [...new Set(group.map((i) => i.agencyId))];
    const sources = [...new Set(group.map((i) => i.source))];
    entries.push({
      id: `incident:${first.id}`,
      at: d(first.occurredAt),
      kind: CaseHistoryKind.INCIDENT,
      sources,
      agencyIds,
      category: first.category,
      title: `${first.category}${first.subType ? ` (${first.subType})` : ''} incident reported to ${agencyIds.join(', ')} [${sources.map((s) => SOURCE_LABEL[s] ?? s).join(', ')}]${group.length > 1 ? `: one incident, ${group.length} reports` : ''}`,
      detail: reports[0].detail,
      personId: reports[0].personId,
      controllerAgencyIds: reports[0].controllerAgencyIds,
      reports,
      refId: first.id,
    });
    for (const i of group) {
      for (const [n, a] of i.actions.entries()) {
        entries.push({
          id: `action:${i.id}:${n}`,
          at: d(a.at),
          kind: CaseHistoryKind.AGENCY_ACTION,
          sources: [i.source],
          agencyIds: [i.agencyId],
          category: i.category,
          title: `Action by ${i.agencyId} on incident ${i.sourceRef}`,
          detail: join(a.action, a.by ? `by ${a.by}` : null),
          personId: subjectOf(i),
          controllerAgencyIds: [i.agencyId],
          reports: [],
          refId: i.id,
        });
      }
    }
  }
  return entries;
}

function applicationEntries(app: ApplicationHistory): HistoryEntry[] {
  const base = {
    sources: [],
    agencyIds: [app.authorityAgencyId],
    category: null,
    personId: app.subjectPersonId,
    controllerAgencyIds: [app.authorityAgencyId],
    reports: [],
    refId: app.id,
  };
  const out: HistoryEntry[] = [];
  const add = (at: string | null, kind: CaseHistoryKind, suffix: string, title: string, detail: string | null = null) => {
    if (at) out.push({ ...base, id: `application:${app.id}:${suffix}`, at: d(at), kind, title, detail });
  };
  add(app.receivedAt, CaseHistoryKind.APPLICATION, 'received', `Application ${app.reference} received (${app.channel}, applicant: ${app.applicantType})`);
  add(app.acknowledgedAt, CaseHistoryKind.APPLICATION, 'acknowledged', `Application ${app.reference} acknowledged`);
  add(app.decidedAt, CaseHistoryKind.DECISION, 'decided', `Threshold decision: ${app.decision ?? 'recorded'}`, app.decisionReason);
  add(app.reviewStartedAt, CaseHistoryKind.APPLICATION, 'review', 'Case review begun');
  add(app.outcomeSentAt, CaseHistoryKind.APPLICATION, 'outcome', 'Review outcome sent to the applicant');
  add(app.actionPlanAt, CaseHistoryKind.APPLICATION, 'action-plan', 'Action plan started');
  add(app.finalReviewAt, CaseHistoryKind.APPLICATION, 'final-review', 'Final review started');
  add(app.appealedAt, CaseHistoryKind.APPEAL, 'appealed', 'The applicant asked for a second-stage review', app.appealReason);
  add(app.closedAt, CaseHistoryKind.APPLICATION, 'closed', `Application ${app.reference} closed`);
  // The band is the victim's special category data and `detail` is guarded as INCIDENT_DETAIL: the
  // entry says an assessment was made; the band is read on TriggerApplication.riskAssessments.
  const STAGE: Record<string, string> = { INITIAL: 'initial', REASSESSMENT: 'reassessment', FINAL_REVIEW: 'at the final review' };
  for (const r of app.riskAssessments ?? []) {
    out.push({ ...base, id: `risk:${r.id}`, at: d(r.assessedAt), kind: CaseHistoryKind.RISK_ASSESSMENT, title: `Victim risk assessment recorded (${STAGE[r.stage] ?? r.stage})`, detail: null, refId: r.id });
  }
  const pcc = app.pccReview;
  if (pcc) {
    out.push({ ...base, id: `pcc-review:${pcc.id}`, at: d(pcc.requestedAt), kind: CaseHistoryKind.APPEAL, title: `The victim asked ${pcc.reviewer} to review the "threshold not met" decision`, detail: null, refId: pcc.id });
    const RESULT: Record<string, string> = { DECISION_UPHELD: 'the decision was upheld', REVIEW_RECOMMENDED: 'a case review was recommended' };
    if (pcc.resultAt && pcc.result) {
      out.push({ ...base, id: `pcc-review:${pcc.id}:result`, at: d(pcc.resultAt), kind: CaseHistoryKind.APPEAL, title: `Result of the review by ${pcc.reviewer}: ${RESULT[pcc.result] ?? pcc.result}`, detail: null, refId: pcc.id });
    }
  }
  for (const l of app.letters) {
    out.push({
      ...base,
      id: `letter:${l.id}`,
      at: d(l.sentAt),
      kind: CaseHistoryKind.LETTER,
      title: `Letter ${l.kind} sent: ${l.subject}`,
      detail: null,
      refId: l.id,
    });
  }
  for (const [n, e] of (app.victimEvents ?? []).entries()) {
    out.push({ ...base, id: `application:${app.id}:victim:${n}`, at: d(e.at), kind: CaseHistoryKind.VICTIM, title: e.title, detail: null });
  }
  return out;
}

export interface ReviewRecords {
  reviews: CaseReview[];
  meetings: ReviewMeeting[];
  /** The victim's invitations to meetings (absent: none recorded). */
  invitations?: VictimMeetingInvitation[];
  requests: InformationRequest[];
  findings: ReviewFinding[];
  actions: ActionItem[];
}

function reviewEntries(r: ReviewRecords, personId: string | null): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  const entry = (e: Omit<HistoryEntry, 'sources' | 'category' | 'reports' | 'personId' | 'detail'> & { detail?: string | null }) =>
    out.push({ sources: [], category: null, reports: [], personId, detail: null, ...e });
  for (const review of r.reviews) {
    const stage = review.secondStage ? 'Second-stage review' : 'Case review';
    const independence = review.independentAgencyIds.length
      ? `not previously involved: ${review.independentAgencyIds.join(', ')}`
      : `no agency outside those involved${review.independenceNote ? ` (${review.independenceNote})` : ''}`;
    const own = { agencyIds: review.panelAgencyIds, controllerAgencyIds: [review.openedByAgencyId], refId: review.id };
    entry({ ...own, id: `review:${review.id}:opened`, at: review.openedAt, kind: CaseHistoryKind.REVIEW, title: `${stage} opened; panel ${review.panelAgencyIds.join(', ')}, chair ${review.chairAgencyId ?? 'independent of the agencies'}; ${independence}` });
    if (review.victimInvitedAt) entry({ ...own, id: `review:${review.id}:invited`, at: review.victimInvitedAt, kind: CaseHistoryKind.REVIEW, title: `${stage}: the victim was invited` });
    if (review.victimConsultedOnActionPlanAt) {
      entry({ ...own, id: `review:${review.id}:consulted`, at: review.victimConsultedOnActionPlanAt, kind: CaseHistoryKind.REVIEW, title: `${stage}: the victim was consulted on the action plan` });
    } else if (review.victimNotConsultedReason && review.outcomeSentAt) {
      entry({ ...own, id: `review:${review.id}:not-consulted`, at: review.outcomeSentAt, kind: CaseHistoryKind.REVIEW, title: `${stage}: the outcome was sent without consulting the victim on the action plan`, detail: review.victimNotConsultedReason });
    }
    if (review.finalReviewAt) entry({ ...own, id: `review:${review.id}:final`, at: review.finalReviewAt, kind: CaseHistoryKind.REVIEW, title: `${stage}: final review of the action plan` });
    if (review.closedAt) entry({ ...own, id: `review:${review.id}:closed`, at: review.closedAt, kind: CaseHistoryKind.REVIEW, title: `${stage} closed` });
  }
  for (const i of r.invitations ?? []) {
    const when = i.meetingAt ? ` on ${i.meetingAt.toISOString().slice(0, 10)}` : '';
    entry({
      id: `invitation:${i.id}`, at: i.invitedAt, kind: CaseHistoryKind.REVIEW, agencyIds: [i.authorityAgencyId], controllerAgencyIds: [i.authorityAgencyId], refId: i.id,
      title: `The victim was invited to the ${i.finalReview ? 'final review meeting' : 'panel meeting'}${when} (${i.mode === 'VIRTUAL' ? 'virtual' : 'in person'})`,
    });
  }
  for (const m of r.meetings) {
    const victim = m.victimAttended == null ? '' : m.victimAttended ? '; the victim attended' : '; the victim did not attend';
    entry({
      id: `meeting:${m.id}`,
      at: m.heldAt,
      kind: CaseHistoryKind.MEETING,
      agencyIds: m.attendingAgencyIds,
      controllerAgencyIds: [m.authorityAgencyId],
      refId: m.id,
      title: `${m.finalReview ? 'Final review meeting' : 'Panel meeting'} held; attended by ${m.attendingAgencyIds.join(', ') || 'no agency'}${victim}`,
    });
  }
  for (const q of r.requests) {
    const ctl = [q.authorityAgencyId, q.agencyId];
    entry({
      id: `request:${q.id}`,
      at: q.requestedAt,
      kind: CaseHistoryKind.INFORMATION_REQUEST,
      agencyIds: [q.agencyId],
      controllerAgencyIds: ctl,
      refId: q.id,
      title: `Information requested from ${q.agencyId}, due ${q.dueOn}`,
      detail: q.request,
    });
    if (q.respondedAt)
      entry({
        id: `response:${q.id}`,
        at: q.respondedAt,
        kind: CaseHistoryKind.INFORMATION_RESPONSE,
        agencyIds: [q.agencyId],
        controllerAgencyIds: ctl,
        refId: q.id,
        title: `Information provided by ${q.agencyId}`,
        detail: q.response ?? null,
      });
  }
  for (const f of r.findings) {
    const kind = f.kind === 'RECOMMENDATION' ? CaseHistoryKind.RECOMMENDATION : CaseHistoryKind.FINDING;
    entry({
      id: `finding:${f.id}`,
      at: f.recordedAt,
      kind,
      agencyIds: f.agencyId ? [f.agencyId] : [],
      controllerAgencyIds: [f.authorityAgencyId],
      refId: f.id,
      // An automatic finding's text names only an agency: it is the headline, not personal detail.
      title: f.automatic ? f.text : `${kind === CaseHistoryKind.FINDING ? 'Finding' : 'Recommendation'} recorded${f.agencyId ? ` (${f.agencyId})` : ''}`,
      detail: f.automatic ? null : f.text,
    });
  }
  for (const a of r.actions) {
    const ctl = [a.authorityAgencyId, a.ownerAgencyId];
    entry({
      id: `action-item:${a.id}`,
      at: a.createdAt,
      kind: CaseHistoryKind.ACTION_ITEM,
      agencyIds: [a.ownerAgencyId],
      controllerAgencyIds: ctl,
      refId: a.id,
      title: `Action for ${a.ownerAgencyId}, due ${a.dueOn} (${a.status})`,
      detail: a.description,
    });
    if (a.completedAt)
      entry({
        id: `action-item:${a.id}:done`,
        at: a.completedAt,
        kind: CaseHistoryKind.ACTION_COMPLETED,
        agencyIds: [a.ownerAgencyId],
        controllerAgencyIds: ctl,
        refId: a.id,
        title: `Action completed by ${a.ownerAgencyId}`,
        detail: a.completionEvidence ?? null,
      });
  }
  return out;
}

/** The whole timeline, oldest first; ties by kind, then id, so the order is stable. */
export function buildCaseHistory(parts: {
  incidents: HistoryIncident[];
  application: ApplicationHistory | null;
  records: ReviewRecords;
  personId: string | null;
}): HistoryEntry[] {
  const all = [
    ...incidentEntries(parts.incidents),
    ...(parts.application ? applicationEntries(parts.application) : []),
    ...reviewEntries(parts.records, parts.personId),
  ];
  return all.sort((a, b) => a.at.getTime() - b.at.getTime() || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.id.localeCompare(b.id));
}
