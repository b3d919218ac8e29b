import type { Role } from '../../shared/auth';
import { DataCategory } from '../../shared/enums';
import { ANY_USER, entitiesByType, hasRole, isService, leaf, personal } from '../../shared/rules';
import type { Letter } from '../entities/Letter';
import type { TriggerApplication } from '../entities/TriggerApplication';

/**
 * Who may read and do what in the triggers subgraph; every field has its rule (deny by default).
 * Objects are guarded where they are obtained; non-personal scalars are `leaf`. Mutations are the
 * SPOC's (the resolvers also check that the SPOC acts for the application's authority). Policies
 * are not personal; statistics are counts only; narratives and letter bodies are INCIDENT_DETAIL
 * of the person the application is about, the authority being controller.
 */
const APPLICATION_READERS: Role[] = ['spoc', 'reviewer', 'dpo', 'admin'];
const POLICY_READERS: Role[] = ['spoc', 'reviewer', 'dpo', 'analyst', 'admin'];
const readsApplications = hasRole(...APPLICATION_READERS);
const spoc = hasRole('spoc');
const readsPolicies = hasRole(...POLICY_READERS);
const readsStatistics = hasRole('analyst', 'spoc', 'dpo', 'admin');

const applicationDetail = personal(
  DataCategory.INCIDENT_DETAIL,
  (a: TriggerApplication) => ({ personId: a.victimPersonId ?? a.applicantPersonId, controllerAgencyIds: [a.authorityAgencyId] }),
  { roles: APPLICATION_READERS },
);
const letterBody = personal(
  DataCategory.INCIDENT_DETAIL,
  (l: Letter) => ({ personId: l.subjectPersonId ?? l.recipientPersonId, controllerAgencyIds: [l.authorityAgencyId] }),
  { roles: APPLICATION_READERS },
);

export const permissions = {
  Query: {
    triggerApplication: readsApplications,
    triggerApplications: hasRole('spoc', 'dpo', 'admin'),
    thresholdPolicies: readsPolicies,
    thresholdPolicyInForce: readsPolicies,
    triggerStatistics: readsStatistics,
    _applicationParties: isService,
    _applicationHistory: isService,
    _entities: entitiesByType({ Person: APPLICATION_READERS, TriggerApplication: APPLICATION_READERS, Incident: ANY_USER }),
  },
  Mutation: {
    submitTriggerApplication: spoc,
    acknowledgeApplication: spoc,
    evaluateThreshold: spoc,
    decideApplication: spoc,
    markNotPursued: spoc,
    beginReview: spoc,
    recordOutcome: spoc,
    startActionPlan: spoc,
    startFinalReview: spoc,
    closeApplication: spoc,
    appealApplication: spoc,
    publishThresholdPolicy: hasRole('spoc', 'admin'),
    _reviewStep: isService,
  },
  TriggerApplication: {
    '*': leaf,
    applicantAgency: readsApplications,
    deadlines: readsApplications,
    evaluations: readsApplications,
    latestEvaluation: readsApplications,
    letters: readsApplications,
    authority: readsApplications,
    applicant: readsApplications,
    victim: readsApplications,
    summary: applicationDetail,
    appealReason: applicationDetail,
    decisionReason: applicationDetail,
  },
  ApplicationParties: { '*': leaf },
  // Service-only (reviews subgraph, issue 6): reached only through _applicationHistory / _reviewStep.
  ApplicationHistory: { '*': leaf, letters: isService },
  ApplicationHistoryLetter: { '*': leaf },
  ReviewStepResult: { '*': leaf },
  ApplicationDeadline: { '*': leaf },
  ThresholdEvaluation: { '*': leaf, policy: readsApplications, application: readsApplications, incidents: readsApplications },
  ThresholdIncidentExplanation: { '*': leaf, incident: readsApplications, duplicateOf: readsApplications, agency: readsApplications },
  Letter: { '*': leaf, application: readsApplications, html: letterBody, text: letterBody },
  ThresholdPolicy: { '*': leaf, parameters: readsPolicies, authority: readsPolicies },
  ThresholdParameters: { '*': leaf, similarity: readsPolicies, multipleReporterRoute: readsPolicies },
  ThresholdSimilarity: { '*': leaf },
  MultipleReporterRoute: { '*': leaf, similarity: readsPolicies },
  TriggerStatistics: { '*': leaf, authority: readsStatistics, acknowledgedInTime: readsStatistics, decidedInTime: readsStatistics, byAuthority: readsStatistics },
  DeadlineShare: { '*': leaf },
  Person: { id: leaf, triggerApplications: readsApplications },
  Agency: { id: leaf },
  Incident: { id: leaf },
};
