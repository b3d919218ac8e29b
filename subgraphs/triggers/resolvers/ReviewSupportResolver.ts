import { Arg, Ctx, Directive, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { byIdLoader } from '../../shared/loaders';
import { ApplicationStatus, TriggerApplication } from '../entities/TriggerApplication';
import { NotPersonal } from '../../shared/declarations';

/** Service-only: who an application concerns, for the reviews subgraph (panel grants, checks). */
@ObjectType('ApplicationParties')
@Directive('@inaccessible')
export class ApplicationParties {
  @NotPersonal()
  @Field(() => ID) id!: string;
  @NotPersonal()
  @Field(() => ID) authorityAgencyId!: string;
  @NotPersonal()
  @Field(() => ID, { nullable: true, description: 'Null when a partner agency applied' }) applicantPersonId?: string | null;
  @NotPersonal()
  @Field(() => ID, { nullable: true }) victimPersonId?: string | null;
  @NotPersonal()
  @Field(() => ApplicationStatus) status!: ApplicationStatus;
}

@Resolver()
export class ReviewSupportResolver {
  @Query(() => ApplicationParties, { nullable: true })
  @Directive('@inaccessible')
  async _applicationParties(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<ApplicationParties | null> {
    const app = await byIdLoader(ctx, TriggerApplication).load(id);
    return app && { id: app.id, authorityAgencyId: app.authorityAgencyId, applicantPersonId: app.applicantPersonId ?? null, victimPersonId: app.victimPersonId ?? null, status: app.status };
  }
}
