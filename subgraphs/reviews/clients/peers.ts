import type { HubContext } from '../../shared/context';
import type { AsbCategory, IncidentSource } from '../../shared/enums';
import { notFound } from '../../../platform/errors';
import { callService } from '../../../platform/service-client';

/**
 * The reviews subgraph's service-to-service reads and steps (service credential, `@inaccessible`
 * fields of the other subgraphs). Each is one HTTP call whatever the size of the case.
 */
export interface Parties {
  id: string;
  authorityAgencyId: string;
  applicantPersonId: string | null;
  victimPersonId: string | null;
  status: string;
}

export async function applicationParties(ctx: HubContext, applicationId: string): Promise<Parties> {
  const data = await callService<{ _applicationParties: Parties | null }>(
    'reviews',
    ctx.peers('triggers'),
    'query Parties($id: ID!) { _applicationParties(id: $id) { id authorityAgencyId applicantPersonId victimPersonId status } }',
    { id: applicationId },
    ctx.requestId,
  );
  if (!data._applicationParties) throw notFound('TriggerApplication', { field: 'applicationId' });
  return data._applicationParties;
}

export const personIdsOf = (p: Pick<Parties, 'applicantPersonId' | 'victimPersonId'>) =>
  [...new Set([p.applicantPersonId, p.victimPersonId].filter((x): x is string => !!x))];

export interface HistoryIncident {
  id: string;
  /** The incidents subgraph's same-incident cluster, when its linker has placed the report. */
  clusterId?: string | null;
  source: IncidentSource;
  agencyId: string;
  sourceRef: string;
  category: AsbCategory;
  subType: string | null;
  occurredAt: string;
  reportedAt: string;
  description: string | null;
  location: string | null;
  reporterPersonId: string | null;
  personIds: string[];
  actions: Array<{ at: string; action: string; by: string | null }>;
}

const INCIDENT_FIELDS = 'id source agencyId sourceRef category subType occurredAt reportedAt description location reporterPersonId personIds clusterId actions { at action by }';

/** The incidents of the people, with narratives and actions (incidents subgraph, one call). */
export async function caseIncidents(ctx: HubContext, personIds: string[], fields = INCIDENT_FIELDS): Promise<HistoryIncident[]> {
  if (!personIds.length) return [];
  const data = await callService<{ caseHistoryIncidents: HistoryIncident[] }>(
    'reviews',
    ctx.peers('incidents'),
    `query CaseIncidents($p: [ID!]!) { caseHistoryIncidents(personIds: $p) { ${fields} } }`,
    { p: personIds },
    ctx.requestId,
  );
  return data.caseHistoryIncidents;
}

/** The agencies that received the people's incidents: "previously involved" with the case. */
export async function involvedAgencies(ctx: HubContext, personIds: string[]): Promise<string[]> {
  const rows = await caseIncidents(ctx, personIds, 'agencyId');
  return [...new Set(rows.map((r) => r.agencyId))].sort();
}

export interface ApplicationHistory {
  id: string;
  reference: string;
  authorityAgencyId: string;
  subjectPersonId: string | null;
  channel: string;
  applicantType: string;
  status: string;
  receivedAt: string;
  acknowledgedAt: string | null;
  decision: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  reviewStartedAt: string | null;
  outcomeSentAt: string | null;
  actionPlanAt: string | null;
  finalReviewAt: string | null;
  appealedAt: string | null;
  appealReason: string | null;
  closedAt: string | null;
  letters: Array<{ id: string; kind: string; subject: string; sentAt: string }>;
  /** The victim's named contact and chosen involvement, each change (headlines, non-personal). */
  victimEvents?: Array<{ at: string; kind: string; title: string }>;
  /** Absent from a triggers subgraph that predates risk assessments. */
  riskAssessments?: Array<{ id: string; stage: string; assessedAt: string }>;
  /** The PCC review of a "threshold not met" decision, if requested. */
  pccReview?: { id: string; reviewer: string; requestedAt: string; result: string | null; resultAt: string | null } | null;
}

/** The application, its decisions and letters (triggers subgraph, one call). */
export async function applicationHistory(ctx: HubContext, applicationId: string): Promise<ApplicationHistory | null> {
  const data = await callService<{ _applicationHistory: ApplicationHistory | null }>(
    'reviews',
    ctx.peers('triggers'),
    `query History($id: ID!) { _applicationHistory(id: $id) {
      id reference authorityAgencyId subjectPersonId channel applicantType status receivedAt acknowledgedAt decision decidedAt decisionReason
      reviewStartedAt outcomeSentAt actionPlanAt finalReviewAt appealedAt appealReason closedAt letters { id kind subject sentAt } victimEvents { at kind title } riskAssessments { id stage assessedAt } pccReview { id reviewer requestedAt result resultAt } } }`,
    { id: applicationId },
    ctx.requestId,
  );
  return data._applicationHistory;
}

export type ReviewStep = 'BEGIN_REVIEW' | 'SEND_OUTCOME' | 'START_ACTION_PLAN' | 'START_FINAL_REVIEW' | 'CLOSE';

/** Moves the application on (triggers' state machine and letters); CONFLICT when not allowed, unless `onlyIfAllowed`. */
export async function reviewStep(
  ctx: HubContext,
  applicationId: string,
  step: ReviewStep,
  opts: {
    onlyIfAllowed?: boolean;
    meetingOn?: string | null;
    actions?: string[];
    actionOwnerAgencyIds?: string[];
    meetingHeldOn?: string | null;
    panelAgencyIds?: string[];
    leadOfficer?: string | null;
    reason?: string | null;
    /** SEND_OUTCOME: how many recommendations the review made (with or without an action item). */
    recommendationCount?: number;
  } = {},
): Promise<{ status: string; applied: boolean; letter: string | null }> {
  const data = await callService<{ _reviewStep: { status: string; applied: boolean; letter: string | null } }>(
    'reviews',
    ctx.peers('triggers'),
    `mutation Step($a: ID!, $step: String!, $agency: String!, $by: String!, $only: Boolean!, $meetingOn: Date, $actions: [String!], $lead: String, $reason: String,
      $actor: String, $owners: [String!], $held: Date, $panel: [String!], $recs: Int) {
      _reviewStep(applicationId: $a, step: $step, actingAgencyId: $agency, actedBy: $by, onlyIfAllowed: $only, meetingOn: $meetingOn, actions: $actions, leadOfficer: $lead, reason: $reason,
        actorToken: $actor, actionOwnerAgencyIds: $owners, meetingHeldOn: $held, panelAgencyIds: $panel, recommendationCount: $recs) { status applied letter } }`,
    {
      a: applicationId, step, agency: ctx.caller.agencyId, by: ctx.caller.sub, only: !!opts.onlyIfAllowed,
      meetingOn: opts.meetingOn ?? null, actions: opts.actions ?? null, lead: opts.leadOfficer ?? null, reason: opts.reason ?? null,
      // The SPOC's own token: the letters this step sends name people and agencies as that SPOC may see them.
      actor: ctx.caller.service ? null : ctx.caller.token, owners: opts.actionOwnerAgencyIds ?? null, held: opts.meetingHeldOn ?? null, panel: opts.panelAgencyIds ?? null,
      recs: opts.recommendationCount ?? null,
    },
    ctx.requestId,
  );
  return data._reviewStep;
}
