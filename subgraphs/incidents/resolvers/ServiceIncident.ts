import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { AsbCategory, IncidentSource } from '../../shared/enums';
import { NotPersonal, ServiceOnly } from '../../shared/declarations';
import type { Incident } from '../entities/Incident';
import { ServiceIncidentActionType } from './ServiceIncidentAction';

/**
 * An incident as the other subgraphs read it through the service-only queries: the triggers
 * subgraph's threshold check (`thresholdIncidents`) and the reviews subgraph's case history
 * (`caseHistoryIncidents`). One shape for both: each caller's operation asks for the fields it
 * needs (subgraphs/<caller>/clients/operations/incidents.graphql) and its types are generated from
 * this. `@inaccessible` (absent from the public supergraph), allowed only with a service credential;
 * the public Incident keeps its own rules, and the reviews subgraph filters each text by the
 * reader's access before anything leaves it.
 */
@ObjectType('ServiceIncident', { description: 'An incident as another subgraph needs it (the threshold check, the case history)' })
@Directive('@inaccessible')
export class ServiceIncidentType {
  @NotPersonal()
  @Field(() => ID) id!: string;
  @NotPersonal()
  @Field(() => IncidentSource) source!: IncidentSource;
  @NotPersonal()
  @Field(() => String) agencyId!: string;
  @NotPersonal()
  @Field(() => String) sourceRef!: string;
  @NotPersonal()
  @Field(() => AsbCategory) category!: AsbCategory;
  @NotPersonal()
  @Field(() => String, { nullable: true }) subType?: string | null;
  @NotPersonal()
  @Field(() => Date) occurredAt!: Date;
  @NotPersonal()
  @Field(() => Date) reportedAt!: Date;
  @NotPersonal()
  @Field(() => String, { nullable: true }) description?: string | null;
  @NotPersonal()
  @Field(() => String, { nullable: true }) location?: string | null;
  @NotPersonal()
  @Field(() => String, { nullable: true }) lsoaCode?: string | null;
  @NotPersonal()
  @Field(() => ID, { nullable: true }) reporterPersonId?: string | null;
  @NotPersonal()
  @Field(() => [ID]) personIds!: string[];
  @ServiceOnly()
  @Field(() => [ServiceIncidentActionType]) actions!: ServiceIncidentActionType[];
  @NotPersonal()
  @Field(() => ID, { nullable: true, description: 'Its same-incident cluster (rules/same-incident.ts), when the linker has placed it; null: linked to no other report' })
  clusterId?: string | null;
}

/** The shape of an incident, from a managed entity or a plain row of the query builder (times as dates or strings). */
export function serviceIncidentOf(i: Incident): ServiceIncidentType {
  return {
    id: i.id,
    source: i.source,
    agencyId: i.agencyId,
    sourceRef: i.sourceRef,
    category: i.category,
    subType: i.subType ?? null,
    occurredAt: new Date(i.occurredAt),
    reportedAt: new Date(i.reportedAt),
    description: i.description ?? null,
    location: i.location ?? null,
    lsoaCode: i.lsoaCode ?? null,
    reporterPersonId: i.reporterPersonId ?? null,
    personIds: i.personIds ?? [],
    actions: (i.actions ?? []).map((a) => ({ at: a.at, action: a.action, by: a.by ?? null })),
    clusterId: i.clusterId ?? null,
  };
}
