import { Arg, Ctx, Directive, ID, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { triggersSubjectAccess } from '../rules/subject-access';

/** This subgraph's part of a person's subject access export, for the consent subgraph that assembles it (consent/rules/subject-access.ts). */
@Resolver()
export class SubjectAccessPartResolver {
  @Query(() => String, { description: 'Service only: this subgraph’s part of a person’s subject access export, as JSON (the consent subgraph assembles the export)' })
  @Directive('@inaccessible')
  async _triggersSubjectAccess(@Arg('personId', () => ID) personId: string, @Ctx() ctx: HubContext): Promise<string> {
    return JSON.stringify(await triggersSubjectAccess(ctx.em, personId));
  }
}
