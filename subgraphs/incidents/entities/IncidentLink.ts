import { randomUUID } from 'node:crypto';
import { Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, Float, ID, ObjectType } from 'type-graphql';
import { NotPersonal } from '../../shared/declarations';

/**
 * Two reports (to different agencies) of the same incident, as found by rules/same-incident.ts.
 * The pair is stored once (`incidentId` < `otherIncidentId`). A SPOC may undo a link: it is then
 * kept with who undid it, when and why, and never made again automatically.
 */
@Entity({ tableName: 'incident_link' })
@Unique({ properties: ['incidentId', 'otherIncidentId'] })
@ObjectType({ description: 'Why two reports were taken to be the same incident (and whether a SPOC undid it)' })
export class IncidentLink {
  [OptionalProps]?: 'id' | 'linkedAt';

  @NotPersonal()
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  incidentId!: string;

  @Index()
  @Property({ type: 'uuid' })
  otherIncidentId!: string;

  @NotPersonal()
  @Field(() => [String], { description: 'What the two reports share: SAME_PERSON, SAME_PROPERTY, SAME_PLACE, SAME_CATEGORY, SIMILAR_SUB_TYPE; SAME_REPORTER (and SAME_AREA, the same LSOA with nothing closer to compare) when the agencies categorised it differently' })
  @Property({ type: 'text[]' })
  basis!: string[];

  @NotPersonal()
  @Field(() => Float, { description: 'Hours between the two occurrence times' })
  @Property({ type: 'double' })
  hoursApart!: number;

  @NotPersonal()
  @Field(() => Float, { description: 'The window (hours) in force when the link was made' })
  @Property({ type: 'double' })
  windowHours!: number;

  @NotPersonal()
  @Field(() => Date)
  @Property({ type: 'Date' })
  linkedAt: Date = new Date();

  @NotPersonal()
  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  undoneAt?: Date | null;

  @NotPersonal()
  @Field(() => String, { nullable: true, description: 'The user who undid the link' })
  @Property({ type: 'string', nullable: true })
  undoneBy?: string | null;

  @NotPersonal()
  @Field(() => ID, { nullable: true })
  @Property({ type: 'string', nullable: true })
  undoneByAgencyId?: string | null;

  @NotPersonal()
  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  undoReason?: string | null;
}
