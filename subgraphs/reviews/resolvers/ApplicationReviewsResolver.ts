import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { groupedLoader } from '../../shared/loaders';
import { CaseReview } from '../entities/CaseReview';
import { TriggerApplicationRef } from '../entities/external';
import { NotPersonal } from '../../shared/declarations';

/** `TriggerApplication.caseReviews`: reviews of the application, oldest first. */
@Resolver(() => TriggerApplicationRef)
export class ApplicationReviewsResolver {
  @NotPersonal()
  @FieldResolver(() => [CaseReview], { nullable: true, description: 'Reviews of the application, oldest first (null, with an error, when the reviews service cannot answer)' })
  caseReviews(@Root() app: TriggerApplicationRef, @Ctx() ctx: HubContext): Promise<CaseReview[]> {
    return groupedLoader(ctx, CaseReview, 'applicationId', { orderBy: { openedAt: 'asc' } }).load(app.id);
  }
}
