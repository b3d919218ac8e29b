import 'reflect-metadata';
import type { SubgraphDefinition } from '../shared/server';
import { AgencyRef, IncidentRef, PersonRef } from './entities/external';
import { IntelligenceRecord, ReferenceCounter } from './entities/Intelligence';
import { Letter } from './entities/Letter';
import { OutboxMessage } from './entities/OutboxMessage';
import { CaseReviewExplanation } from './entities/CaseReviewExplanation';
import { CaseReviewExplanationResolver } from './resolvers/CaseReviewExplanationResolver';
import { RiskAssessment, RiskAssessmentPolicy } from './entities/RiskAssessment';
import { ApplicationRiskResolver, RiskAssessmentResolver } from './resolvers/RiskAssessmentResolver';
import { PccReview } from './entities/PccReview';
import { PccReviewResolver } from './resolvers/PccReviewResolver';
import { ThresholdEvaluation } from './entities/ThresholdEvaluation';
import { ThresholdPolicy } from './entities/ThresholdPolicy';
import { TriggerApplication } from './entities/TriggerApplication';
import { TriggerReferral } from './entities/TriggerReferral';
// Loaded before the referral resolver: the printed schema (schema/) lists types in the order their modules load.
import { ApplicationWorkflowResolver } from './resolvers/ApplicationWorkflowResolver';
import { ApplicationReferralResolver, ReferralResolver } from './resolvers/ReferralResolver';
import { migrations } from './migrations';
import { startOutboxWorker } from './outbox/worker';
import { ApplicationConsentResolver } from './resolvers/ApplicationConsentResolver';
import { LetterResolver } from './resolvers/LetterResolver';
import { OnlineApplicationResolver } from './resolvers/OnlineApplicationResolver';
import { PersonApplicationsResolver } from './resolvers/PersonApplicationsResolver';
import { referenceResolvers } from './resolvers/references';
import { ReviewLifecycleResolver } from './resolvers/ReviewLifecycleResolver';
import { ReviewSupportResolver } from './resolvers/ReviewSupportResolver';
import { PublishedStatisticsResolver, StatisticsResolver } from './resolvers/StatisticsResolver';
import { ThresholdPolicyResolver, ThresholdResolver } from './resolvers/ThresholdResolver';
import { TriggerApplicationResolver } from './resolvers/TriggerApplicationResolver';
import { OutboxResolver } from './resolvers/OutboxResolver';
import { SubjectAccessPartResolver } from './resolvers/SubjectAccessPartResolver';
import { VictimContactResolver, VictimResolver } from './resolvers/VictimResolver';
import { CATALOGUE } from '../../platform/catalogue';

/** The triggers subgraph: applications, threshold policies and decisions, letters, deadlines. */
export const triggersSubgraph: SubgraphDefinition = {
  name: 'triggers',
  resolvers: [
    TriggerApplicationResolver,
    ApplicationWorkflowResolver,
    ThresholdResolver,
    ThresholdPolicyResolver,
    LetterResolver,
    StatisticsResolver,
    PublishedStatisticsResolver,
    PersonApplicationsResolver,
    ReviewSupportResolver,
    ReviewLifecycleResolver,
    ApplicationConsentResolver,
    OnlineApplicationResolver,
    OutboxResolver,
    VictimResolver,
    VictimContactResolver,
    ReferralResolver,
    ApplicationReferralResolver,
    CaseReviewExplanationResolver,
    RiskAssessmentResolver,
    ApplicationRiskResolver,
    PccReviewResolver,
    SubjectAccessPartResolver,
  ],
  orphanedTypes: [PersonRef, AgencyRef, IncidentRef],
  referenceResolvers,
  entities: [TriggerApplication, ThresholdPolicy, ThresholdEvaluation, Letter, IntelligenceRecord, ReferenceCounter, OutboxMessage, TriggerReferral, CaseReviewExplanation, RiskAssessmentPolicy, RiskAssessment, PccReview],
  migrations,
  catalogue: CATALOGUE.triggers,
  // The outbox worker: letters and messages leave the hub (OUTBOX_*, NOTIFY_*).
  background: (db) => startOutboxWorker(() => db.orm.em.fork()),
};
