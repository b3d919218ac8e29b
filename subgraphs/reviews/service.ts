import 'reflect-metadata';
import type { SubgraphDefinition } from '../shared/server';
import { CaseReview } from './entities/CaseReview';
import { AgencyRef, TriggerApplicationRef } from './entities/external';
import { ActionItem, InformationRequest, ReviewFinding, ReviewMeeting, VictimMeetingInvitation } from './entities/ReviewRecords';
import { migrations } from './migrations';
import { ApplicationReviewsResolver } from './resolvers/ApplicationReviewsResolver';
import { CaseHistoryEntryResolver, CaseHistoryReportResolver, CaseHistoryResolver } from './resolvers/CaseHistoryResolver';
import { ActionItemResolver, CaseReviewResolver, InformationRequestResolver, PanelMemberResolver, ReviewFindingResolver, ReviewMeetingResolver } from './resolvers/CaseReviewResolver';
import { referenceResolvers } from './resolvers/references';
import { ReviewPanelResolver } from './resolvers/ReviewPanelResolver';
import { ReviewWorkflowResolver } from './resolvers/ReviewWorkflowResolver';
import { CaseReviewActionPlanResolver, CaseReviewAgendaItemResolver, CaseReviewAgendaResolver, ProportionalityAssessmentResolver, ReviewTemplatesResolver } from './resolvers/ReviewTemplatesResolver';
import { CaseReviewActionPlan, CaseReviewAgenda, PerpetratorProportionalityAssessment } from './entities/ReviewTemplates';
import { SubjectAccessPartResolver } from './resolvers/SubjectAccessPartResolver';
import { CATALOGUE } from '../../platform/catalogue';
import './rules/scopes';

/** The reviews subgraph: panels, information requests, findings, actions, case history. */
export const reviewsSubgraph: SubgraphDefinition = {
  name: 'reviews',
  resolvers: [
    CaseReviewResolver,
    ApplicationReviewsResolver,
    ReviewPanelResolver,
    ReviewWorkflowResolver,
    ReviewMeetingResolver,
    PanelMemberResolver,
    InformationRequestResolver,
    ReviewFindingResolver,
    ActionItemResolver,
    ReviewTemplatesResolver,
    CaseReviewAgendaResolver,
    CaseReviewAgendaItemResolver,
    CaseReviewActionPlanResolver,
    ProportionalityAssessmentResolver,
    CaseHistoryResolver,
    CaseHistoryEntryResolver,
    CaseHistoryReportResolver,
    SubjectAccessPartResolver,
  ],
  orphanedTypes: [AgencyRef, TriggerApplicationRef],
  referenceResolvers,
  entities: [CaseReview, ReviewMeeting, InformationRequest, ReviewFinding, ActionItem, CaseReviewAgenda, CaseReviewActionPlan, PerpetratorProportionalityAssessment, VictimMeetingInvitation],
  migrations,
  catalogue: CATALOGUE.reviews,
};
