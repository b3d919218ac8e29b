import { Arg, Ctx, Field, ID, InputType, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { FilterQuery } from '@mikro-orm/core';
import type { HubContext } from '../../shared/context';
import { connectionOf, decodeCursor, pageSize, toConnection } from '../../shared/connection';
import { DataCategory, Purpose } from '../../shared/enums';
import { notFound } from '../../shared/errors';
import { AccessEvent, AccessOutcome } from '../entities/AccessEvent';
import { AccessGrant } from '../entities/AccessGrant';
import { Consent } from '../entities/Consent';
import { Person } from '../entities/Person';
import { PersonRecord } from '../entities/PersonRecord';
import { ACCESS_RULES, decideAccess } from '../rules/access-policy';
import { verifyAccessChain } from '../rules/audit-log';
import { NotPersonal } from '../../shared/declarations';
import { accessRulesDocument } from '../../access-rules';

/** The DPO's tools: the access log, its verification, the rules in force, and explanations. */
export const { ConnectionType: AccessEventConnection } = connectionOf(AccessEvent, 'AccessEvent');

@InputType()
export class AccessLogFilter {
  @Field(() => ID, { nullable: true }) personId?: string;
  @Field(() => ID, { nullable: true, description: 'The acting agency' }) agencyId?: string;
  @Field(() => String, { nullable: true, description: 'The acting user (sub)' }) actorSub?: string;
  @Field(() => ID, { nullable: true }) reviewId?: string;
  @Field(() => AccessOutcome, { nullable: true }) decision?: AccessOutcome;
  @Field(() => Date, { nullable: true }) from?: Date;
  @Field(() => Date, { nullable: true }) to?: Date;
}

@ObjectType()
export class AccessLogVerification {
  @NotPersonal()
  @Field(() => Boolean) valid!: boolean;
  @NotPersonal()
  @Field(() => Int, { description: 'Rows checked before the first break (all rows when valid)' }) checked!: number;
  @NotPersonal()
  @Field(() => ID, { nullable: true, description: 'The first row (seq) whose content or link does not match' }) firstBrokenSeq!: string | null;
  @NotPersonal()
  @Field(() => String, { nullable: true }) reason!: string | null;
}

@ObjectType({ description: 'A rule in force, in words and as data' })
export class AccessRule {
  @NotPersonal()
  @Field(() => ID) id!: string;
  @NotPersonal()
  @Field(() => String) effect!: string;
  @NotPersonal()
  @Field(() => String) description!: string;
  @NotPersonal()
  @Field(() => [String]) roles!: string[];
  @NotPersonal()
  @Field(() => [DataCategory]) categories!: DataCategory[];
  @NotPersonal()
  @Field(() => String, { description: 'The condition, as JSON' }) condition!: string;
  @NotPersonal()
  @Field(() => Int, { description: 'Order of evaluation: the first rule that applies decides' }) order!: number;
}

@ObjectType({ description: 'Whether an agency can see a category of a person’s data now, and why' })
export class AccessDecision {
  @NotPersonal()
  @Field(() => Boolean) allowed!: boolean;
  @NotPersonal()
  @Field(() => ID) agencyId!: string;
  @NotPersonal()
  @Field(() => ID) personId!: string;
  @NotPersonal()
  @Field(() => DataCategory) category!: DataCategory;
  @NotPersonal()
  @Field(() => Purpose) purpose!: Purpose;
  @NotPersonal()
  @Field(() => String, { description: 'The rule that decided' }) rule!: string;
  @NotPersonal()
  @Field(() => String) basis!: string;
  @NotPersonal()
  @Field(() => String) explanation!: string;
  @NotPersonal()
  @Field(() => AccessGrant, { nullable: true }) grant?: AccessGrant | null;
  @NotPersonal()
  @Field(() => Consent, { nullable: true }) consent?: Consent | null;
}

@Resolver()
export class AccessLogResolver {
  @Query(() => AccessEventConnection, { description: 'Every access decision on personal data, newest first' })
  async accessLog(
    @Ctx() ctx: HubContext,
    @Arg('filter', () => AccessLogFilter, { nullable: true }) filter?: AccessLogFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const limit = pageSize(first);
    const cursor = decodeCursor(after);
    const where: FilterQuery<AccessEvent> = {
      ...(filter?.personId ? { personId: filter.personId } : {}),
      ...(filter?.agencyId ? { actorAgencyId: filter.agencyId } : {}),
      ...(filter?.actorSub ? { actorSub: filter.actorSub } : {}),
      ...(filter?.reviewId ? { reviewId: filter.reviewId } : {}),
      ...(filter?.decision ? { decision: filter.decision } : {}),
      ...(filter?.from || filter?.to ? { occurredAt: { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) } } : {}),
      ...(cursor ? { seq: { $lt: cursor } } : {}),
    };
    const rows = await ctx.em.find(AccessEvent, where, { orderBy: { seq: 'desc' }, limit: limit + 1 });
    return toConnection(rows, limit, (e) => String(e.seq));
  }

  @Query(() => AccessLogVerification, { description: 'Walks the hash chain; names the first row that does not match' })
  verifyAccessLog(@Ctx() ctx: HubContext): Promise<AccessLogVerification> {
    return verifyAccessChain(ctx.em);
  }

  @Query(() => String, { description: 'The access rules in force as one document (Markdown, the same as docs/access-rules.md): the policy, who may do what, and what every field is' })
  accessRulesDocument(): Promise<string> {
    return accessRulesDocument();
  }

  @Query(() => [AccessRule], { description: 'The access rules in force, in evaluation order' })
  accessRules(): AccessRule[] {
    return ACCESS_RULES.map((r, i) => ({ ...r, condition: JSON.stringify(r.condition), order: i + 1 }));
  }

  @Query(() => AccessDecision, { description: 'Why agency X can or cannot see category C of person P now (as its SPOCs and reviewers)' })
  async explainAccess(
    @Arg('agencyId', () => ID) agencyId: string,
    @Arg('personId', () => ID) personId: string,
    @Arg('category', () => DataCategory) category: DataCategory,
    @Ctx() ctx: HubContext,
    @Arg('purpose', () => Purpose, { nullable: true }) purpose?: Purpose,
    @Arg('suppliedBy', () => ID, { nullable: true, description: 'The data of this supplying agency (default: any agency holding a record of the person)' }) suppliedBy?: string,
  ): Promise<AccessDecision> {
    const person = await ctx.em.findOne(Person, { id: personId });
    if (!person) throw notFound('Person', { field: 'personId' });
    const suppliers = suppliedBy ? [suppliedBy] : (await ctx.em.find(PersonRecord, { personId }, { fields: ['agencyId'] })).map((r) => r.agencyId);
    const p = purpose ?? Purpose.CASE_REVIEW;
    const grants = await ctx.em.find(AccessGrant, { agencyId, personId }, { orderBy: { createdAt: 'desc' } });
    const consentIds = grants.map((g) => g.consentId).filter((id): id is string => !!id);
    const consents = new Map((await ctx.em.find(Consent, { $or: [{ id: { $in: consentIds } }, { person: personId }] })).map((c) => [c.id, c]));
    const d = decideAccess({
      agencyId, roles: ['reviewer'], personId, category, purpose: p, controllerAgencyIds: suppliers, grants, consents, now: new Date(),
    });
    let explanation = d.explanation;
    if (!d.allowed && d.basis === 'no-grant') {
      const covering = [...consents.values()].find((c) => c.person.id === personId && c.recipientAgencyIds.includes(agencyId) && c.categories.includes(category));
      explanation += covering
        ? ` Consent ${covering.id} (${covering.statusAt().toLowerCase()}) would cover it once a review panel including ${agencyId} is formed.`
        : ` No consent of this person names ${agencyId} for ${category}.`;
    }
    return { allowed: d.allowed, agencyId, personId, category, purpose: p, rule: d.ruleId, basis: d.basis, explanation, grant: d.grant ?? null, consent: d.consent ?? null };
  }
}
