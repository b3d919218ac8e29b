import type { HubContext } from '../../shared/context';
import { notFound } from '../../../platform/errors';
import { callOperation } from '../../shared/operation-client';
import { IssueReviewGrantsDocument, RevokeReviewGrantsDocument } from './operations/consent.generated';
import { CaseIncidentsDocument, InvolvedAgenciesDocument, type CaseIncidentsQuery } from './operations/incidents.generated';
import {
  ApplicationHistoryDocument,
  ApplicationPartiesDocument,
  ReviewStepDocument,
  type ApplicationHistoryQuery,
  type ApplicationPartiesQuery,
  type ReviewStepMutation,
} from './operations/triggers.generated';

/**
 * The reviews subgraph's service-to-service reads and steps (service credential, `@inaccessible`
 * fields of the other subgraphs). Each is one HTTP call whatever the size of the case. The
 * operations and their result types: operations/<subgraph>.graphql, typed from schema/<subgraph>.graphql.
 */
export type Parties = NonNullable<ApplicationPartiesQuery['_applicationParties']>;

export async function applicationParties(ctx: HubContext, applicationId: string): Promise<Parties> {
  const data = await callOperation('reviews', ctx.peers('triggers'), ApplicationPartiesDocument, { id: applicationId }, ctx.requestId);
  if (!data._applicationParties) throw notFound('TriggerApplication', { field: 'applicationId' });
  return data._applicationParties;
}

export const personIdsOf = (p: Pick<Parties, 'applicantPersonId' | 'victimPersonId'>) =>
  [...new Set([p.applicantPersonId, p.victimPersonId].filter((x): x is string => !!x))];

/** An incident of the case with its narrative and actions (incidents' `caseHistoryIncidents`); `clusterId`: its same-incident cluster, when the linker has placed it. */
export type HistoryIncident = CaseIncidentsQuery['caseHistoryIncidents'][number];

/** The incidents of the people, with narratives and actions (incidents subgraph, one call). */
export async function caseIncidents(ctx: HubContext, personIds: string[]): Promise<HistoryIncident[]> {
  if (!personIds.length) return [];
  const data = await callOperation('reviews', ctx.peers('incidents'), CaseIncidentsDocument, { p: personIds }, ctx.requestId);
  return data.caseHistoryIncidents;
}

/** The agencies that received the people's incidents: "previously involved" with the case. */
export async function involvedAgencies(ctx: HubContext, personIds: string[]): Promise<string[]> {
  if (!personIds.length) return [];
  const data = await callOperation('reviews', ctx.peers('incidents'), InvolvedAgenciesDocument, { p: personIds }, ctx.requestId);
  return [...new Set(data.caseHistoryIncidents.map((r) => r.agencyId))].sort();
}

/** The application, its decisions and letters as triggers' `_applicationHistory` gives them (times as sent: ISO strings). */
export type ApplicationHistory = NonNullable<ApplicationHistoryQuery['_applicationHistory']>;

/** The application, its decisions and letters (triggers subgraph, one call). */
export async function applicationHistory(ctx: HubContext, applicationId: string): Promise<ApplicationHistory | null> {
  const data = await callOperation('reviews', ctx.peers('triggers'), ApplicationHistoryDocument, { id: applicationId }, ctx.requestId);
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
): Promise<ReviewStepMutation['_reviewStep']> {
  const data = await callOperation(
    'reviews',
    ctx.peers('triggers'),
    ReviewStepDocument,
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

/** The panel's access grants for the review, as far as the people's consent covers them (consent subgraph); how many were issued. */
export async function issueReviewGrants(ctx: HubContext, reviewId: string, personIds: string[], agencyIds: string[]): Promise<number> {
  const data = await callOperation('reviews', ctx.peers('consent'), IssueReviewGrantsDocument, { r: reviewId, p: personIds, a: agencyIds, by: ctx.caller.sub }, ctx.requestId);
  return data._issueReviewGrants;
}

/** The review's grants end (consent subgraph); how many were revoked. */
export async function revokeReviewGrants(ctx: HubContext, reviewId: string, reason: string): Promise<number> {
  const data = await callOperation('reviews', ctx.peers('consent'), RevokeReviewGrantsDocument, { r: reviewId, why: reason }, ctx.requestId);
  return data._revokeReviewGrants;
}
