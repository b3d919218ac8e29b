import 'reflect-metadata';
import type { SubgraphDefinition } from '../shared/server';
import { CaseReview } from './entities/CaseReview';
import { AgencyRef, TriggerApplicationRef } from './entities/external';
import { migrations } from './migrations';
import { ApplicationReviewsResolver } from './resolvers/ApplicationReviewsResolver';
import { CaseReviewResolver } from './resolvers/CaseReviewResolver';
import { referenceResolvers } from './resolvers/references';
import { ReviewPanelResolver } from './resolvers/ReviewPanelResolver';
import { permissions } from './rules/permissions';

/** The reviews subgraph: panels, information requests, findings, actions, case history. */
export const reviewsSubgraph: SubgraphDefinition = {
  name: 'reviews',
  resolvers: [CaseReviewResolver, ApplicationReviewsResolver, ReviewPanelResolver],
  orphanedTypes: [AgencyRef, TriggerApplicationRef],
  referenceResolvers,
  entities: [CaseReview],
  migrations,
  permissions,
};
