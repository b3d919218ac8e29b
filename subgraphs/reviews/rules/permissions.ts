import { or, rule } from 'graphql-shield';
import type { Role } from '../../shared/auth';
import type { HubContext } from '../../shared/context';
import { DataCategory } from '../../shared/enums';
import { forbidden } from '../../shared/errors';
import { entitiesByType, hasRole, leaf, personal } from '../../shared/rules';
import type { CaseReview } from '../entities/CaseReview';
import type { ActionItem, InformationRequest, ReviewFinding } from '../entities/ReviewRecords';
import type { HistoryEntry, HistoryReport } from './case-history';

/**
 * Who may read what in the reviews subgraph; every field has its rule (deny by default). Objects
 * are guarded where they are obtained; non-personal scalars are `leaf`. The free text a review
 * records (requests, answers, findings, actions) and every case history detail are INCIDENT_DETAIL
 * of the person the application is about: the convening authority (and the agency that wrote or
 * owns the text) are controllers, everyone else needs the panel's grant.
 */
const REVIEW_READERS: Role[] = ['spoc', 'reviewer', 'dpo', 'admin'];
const readsReviews = hasRole(...REVIEW_READERS);
const spoc = hasRole('spoc');
const panelAgency = hasRole('spoc', 'reviewer');

/**
 * The case history is for the panel: a reviewer or SPOC of a panel agency or of the convening
 * authority (or an admin). Its personal parts are then decided entry by entry.
 */
const readsCaseHistory = rule('case-history-reader', { cache: 'no_cache' })((review: CaseReview, _args, ctx: HubContext) => {
  if (ctx.caller.roles.includes('admin')) return true;
  if (!ctx.caller.roles.some((r) => r === 'reviewer' || r === 'spoc')) return forbidden('Requires one of the roles: reviewer, spoc');
  if (review.panelAgencyIds.includes(ctx.caller.agencyId) || review.openedByAgencyId === ctx.caller.agencyId) return true;
  return forbidden('The case history is for the review panel');
});

/**
 * A personal text that may be empty (an unanswered request, a letter entry without detail): an
 * empty one has nothing to withhold, so it is served as null without an error; a present one is
 * decided by `guard`. (`or` returns `guard`'s error, naming the category, when both refuse.)
 */
function whenPresent<P>(name: string, field: (parent: P) => unknown, guard: ReturnType<typeof personal>) {
  const empty = rule(`empty:${name}`, { cache: 'no_cache' })((parent: P) => field(parent) == null);
  return or(empty, guard);
}

/** The hub's own finding for an unanswered request names an agency and dates only: not personal. */
const automaticFinding = rule('automatic-finding', { cache: 'no_cache' })((f: ReviewFinding) => f.automatic === true);

const requestText = personal(DataCategory.INCIDENT_DETAIL, (q: InformationRequest) => ({ personId: q.subjectPersonId, controllerAgencyIds: [q.authorityAgencyId, q.agencyId] }), { roles: REVIEW_READERS });
const findingText = personal(DataCategory.INCIDENT_DETAIL, (f: ReviewFinding) => ({ personId: f.subjectPersonId, controllerAgencyIds: [f.authorityAgencyId] }), { roles: REVIEW_READERS });
const actionText = personal(DataCategory.INCIDENT_DETAIL, (a: ActionItem) => ({ personId: a.subjectPersonId, controllerAgencyIds: [a.authorityAgencyId, a.ownerAgencyId] }), { roles: REVIEW_READERS });
const entryDetail = personal(DataCategory.INCIDENT_DETAIL, (e: HistoryEntry) => ({ personId: e.personId, controllerAgencyIds: e.controllerAgencyIds }), { roles: REVIEW_READERS });
const reportDetail = personal(DataCategory.INCIDENT_DETAIL, (r: HistoryReport) => ({ personId: r.personId, controllerAgencyIds: r.controllerAgencyIds }), { roles: REVIEW_READERS });

export const permissions = {
  Query: { caseReview: readsReviews, caseReviews: hasRole('spoc', 'reviewer'), _entities: entitiesByType({ TriggerApplication: REVIEW_READERS, CaseReview: REVIEW_READERS }) },
  Mutation: {
    openCaseReview: spoc,
    closeCaseReview: spoc,
    inviteVictim: spoc,
    requestInformation: spoc,
    respondToInformationRequest: panelAgency,
    recordReviewMeeting: spoc,
    recordFinding: panelAgency,
    addActionItem: spoc,
    updateActionItem: panelAgency,
    sendReviewOutcome: spoc,
    beginFinalReview: spoc,
  },
  CaseReview: {
    '*': leaf,
    application: readsReviews,
    panel: readsReviews,
    chair: readsReviews,
    involvedAgencies: readsReviews,
    independentAgencies: readsReviews,
    firstStageReview: readsReviews,
    meetings: readsReviews,
    informationRequests: readsReviews,
    findings: readsReviews,
    actionItems: readsReviews,
    caseHistory: readsCaseHistory,
  },
  ReviewMeeting: { '*': leaf, attendingAgencies: readsReviews },
  InformationRequest: { '*': leaf, agency: readsReviews, request: requestText, response: whenPresent('InformationRequest.response', (q: InformationRequest) => q.response, requestText) },
  ReviewFinding: { '*': leaf, agency: readsReviews, text: or(automaticFinding, findingText) },
  ActionItem: { '*': leaf, ownerAgency: readsReviews, description: actionText, completionEvidence: whenPresent('ActionItem.completionEvidence', (a: ActionItem) => a.completionEvidence, actionText) },
  CaseHistoryEntry: { '*': leaf, agencies: readsReviews, reports: readsReviews, detail: whenPresent('CaseHistoryEntry.detail', (e: HistoryEntry) => e.detail, entryDetail) },
  CaseHistoryReport: { '*': leaf, agency: readsReviews, detail: whenPresent('CaseHistoryReport.detail', (r: HistoryReport) => r.detail, reportDetail) },
  TriggerApplication: { id: leaf, caseReviews: readsReviews },
  Agency: { id: leaf },
};
