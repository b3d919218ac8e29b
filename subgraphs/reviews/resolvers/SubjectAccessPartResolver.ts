import { Arg, Ctx, Directive, ID, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { badInput } from '../../../platform/errors';
import { reviewsSubjectAccess } from '../rules/subject-access';

/** This subgraph's part of a person's subject access export, for the consent subgraph that assembles it (consent/rules/subject-access.ts). */
@Resolver()
export class SubjectAccessPartResolver {
  @Query(() => String, { description: 'Service only: the case reviews of a person’s applications (the triggers part names them), as JSON' })
  @Directive('@inaccessible')
  async _reviewsSubjectAccess(@Arg('applicationIds', () => [ID]) applicationIds: string[], @Ctx() ctx: HubContext): Promise<string> {
    if (applicationIds.length > 1_000) throw badInput('At most 1,000 applications at once', 'applicationIds');
    return JSON.stringify(await reviewsSubjectAccess(ctx.em, applicationIds));
  }
}
