import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Directive, Field, Float, ID, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { AsbCategory, DataCategory, IncidentSource } from '../../shared/enums';
import { DataSubject, NotPersonal, Personal } from '../../shared/declarations';

/** Whose data an incident is: the person who reported it (else the first concerned), supplied by the reporting agency. */
export const incidentSubject = (i: Incident) => ({ personId: i.reporterPersonId ?? i.personIds[0] ?? null, controllerAgencyIds: [i.agencyId] });
/**
 * An incident that names nobody (a patrol log, a published police.uk record) is not about an
 * identified person: its kind, time, area and agency are shared with the partnership, while its
 * narrative, exact place, actions and source details stay with the agency that supplied it.
 */
export const namesNobody = (i: Incident) => !i.reporterPersonId && i.personIds.length === 0;

export interface IncidentAction {
  /** When the agency acted (ISO instant). */
  at: string;
  /** What it did, e.g. "Warning letter", "Acceptable behaviour contract". */
  action: string;
  /** Who did it (a role or officer reference, not a name). */
  by?: string | null;
}

/**
 * One ASB incident as reported to one agency. Police, housing and warden records all map to this
 * model; `(agencyId, sourceRef)` is the agency's own reference and makes submission idempotent.
 */
@Entity({ tableName: 'incident' })
@Unique({ properties: ['agencyId', 'sourceRef'] })
// Same-incident linking looks for a person's, a property's or an area's reports within a window of time.
@Index({ properties: ['reporterPersonId', 'occurredAt'] })
@Index({ properties: ['uprn', 'occurredAt'] })
@Index({ properties: ['lsoaCode', 'occurredAt'] })
@ObjectType({ description: 'An ASB incident reported to one agency' })
@Directive('@key(fields: "id")')
@DataSubject(incidentSubject)
export class Incident {
  [OptionalProps]?: 'id' | 'createdAt' | 'updatedAt' | 'personIds' | 'actions' | 'sourceDetails' | 'clusterId' | 'recordKey';

  @NotPersonal()
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Personal(DataCategory.INCIDENT_DETAIL, { notPersonalWhen: namesNobody })
  @Field(() => IncidentSource)
  @Enum({ items: () => IncidentSource, type: 'string' })
  source!: IncidentSource;

  @Index()
  @Property({ type: 'string' })
  agencyId!: string;

  @Personal(DataCategory.INCIDENT_DETAIL, { notPersonalWhen: namesNobody })
  @Field(() => String, { description: "The agency's own reference for the record" })
  @Property({ type: 'string' })
  sourceRef!: string;

  @Personal(DataCategory.INCIDENT_DETAIL, { notPersonalWhen: namesNobody })
  @Field(() => AsbCategory)
  @Enum({ items: () => AsbCategory, type: 'string' })
  category!: AsbCategory;

  @Personal(DataCategory.INCIDENT_DETAIL, { notPersonalWhen: namesNobody })
  @Field(() => String, { nullable: true, description: 'Sub-type, e.g. "Noise", "Vehicle nuisance"' })
  @Property({ type: 'string', nullable: true })
  subType?: string | null;

  @Index()
  @Personal(DataCategory.INCIDENT_DETAIL, { notPersonalWhen: namesNobody })
  @Field(() => Date)
  @Property({ type: 'Date' })
  occurredAt!: Date;

  @Personal(DataCategory.INCIDENT_DETAIL, { notPersonalWhen: namesNobody })
  @Field(() => Date)
  @Property({ type: 'Date' })
  reportedAt!: Date;

  /** INCIDENT_DETAIL: the narrative of what happened. */
  @Personal(DataCategory.INCIDENT_DETAIL)
  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  description?: string | null;

  /** INCIDENT_DETAIL: street address or anonymised location text. */
  @Personal(DataCategory.INCIDENT_DETAIL)
  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  location?: string | null;

  /** INCIDENT_DETAIL */
  @Personal(DataCategory.INCIDENT_DETAIL)
  @Field(() => String, { nullable: true, description: 'Unique Property Reference Number' })
  @Property({ type: 'string', nullable: true })
  uprn?: string | null;

  /** INCIDENT_DETAIL */
  @Personal(DataCategory.INCIDENT_DETAIL)
  @Field(() => Float, { nullable: true })
  @Property({ type: 'double', nullable: true })
  latitude?: number | null;

  /** INCIDENT_DETAIL */
  @Personal(DataCategory.INCIDENT_DETAIL)
  @Field(() => Float, { nullable: true })
  @Property({ type: 'double', nullable: true })
  longitude?: number | null;

  @Personal(DataCategory.INCIDENT_DETAIL, { notPersonalWhen: namesNobody })
  @Field(() => String, { nullable: true, description: 'Lower Super Output Area code (an area, not an address)' })
  @Property({ type: 'string', nullable: true })
  lsoaCode?: string | null;

  /** The person who reported it (a pseudonymous Person id). */
  @Property({ type: 'uuid', nullable: true })
  reporterPersonId?: string | null;

  /** Other people the incident concerns (victims, witnesses). */
  @Index({ type: 'gin' })
  @Property({ type: 'text[]', default: '{}' })
  personIds: string[] = [];

  /** INCIDENT_DETAIL: what the agency did about it. */
  @Property({ type: 'jsonb', default: '[]' })
  actions: IncidentAction[] = [];

  /**
   * INCIDENT_DETAIL: what only this kind of source records (police: force and crime references,
   * attending officer; housing: tenancy and case references; wardens: patrol and log entry).
   */
  @Personal(DataCategory.INCIDENT_DETAIL)
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Source-specific references and details (incident detail)' })
  @Property({ type: 'jsonb', default: '{}' })
  sourceDetails: Record<string, unknown> = {};

  /**
   * The same incident reported to several agencies forms one cluster (rules/same-incident.ts);
   * its id is the id of the cluster's earliest-recorded incident, so it stays put as reports join.
   * An incident linked to no other is its own cluster.
   */
  @Index()
  @Property({ type: 'uuid', nullable: true })
  clusterId?: string | null;

  @Property({ type: 'Date', onCreate: () => new Date() })
  createdAt: Date = new Date();

  @Property({ type: 'Date', onCreate: () => new Date(), onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  /**
   * Disclosure control's record key (shared/disclosure.ts): fixed and random, set by the database
   * when the incident is first stored, never changed, never shown (not a GraphQL field).
   */
  @Property({ type: 'smallint', defaultRaw: 'get_byte(uuid_send(gen_random_uuid()), 15)::smallint', lazy: true, hidden: true })
  recordKey?: number;

  /** Set by the retention job: personal detail removed, aggregates kept (scripts/retention.ts). */
  @Personal(DataCategory.INCIDENT_DETAIL)
  @Field(() => Date, { nullable: true, description: 'When personal detail was removed under the retention policy' })
  @Property({ type: 'Date', nullable: true })
  anonymisedAt?: Date | null;
}
