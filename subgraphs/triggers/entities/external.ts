import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { personAndAgencyRefs } from '../../shared/external';
import { NotPersonal } from '../../shared/declarations';

/** Person and Agency (consent subgraph) and Incident (incidents), as this subgraph sees them. */
export const { PersonRef, AgencyRef } = personAndAgencyRefs();
export type PersonRef = InstanceType<typeof PersonRef>;
export type AgencyRef = InstanceType<typeof AgencyRef>;

@ObjectType('Incident')
@Directive('@key(fields: "id", resolvable: false)')
export class IncidentRef {
  @NotPersonal()
  @Field(() => ID)
  id!: string;
}
