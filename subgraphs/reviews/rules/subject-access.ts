import type { EntityManager } from '@mikro-orm/postgresql';
import { CaseReview } from '../entities/CaseReview';
import { plain, type ReviewsPart } from '../../shared/subject-access';

/** The reviews subgraph's part of a subject access export: the case reviews of the person's applications (the triggers part names them). */
export async function reviewsSubjectAccess(em: EntityManager, applicationIds: string[]): Promise<ReviewsPart> {
  if (!applicationIds.length) return { caseReviews: [] };
  const reviews = await em.find(CaseReview, { applicationId: { $in: applicationIds } }, { orderBy: { openedAt: 'asc' } });
  return { caseReviews: reviews.map(plain) };
}
