import { hasRole, isUser } from '../../shared/rules';

/** Who may read what in the reviews subgraph; every field listed, deny by default. */
const readsReviews = hasRole('spoc', 'reviewer', 'dpo', 'admin');

export const permissions = {
  Query: { caseReview: readsReviews },
  Mutation: { openCaseReview: hasRole('spoc'), closeCaseReview: hasRole('spoc') },
  CaseReview: { '*': readsReviews },
  TriggerApplication: { id: readsReviews, caseReviews: readsReviews },
  Agency: { id: isUser },
};
