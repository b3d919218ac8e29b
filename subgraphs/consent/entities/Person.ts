import { randomUUID } from 'node:crypto';
import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { NotPersonal } from '../../shared/declarations';

/**
 * A data subject: an applicant, victim or other person an incident concerns. Its id is a
 * pseudonymous reference, shared freely between subgraphs. It holds no details itself: each agency's
 * details of the person are that agency's own record (PersonRecord), and identity matching only
 * links records to one Person, never widening what an agency sees. The GraphQL fields of the
 * person's details are resolved from those records (resolvers/PersonResolver.ts).
 */
@Entity({ tableName: 'person' })
@ObjectType({ description: 'A data subject (victim, applicant or other person concerned)' })
@Directive('@key(fields: "id")')
export class Person {
  [OptionalProps]?: 'id' | 'createdAt';

  @NotPersonal({ note: 'a pseudonymous reference' })
  @Field(() => ID, { description: 'A pseudonymous reference: not personal detail by itself' })
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** The agency that first recorded the person (kept for the log; its details are its record). */
  @Property({ type: 'string' })
  registeredByAgencyId!: string;

  /** Normalised name + date of birth + postcode, as a digest, for deterministic matching (rules/person-matching.ts). */
  @Index()
  @Property({ type: 'string', nullable: true })
  matchKey?: string | null;

  @NotPersonal()
  @Field(() => Date)
  @Property({ type: 'Date', onCreate: () => new Date() })
  createdAt: Date = new Date();
}
