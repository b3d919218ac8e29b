import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { personAndAgencyRefs } from '../../shared/external';
import { NotPersonal } from '../../shared/declarations';

/** Person and Agency (consent subgraph) and TriggerApplication (triggers), as reviews sees them. */
export const { PersonRef, AgencyRef } = personAndAgencyRefs();
export type PersonRef = InstanceType<typeof PersonRef>;
export type AgencyRef = InstanceType<typeof AgencyRef>;

@ObjectType('TriggerApplication')
@Directive('@key(fields: "id")')
export class TriggerApplicationRef {
  @NotPersonal()
  @Field(() => ID)
  id!: string;
}
