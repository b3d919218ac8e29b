import type { Role } from '../../shared/auth';
import { entitiesByType, hasRole, leaf } from '../../shared/rules';

/** Who may read what in the reviews subgraph; every field has its rule (deny by default). */
const REVIEW_READERS: Role[] = ['spoc', 'reviewer', 'dpo', 'admin'];
const readsReviews = hasRole(...REVIEW_READERS);

export const permissions = {
  Query: { caseReview: readsReviews, _entities: entitiesByType({ TriggerApplication: REVIEW_READERS, CaseReview: REVIEW_READERS }) },
  Mutation: { openCaseReview: hasRole('spoc'), closeCaseReview: hasRole('spoc') },
  CaseReview: { '*': leaf, application: readsReviews, panel: readsReviews, chair: readsReviews },
  TriggerApplication: { id: leaf, caseReviews: readsReviews },
  Agency: { id: leaf },
};
