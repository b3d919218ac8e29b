import type { FilterQuery } from '@mikro-orm/core';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { NotPersonal } from '../../shared/declarations';
import { badInput } from '../../../platform/errors';
import { byIdLoader } from '../../shared/loaders';
import { requireOwnAuthority } from '../../shared/scope';
import { Letter } from '../entities/Letter';
import { OutboxMessage } from '../entities/OutboxMessage';
import { OutboxStatus } from '../rules/outbox';

@InputType('OutboxFilter', { description: 'Which messages of the outbox' })
export class OutboxFilter {
  @Field(() => ID, { nullable: true, description: 'The authority (default: the caller’s own)' }) authority?: string | null;
  @Field(() => ID, { nullable: true }) applicationId?: string | null;
  @Field(() => [OutboxStatus], { nullable: true, description: 'Only these statuses (e.g. FAILED)' }) status?: OutboxStatus[] | null;
  @Field(() => Date, { nullable: true, description: 'Only messages created before this (paging: the last createdAt seen)' }) before?: Date | null;
  @Field(() => Int, { nullable: true, description: 'At most this many (default 100, at most 500), newest first' }) first?: number | null;
}

/**
 * The SPOC sees what the hub sent for their authority and what failed (`outbox(filter)`): newest
 * first, the recipient's address decided per message (CONTACT of the person it is sent to).
 */
@Resolver(() => OutboxMessage)
export class OutboxResolver {
  @Query(() => [OutboxMessage], {
    description: "The letters and messages the hub must send for the caller's authority, with their delivery status, newest first",
  })
  async outbox(@Arg('filter', () => OutboxFilter, { nullable: true }) filter: OutboxFilter | null, @Ctx() ctx: HubContext): Promise<OutboxMessage[]> {
    const f = filter ?? {};
    const authority = f.authority ?? ctx.caller.agencyId;
    requireOwnAuthority(ctx.caller, authority, 'The outbox is of the caller’s own authority');
    const first = f.first ?? 100;
    if (!Number.isInteger(first) || first < 1 || first > 500) throw badInput('filter.first must be between 1 and 500', 'filter.first');
    const where: FilterQuery<OutboxMessage> = { authorityAgencyId: authority };
    if (f.applicationId) where.applicationId = f.applicationId;
    if (f.status?.length) where.status = { $in: f.status };
    if (f.before) where.createdAt = { $lt: f.before };
    return ctx.em.find(OutboxMessage, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: first });
  }

  @NotPersonal({ note: 'the letter’s own fields are guarded as they are in the correspondence log' })
  @FieldResolver(() => Letter, { nullable: true, description: 'The letter it carries' })
  letter(@Root() m: OutboxMessage, @Ctx() ctx: HubContext): Promise<Letter | null> {
    return byIdLoader(ctx, Letter).load(m.letterId);
  }
}
