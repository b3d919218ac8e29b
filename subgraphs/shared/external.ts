import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { NotPersonal } from './declarations';

/**
 * Stubs of entities owned by another subgraph: their key only. Each subgraph makes its own classes
 * (type-graphql attaches that subgraph's field resolvers to them), from this one definition.
 */
export function personAndAgencyRefs() {
  @ObjectType('Person')
  @Directive('@key(fields: "id")')
  class PersonRef {
    @NotPersonal()
    @Field(() => ID)
    id!: string;
  }

  @ObjectType('Agency')
  @Directive('@key(fields: "id", resolvable: false)')
  class AgencyRef {
    @NotPersonal()
    @Field(() => ID)
    id!: string;
  }
  return { PersonRef, AgencyRef };
}
