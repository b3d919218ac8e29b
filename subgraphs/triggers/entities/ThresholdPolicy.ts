import { randomUUID } from 'node:crypto';
import { Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { ThresholdParameters } from '../rules/threshold';
import { NotPersonal } from '../../shared/declarations';

@ObjectType('ThresholdSimilarity', { description: 'What makes incidents the same or similar' })
export class ThresholdSimilarityType {
  @NotPersonal()
  @Field(() => Boolean, { description: 'Same ASB category' }) category!: boolean;
  @NotPersonal()
  @Field(() => Boolean, { description: 'Same place (LSOA)' }) place!: boolean;
}

@ObjectType('MultipleReporterRoute', { description: 'Different people separately reporting similar ASB' })
export class MultipleReporterRouteType {
  @NotPersonal()
  @Field(() => Int) minReporters!: number;
  @NotPersonal()
  @Field(() => ThresholdSimilarityType) similarity!: ThresholdSimilarityType;
}

@ObjectType('ThresholdParameters', { description: "A policy's parameters (rules/threshold.ts applies any of them)" })
export class ThresholdParametersType {
  @NotPersonal()
  @Field(() => Int) minIncidents!: number;
  @NotPersonal()
  @Field(() => Int) windowMonths!: number;
  @NotPersonal()
  @Field(() => Int, { nullable: true }) maxReportDelayDays!: number | null;
  @NotPersonal()
  @Field(() => ThresholdSimilarityType) similarity!: ThresholdSimilarityType;
  @NotPersonal()
  @Field(() => MultipleReporterRouteType, { nullable: true }) multipleReporterRoute!: MultipleReporterRouteType | null;
  @NotPersonal()
  @Field(() => Int, { nullable: true }) deduplicateWithinHours!: number | null;
  @NotPersonal()
  @Field(() => String) discretionNote!: string;
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

  @Property({ type: 'string' })
  createdBy!: string;

  @NotPersonal()
  @Field(() => Date)
  @Property({ type: 'Date', onCreate: () => new Date() })
  createdAt: Date = new Date();
}
