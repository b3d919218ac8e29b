import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IncidentVerdict, ThresholdRoute, type ThresholdIncidentAction, type ThresholdParameters } from '../rules/threshold';
import { NotPersonal } from '../../shared/declarations';

registerEnumType(IncidentVerdict, { name: 'IncidentVerdict', description: 'Whether an incident counted towards the threshold, or why not' });
registerEnumType(ThresholdRoute, { name: 'ThresholdRoute' });

/** One incident considered, as it was at evaluation time, with its verdict. */
export interface EvaluatedIncident {
  incidentId: string;
  route: ThresholdRoute;
  verdict: IncidentVerdict;
  duplicateOfIncidentId: string | null;
  reason: string;
  source: string;
  agencyId: string;
  sourceRef: string;
  category: string;
  subType: string | null;
  occurredAt: string;
  reportedAt: string;
  /** Reported by (or about) the person the application concerns. */
  ownIncident: boolean;
  /** INCIDENT_DETAIL: what the agency did (for letter CT2/CT3); not exposed on the explanation. */
  actions: ThresholdIncidentAction[];
  /** The incidents subgraph's same-incident cluster at evaluation time (absent on evaluations stored before it was kept). */
  clusterId?: string | null;
}

/**
 * The result of applying a threshold policy to an application's incidents. Stored once and never
 * rewritten: a re-evaluation is a new row (e.g. after a policy change or new incidents).
 */
@Entity({ tableName: 'threshold_evaluation' })
@ObjectType({ description: 'A stored threshold evaluation, with an explanation for every incident considered' })
@Directive('@key(fields: "id")')
export class ThresholdEvaluation {
  [OptionalProps]?: 'id' | 'evaluatedAt';

  @NotPersonal()
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @Property({ type: 'uuid' })
  applicationId!: string;

  @Property({ type: 'uuid' })
  policyId!: string;

  @NotPersonal()
  @Field(() => Int)
  @Property({ type: 'integer' })
  policyVersion!: number;

  @NotPersonal()
  @Field(() => String)
  @Property({ type: 'string' })
  policyName!: string;

  /** The parameters as they were applied. */
  @Property({ type: 'json' })
  parameters!: ThresholdParameters;

  @NotPersonal()
  @Field(() => Boolean)
  @Property({ type: 'boolean' })
  met!: boolean;

  @NotPersonal()
  @Field(() => Int, { description: "Incidents counted on the person's own route" })
  @Property({ type: 'integer' })
  counted!: number;

  @NotPersonal()
  @Field(() => Int, { nullable: true, description: 'Different reporters of similar ASB (multiple-reporter route), when the policy has one' })
  @Property({ type: 'integer', nullable: true })
  reporters?: number | null;

  @NotPersonal()
  @Field(() => ThresholdRoute, { nullable: true })
  @Enum({ items: () => ThresholdRoute, type: 'string', nullable: true })
  metBy?: ThresholdRoute | null;

  @NotPersonal()
  @Field(() => Date, { description: 'The window: complaints (incidents reported) from here to the application count' })
  @Property({ type: 'Date' })
  windowStart!: Date;

  @NotPersonal()
  @Field(() => Date)
  @Property({ type: 'Date' })
  windowEnd!: Date;

  @Property({ type: 'json' })
  items!: EvaluatedIncident[];

  @NotPersonal()
  @Field(() => Date)
  @Property({ type: 'Date' })
  evaluatedAt: Date = new Date();

  @Property({ type: 'string' })
  evaluatedBy!: string;
}
