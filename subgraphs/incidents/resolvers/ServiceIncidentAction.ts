import { Directive, Field, ObjectType } from 'type-graphql';
import { NotPersonal } from '../../shared/declarations';

/**
 * What an agency did about an incident, as the service-only reads return it (threshold check, case
 * history). `@inaccessible`: absent from the public supergraph; the public `IncidentAction` keeps its
 * own rules.
 */
@ObjectType('ServiceIncidentAction')
@Directive('@inaccessible')
export class ServiceIncidentActionType {
  @NotPersonal()
  @Field(() => String) at!: string;
  @NotPersonal()
  @Field(() => String) action!: string;
  @NotPersonal()
  @Field(() => String, { nullable: true }) by?: string | null;
}
