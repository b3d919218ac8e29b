import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DataCategory } from '../../shared/enums';
import { DataSubject, NotPersonal, Personal } from '../../shared/declarations';
import { RiskBand, type RiskAnswer, type RiskBandRule, type RiskQuestion } from '../rules/risk';

export { RiskBand };
registerEnumType(RiskBand, { name: 'RiskBand', description: 'The victim’s risk: STANDARD, MEDIUM or HIGH (high raises the application in the queue)' });

export enum RiskAssessmentStage {
  INITIAL = 'INITIAL',
  REASSESSMENT = 'REASSESSMENT',
  FINAL_REVIEW = 'FINAL_REVIEW',
}
registerEnumType(RiskAssessmentStage, {
  name: 'RiskAssessmentStage',
  description: 'When the victim was assessed: at the start, again later, or at the final review',
});

@ObjectType('RiskQuestion', { description: 'A question of a risk assessment policy' })
export class RiskQuestionType {
  @NotPersonal() @Field(() => ID) id!: string;
  @NotPersonal() @Field(() => String) text!: string;
  @NotPersonal() @Field(() => Int, { description: 'Added to the total on a yes' }) score!: number;
  @NotPersonal() @Field(() => Boolean, { description: 'About health, disability or vulnerability: its answer is SPECIAL_CATEGORY' }) specialCategory!: boolean;
  @NotPersonal() @Field(() => Boolean, { description: 'A yes makes the risk HIGH whatever the total' }) escalatesToHigh!: boolean;
}

@ObjectType('RiskBandRule', { description: 'A band of a risk assessment policy' })
export class RiskBandRuleType {
  @NotPersonal() @Field(() => RiskBand) band!: RiskBand;
  @NotPersonal() @Field(() => Int, { description: 'The least total in the band' }) minScore!: number;
  @NotPersonal()
  @Field(() => Int, { nullable: true, description: 'Internal target: decide within this many working days of receipt (null: the statutory limits only)' })
  targetWorkingDays!: number | null;
}

/** An authority's victim risk assessment, as versioned data (null authority: the default for all). */
@Entity({ tableName: 'risk_assessment_policy' })
@Unique({ properties: ['authorityAgencyId', 'version'] })
@ObjectType('RiskAssessmentPolicy', { description: 'A victim risk assessment policy version: questions, scores, bands and the internal targets they set' })
export class RiskAssessmentPolicy {
  [OptionalProps]?: 'id' | 'createdAt';

  @NotPersonal()
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @NotPersonal()
  @Field(() => ID, { nullable: true, description: 'The authority (null: the default for every authority without its own)' })
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
  @Field(() => [RiskQuestionType])
  @Property({ type: 'json' })
  questions!: RiskQuestion[];

  @NotPersonal()
  @Field(() => [RiskBandRuleType])
  @Property({ type: 'json' })
  bands!: RiskBandRule[];

  @Property({ type: 'string' })
  createdBy!: string;

  @Property({ type: 'Date', onCreate: () => new Date() })
  createdAt: Date = new Date();
}

/**
 * A victim risk assessment recorded on an application: the answers as given, scored against the
 * policy version in force. Personal: answers touching health or vulnerability, the score and the
 * band are SPECIAL_CATEGORY; the other answers INCIDENT_DETAIL.
 */
@Entity({ tableName: 'risk_assessment' })
@ObjectType('RiskAssessment', { description: 'A victim risk assessment on an application' })
@DataSubject((r: RiskAssessment) => ({ personId: r.subjectPersonId, controllerAgencyIds: [r.authorityAgencyId] }))
export class RiskAssessment {
  [OptionalProps]?: 'id' | 'assessedAt';

  @NotPersonal()
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @Property({ type: 'uuid' })
  applicationId!: string;

  @Property({ type: 'string' })
  authorityAgencyId!: string;

  @Property({ type: 'uuid', nullable: true })
  subjectPersonId?: string | null;

  @Property({ type: 'uuid' })
  policyId!: string;

  @NotPersonal()
  @Field(() => Int, { description: 'The policy version it was scored against' })
  @Property({ type: 'integer' })
  policyVersion!: number;

  @NotPersonal()
  @Field(() => RiskAssessmentStage)
  @Enum({ items: () => RiskAssessmentStage, type: 'string' })
  stage!: RiskAssessmentStage;

  /** Every answer, in the policy's order (served split by category by the resolver). */
  @Property({ type: 'json' })
  answers!: RiskAnswer[];

  /** The questions as they were asked (text and category), kept with the answers. */
  @Property({ type: 'json' })
  questions!: RiskQuestion[];

  @Personal(DataCategory.SPECIAL_CATEGORY)
  @Field(() => Int, { nullable: true, description: 'The total score (special category: it rests on health and vulnerability answers)' })
  @Property({ type: 'integer' })
  score!: number;

  @Personal(DataCategory.SPECIAL_CATEGORY)
  @Field(() => RiskBand, { nullable: true, description: 'The band (special category)' })
  @Enum({ items: () => RiskBand, type: 'string' })
  band!: RiskBand;

  @Personal(DataCategory.INCIDENT_DETAIL)
  @Field(() => String, { nullable: true, description: 'What the assessor noted (incident detail)' })
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @NotPersonal()
  @Field(() => Date)
  @Property({ type: 'Date' })
  assessedAt: Date = new Date();

  @NotPersonal()
  @Field(() => String, { description: 'Who assessed (user id)' })
  @Property({ type: 'string' })
  assessedBy!: string;
}
