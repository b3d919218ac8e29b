import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { byIdLoader } from '../../shared/loaders';
import { CaseReview } from '../entities/CaseReview';
import { AgencyRef, TriggerApplicationRef } from '../entities/external';

@Resolver(() => CaseReview)
export class CaseReviewResolver {
  @Query(() => CaseReview, { nullable: true })
  caseReview(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<CaseReview | null> {
    return byIdLoader(ctx, CaseReview).load(id);
  }

  @FieldResolver(() => TriggerApplicationRef, { nullable: true, description: 'The application under review' })
  application(@Root() review: CaseReview): TriggerApplicationRef {
    return { id: review.applicationId };
  }

  @FieldResolver(() => [AgencyRef], { description: 'The panel: at least three partner agencies' })
  panel(@Root() review: CaseReview): AgencyRef[] {
    return review.panelAgencyIds.map((id) => ({ id }));
  }

  @FieldResolver(() => AgencyRef, { nullable: true })
  chair(@Root() review: CaseReview): AgencyRef {
    return { id: review.chairAgencyId };
  }
}
