import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * Stubs of entities owned by another subgraph: their key only. Each subgraph makes its own classes
 * (type-graphql attaches that subgraph's field resolvers to them), from this one definition.
 */
export function personAndAgencyRefs() {
  @ObjectType('Person')
  @Directive('@key(fields: "id")')
  class PersonRef {
    @Field(() => ID)
    id!: string;
  }

  @ObjectType('Agency')
  @Directive('@key(fields: "id", resolvable: false)')
  class AgencyRef {
    @Field(() => ID)
    id!: string;
  }
  return { PersonRef, AgencyRef };
}
