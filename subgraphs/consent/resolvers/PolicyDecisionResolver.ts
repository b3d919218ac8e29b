import { Arg, Ctx, Directive, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { DataCategory, Purpose } from '../../shared/enums';
import { decideAndLog, questionOf } from '../rules/policy-decision-point';
import { NotPersonal } from '../../shared/declarations';

/**
 * The policy decision point as a service-only mutation (absent from the public supergraph, callable
 * only with the service credential): each subgraph sends one request's questions in one call.
 */
@InputType('AccessActorInput')
@Directive('@inaccessible')
export class AccessActorInput {
  @Field(() => String) sub!: string;
  @Field(() => ID) agencyId!: string;
  @Field(() => [String]) roles!: string[];
  @Field(() => String, { nullable: true }) requestId?: string;
  @Field(() => String) subgraph!: string;
  @Field(() => Purpose, { nullable: true }) purpose?: Purpose;
}

@InputType('AccessQuestionInput')
@Directive('@inaccessible')
export class AccessQuestionInput {
  @Field(() => ID) personId!: string;
  @Field(() => DataCategory) category!: DataCategory;
  @Field(() => [ID]) controllerAgencyIds!: string[];
  @Field(() => String) field!: string;
  @Field(() => String, { nullable: true }) operation?: string;
  @Field(() => Boolean, { nullable: true, description: 'Decided by the asking subgraph (controller rule): only logged' })
  localAllowed?: boolean | null;
  @Field(() => String, { nullable: true }) localBasis?: string | null;
}

@ObjectType('AccessAnswer')
@Directive('@inaccessible')
export class AccessAnswer {
  @NotPersonal()
  @Field(() => Boolean) allowed!: boolean;
  @NotPersonal()
  @Field(() => String) basis!: string;
}

@Resolver()
export class PolicyDecisionResolver {
  @Mutation(() => [AccessAnswer])
  @Directive('@inaccessible')
  _decideAccess(
    @Arg('actor', () => AccessActorInput) actor: AccessActorInput,
    @Arg('questions', () => [AccessQuestionInput]) questions: AccessQuestionInput[],
    @Ctx() ctx: HubContext,
  ): Promise<AccessAnswer[]> {
    return decideAndLog(
      ctx.em,
      { ...actor, requestId: actor.requestId ?? undefined, purpose: actor.purpose ?? undefined },
      questions.map(questionOf),
    );
  }
}
