import { randomUUID } from 'node:crypto';
import { Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { thresholdParametersSchema, type ThresholdParameters } from '../rules/threshold-parameters';
import type { AuthorityCorrespondence } from '../letters/correspondence';
import { NotPersonal } from '../../shared/declarations';
import { objectTypeOf } from '../../shared/zod-graphql';

/** The parameters' object types, built from their one schema (rules/threshold-parameters.ts); none of their fields is personal. */
export const ThresholdParametersType = objectTypeOf(thresholdParametersSchema, { decorate: () => [NotPersonal()] });

@ObjectType('AuthorityContact', { description: 'A way to reach someone, as a letter gives it' })
export class AuthorityContactType {
  @NotPersonal()
  @Field(() => String) name!: string;
  @NotPersonal()
  @Field(() => String, { nullable: true }) phone?: string | null;
  @NotPersonal()
  @Field(() => String, { nullable: true }) email?: string | null;
  @NotPersonal()
  @Field(() => String, { nullable: true }) web?: string | null;
  @NotPersonal()
  @Field(() => String, { nullable: true, description: 'When to use it' }) when?: string | null;
}

@ObjectType('AppealRoute', { description: "The authority's route for an applicant who is not satisfied" })
export class AppealRouteType {
  @NotPersonal()
  @Field(() => String) route!: string;
  @NotPersonal()
  @Field(() => String, { description: 'What the letters say' }) how!: string;
  @NotPersonal()
  @Field(() => Int, { nullable: true, description: 'Only when the authority set a time limit' }) withinDays?: number | null;
}

@ObjectType('PccReviewRoute', { description: 'The route to ask the Police and Crime Commissioner to review a "threshold not met" decision, where the area offers it' })
export class PccReviewRouteType {
  @NotPersonal()
  @Field(() => String, { description: 'Who reviews' }) reviewer!: string;
  @NotPersonal()
  @Field(() => String, { description: 'What CT2 says: how to ask' }) how!: string;
  @NotPersonal()
  @Field(() => Int, { nullable: true, description: 'Only when the area set a time limit' }) withinDays?: number | null;
}

@ObjectType('AuthorityCorrespondence', { description: "What the authority's letters say beyond the case: its office, appeal route, how to report future incidents" })
export class AuthorityCorrespondenceType {
  @NotPersonal()
  @Field(() => String) office!: string;
  @NotPersonal()
  @Field(() => [String]) address!: string[];
  @NotPersonal()
  @Field(() => String, { nullable: true }) phone?: string | null;
  @NotPersonal()
  @Field(() => String, { nullable: true }) email?: string | null;
  @NotPersonal()
  @Field(() => AppealRouteType) appeal!: AppealRouteType;
  @NotPersonal()
  @Field(() => [AuthorityContactType]) reportFutureIncidents!: AuthorityContactType[];
  @NotPersonal()
  @Field(() => Boolean, { description: 'Whether the applicant is told when the review is activated' }) reviewActivatedLetter!: boolean;
  @NotPersonal()
  @Field(() => PccReviewRouteType, { nullable: true, description: 'The PCC review of a "threshold not met" decision, where the area offers it (Crime and Policing Bill 2025); null: not offered' })
  pccReview?: PccReviewRouteType | null;
}

/**
 * One version of an authority's Community Trigger threshold. Never edited: a change is a new
 * version with its own `effectiveFrom`; the version in force at a moment is the latest one
 * effective by then. `authorityAgencyId` null is the national default.
 */
@Entity({ tableName: 'threshold_policy' })
@Unique({ properties: ['authorityAgencyId', 'version'] })
@ObjectType({ description: "A version of an authority's Community Trigger threshold policy" })
@Directive('@key(fields: "id")')
export class ThresholdPolicy {
  [OptionalProps]?: 'id' | 'createdAt';

  @NotPersonal()
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @Property({ type: 'string', nullable: true })
  authorityAgencyId?: string | null;

  @NotPersonal()
  @Field(() => Int)
  @Property({ type: 'integer' })
  version!: number;

  @NotPersonal()
  @Field(() => String)
  @Property({ type: 'string' })
  name!: string;

  @NotPersonal()
  @Field(() => Date)
  @Property({ type: 'Date' })
  effectiveFrom!: Date;

  @NotPersonal()
  @Field(() => ThresholdParametersType)
  @Property({ type: 'json' })
  parameters!: ThresholdParameters;

  @NotPersonal()
  @Field(() => AuthorityCorrespondenceType, { nullable: true, description: "What this version's letters say (null: the hub's generic wording)" })
  @Property({ type: 'json', nullable: true })
  correspondence?: AuthorityCorrespondence | null;

  @Property({ type: 'string' })
  createdBy!: string;

  @NotPersonal()
  @Field(() => Date)
  @Property({ type: 'Date', onCreate: () => new Date() })
  createdAt: Date = new Date();
}
