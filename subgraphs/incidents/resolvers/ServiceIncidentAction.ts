import { Directive, Field, ObjectType } from 'type-graphql';

/**
 * What an agency did about an incident, as the service-only reads return it (threshold check, case
 * history). `@inaccessible`: absent from the public supergraph; the public `IncidentAction` keeps its
 * own rules.
 */
@ObjectType('ServiceIncidentAction')
@Directive('@inaccessible')
export class ServiceIncidentActionType {
  @Field(() => String) at!: string;
  @Field(() => String) action!: string;
  @Field(() => String, { nullable: true }) by?: string | null;
}
