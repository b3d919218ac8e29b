import { chain } from 'graphql-shield';
import { DataCategory } from '../../shared/enums';
import { hasRole, isUser, personal } from '../../shared/rules';
import type { Letter } from '../entities/Letter';
import type { TriggerApplication } from '../entities/TriggerApplication';

/**
 * Who may read and do what in the triggers subgraph; every field listed, deny by default.
 * Mutations are the SPOC's (the resolvers also check that the SPOC acts for the application's
 * authority). Policies are not personal; statistics are counts only.
 */
const readsApplications = hasRole('spoc', 'reviewer', 'dpo', 'admin');
const spoc = hasRole('spoc');
const readsPolicies = hasRole('spoc', 'reviewer', 'dpo', 'analyst', 'admin');
const readsStatistics = hasRole('analyst', 'spoc', 'dpo', 'admin');

const applicationDetail = chain(
  readsApplications,
  personal(DataCategory.INCIDENT_DETAIL, (a: TriggerApplication) => ({
    personId: a.victimPersonId ?? a.applicantPersonId,
    controllerAgencyIds: [a.authorityAgencyId],
  })),
);
const letterBody = chain(
  readsApplications,
  personal(DataCategory.INCIDENT_DETAIL, (l: Letter) => ({ personId: l.subjectPersonId ?? l.recipientPersonId, controllerAgencyIds: [l.authorityAgencyId] })),
);

export const permissions = {
  Query: {
    triggerApplication: readsApplications,
    thresholdPolicies: readsPolicies,
    thresholdPolicyInForce: readsPolicies,
    triggerStatistics: readsStatistics,
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
  },
  TriggerApplication: { '*': readsApplications, summary: applicationDetail, appealReason: applicationDetail, decisionReason: applicationDetail },
  ApplicationDeadline: { '*': readsApplications },
  ThresholdEvaluation: { '*': readsApplications },
  ThresholdIncidentExplanation: { '*': readsApplications },
  Letter: { '*': readsApplications, html: letterBody, text: letterBody },
  ThresholdPolicy: { '*': readsPolicies },
  ThresholdParameters: { '*': readsPolicies },
  ThresholdSimilarity: { '*': readsPolicies },
  MultipleReporterRoute: { '*': readsPolicies },
  TriggerStatistics: { '*': readsStatistics },
  Person: { id: isUser, triggerApplications: readsApplications },
  Agency: { id: isUser },
  Incident: { id: isUser },
};
