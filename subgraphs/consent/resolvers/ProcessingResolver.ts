import { Arg, Ctx, Directive, Field, ID, InputType, Int, Mutation, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { DataCategory } from '../../shared/enums';
import { badInput } from '../../../platform/errors';
import { ProcessingAction } from '../entities/AccessEvent';
import { logProcessing } from '../rules/processing-log';
import { timed } from '../../shared/step-timings';

/** Service only: another subgraph puts a processing step on record (a letter's disclosure, say). */
@InputType('ProcessingActorInput')
@Directive('@inaccessible')
export class ProcessingActorInput {
  @Field(() => String) sub!: string;
  @Field(() => ID) agencyId!: string;
  @Field(() => [String]) roles!: string[];
  @Field(() => String, { nullable: true }) requestId?: string | null;
  @Field(() => String) subgraph!: string;
  @Field(() => String) purpose!: string;
}

@InputType('ProcessingStepInput')
@Directive('@inaccessible')
export class ProcessingStepInput {
  @Field(() => ID, { nullable: true }) personId?: string | null;
  @Field(() => DataCategory, { nullable: true }) category?: DataCategory | null;
  @Field(() => ProcessingAction) action!: ProcessingAction;
  @Field(() => String) basis!: string;
  @Field(() => String) justification!: string;
  @Field(() => String) operation!: string;
}

@Resolver()
export class ProcessingResolver {
  @Mutation(() => Int, { description: 'Service only: log processing steps (not consultations: those the policy decision point logs)' })
  @Directive('@inaccessible')
  async _recordProcessing(
    @Arg('actor', () => ProcessingActorInput) actor: ProcessingActorInput,
    @Arg('steps', () => [ProcessingStepInput]) steps: ProcessingStepInput[],
    @Ctx() ctx: HubContext,
  ): Promise<number> {
    // A bulk ingestion batch (5,000 records) logs a step per person it names: one append per batch.
    if (steps.length > 10_000) throw badInput('At most 10,000 steps at once', 'steps');
    if (steps.some((s) => s.action === ProcessingAction.CONSULT)) throw badInput('Consultations are logged by the policy decision point', 'steps.action');
    await timed('consent: access log append (_recordProcessing)', () =>
      logProcessing(ctx.em, { ...actor, requestId: actor.requestId ?? null }, steps.map((s) => ({ ...s, personId: s.personId ?? null, category: s.category ?? null }))),
    );
    return steps.length;
  }
}
