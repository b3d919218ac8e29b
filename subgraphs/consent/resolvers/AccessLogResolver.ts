import { Arg, Ctx, Field, ID, InputType, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { FilterQuery } from '@mikro-orm/core';
import type { HubContext } from '../../shared/context';
import { connectionOf, decodeCursor, pageSize, toConnection } from '../../shared/connection';
import { DataCategory, Purpose } from '../../shared/enums';
import { badInput, conflict, notFound } from '../../../platform/errors';
import { AccessEvent, AccessOutcome } from '../entities/AccessEvent';
import { AccessGrant } from '../entities/AccessGrant';
import { Consent } from '../entities/Consent';
import { Person } from '../entities/Person';
import { PersonRecord } from '../entities/PersonRecord';
import { ACCESS_RULES, decideAccess } from '../rules/access-policy';
import { accessLogHead, verifyAccessLogDetailed } from '../rules/audit-log';
import { checkpointSignedBy, checkpointSigner, latestCheckpoint, type SignedCheckpoint } from '../rules/checkpoints';
import { takeCheckpoint } from '../rules/checkpoint-schedule';
import { config } from '../../../platform/config';
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

@ObjectType({ description: 'A signed checkpoint of the access log’s head: keep it outside the hub, and verify the log against it later' })
export class AccessLogCheckpoint {
  @NotPersonal()
  @Field(() => String, { description: 'Which log (the first 16 hex digits of its first row’s hash)' }) logId!: string;
  @NotPersonal()
  @Field(() => ID, { description: 'The sequence number of the head row' }) sequence!: string;
  @NotPersonal()
  @Field(() => String, { description: 'The head row’s hash' }) headHash!: string;
  @NotPersonal()
  @Field(() => String, { description: 'When it was signed (ISO 8601)' }) signedAt!: string;
  @NotPersonal()
  @Field(() => String) algorithm!: string;
  @NotPersonal()
  @Field(() => String, { description: 'The signing key’s id' }) keyId!: string;
  @NotPersonal()
  @Field(() => String, { description: 'Ed25519 signature (base64) of the lines: asb-hub/access-log-checkpoint/v1, logId, sequence, headHash, signedAt, keyId' }) signature!: string;
  @NotPersonal()
  @Field(() => String, { description: 'The public key (PEM) to check the signature with' }) publicKey!: string;
}

@InputType({ description: 'A checkpoint the DPO kept (as accessLogCheckpoint returned it)' })
export class AccessLogCheckpointInput {
  @Field(() => String) logId!: string;
  @Field(() => ID) sequence!: string;
  @Field(() => String) headHash!: string;
  @Field(() => String) signedAt!: string;
  @Field(() => String) keyId!: string;
  @Field(() => String) signature!: string;
}

@ObjectType()
export class AccessLogVerification {
  @NotPersonal()
  @Field(() => Boolean) valid!: boolean;
  @NotPersonal()
  @Field(() => Int, { description: 'Rows checked before the first break (all rows when valid)' }) checked!: number;
  @NotPersonal()
  @Field(() => ID, { nullable: true, description: 'The first row (seq) whose content or link does not match, or that is missing' }) firstBrokenSeq!: string | null;
  @NotPersonal()
  @Field(() => String, { nullable: true }) reason!: string | null;
  @NotPersonal()
  @Field(() => ID, { nullable: true, description: 'The first row altered after it was written' }) firstAlteredSeq?: string | null;
  @NotPersonal()
  @Field(() => ID, { nullable: true, description: 'The first of the missing rows (a gap, or a tail cut off below the checkpoint)' }) missingFromSeq?: string | null;
  @NotPersonal()
  @Field(() => ID, { nullable: true, description: 'The last of those missing rows' }) missingToSeq?: string | null;
  @NotPersonal()
  @Field(() => ID, { nullable: true, description: 'The last row present' }) headSeq?: string | null;
  @NotPersonal()
  @Field(() => AccessLogCheckpoint, { nullable: true, description: 'The checkpoint verified against: the one given, else the newest this hub stored for the log' }) checkpoint?: AccessLogCheckpoint | null;
  @NotPersonal()
  @Field(() => Boolean, { nullable: true, description: 'Every row up to the checkpoint present and unchanged (null: no checkpoint)' }) consistentWithCheckpoint?: boolean | null;
  @NotPersonal()
  @Field(() => [String], { description: 'Every problem found, in words' }) problems?: string[];
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

  @Query(() => AccessLogVerification, {
    description: 'Walks the keyed chain and checks it against a checkpoint (the one given, else the newest stored): names the first altered row and the missing ones',
  })
  async verifyAccessLog(
    @Ctx() ctx: HubContext,
    @Arg('checkpoint', () => AccessLogCheckpointInput, { nullable: true }) checkpoint?: AccessLogCheckpointInput,
  ): Promise<AccessLogVerification> {
    const signer = checkpointSigner(config().AUDIT_LOG_KEY);
    let cp: Omit<SignedCheckpoint, 'algorithm' | 'publicKey'> | null;
    if (checkpoint) {
      if (!checkpointSignedBy(checkpoint, signer)) throw badInput('checkpoint was not signed by this hub’s checkpoint key (or was changed since)', 'checkpoint.signature');
      cp = checkpoint;
    } else {
      cp = await latestCheckpoint(signer, (await accessLogHead(ctx.em)).logId);
    }
    const d = await verifyAccessLogDetailed(ctx.em, { checkpoint: cp });
    return { ...d, checkpoint: cp ? { ...cp, algorithm: 'Ed25519', publicKey: signer.publicKeyPem } : null };
  }

  @Query(() => AccessLogCheckpoint, {
    description: 'Signs a checkpoint of the access log’s head now, writes it to the checkpoint folder and returns it (keep a copy): refused when the log does not verify',
  })
  async accessLogCheckpoint(@Ctx() ctx: HubContext): Promise<AccessLogCheckpoint> {
    try {
      return (await takeCheckpoint(ctx.em))!;
    } catch (err) {
      if ((err as { verification?: unknown }).verification) throw conflict((err as Error).message, { field: 'accessLogCheckpoint' });
      throw err;
    }
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
