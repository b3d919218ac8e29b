import { Entity, Enum, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { NotPersonal } from '../../shared/declarations';

export enum AgencyKind {
  POLICE = 'POLICE',
  HOUSING = 'HOUSING',
  WARDEN = 'WARDEN',
  COUNCIL = 'COUNCIL',
  HEALTH = 'HEALTH',
  OTHER = 'OTHER',
}
registerEnumType(AgencyKind, { name: 'AgencyKind', description: 'What kind of body an agency is' });

/** A partner agency: a relevant body under the 2014 Act, or another partner of the review panel. */
@Entity({ tableName: 'agency' })
@ObjectType({ description: 'A partner agency (police force, council, housing provider, warden service)' })
@Directive('@key(fields: "id")')
export class Agency {
  [OptionalProps]?: 'createdAt' | 'isAuthority';

  @NotPersonal()
  @Field(() => ID, { description: 'A readable slug, e.g. kent-police' })
  @PrimaryKey({ type: 'string', length: 80 })
  id!: string;

  @NotPersonal()
  @Field(() => String)
  @Property({ type: 'string' })
  name!: string;

  @NotPersonal()
  @Field(() => AgencyKind)
  @Enum({ items: () => AgencyKind, type: 'string' })
  kind!: AgencyKind;

  @NotPersonal()
  @Field(() => String, { description: 'The county or area the agency serves, e.g. kent' })
  @Property({ type: 'string' })
  area!: string;

  @NotPersonal()
  @Field(() => Boolean, { description: 'A district or unitary council whose SPOC runs the Community Trigger' })
  @Property({ type: 'boolean', default: false })
  isAuthority: boolean = false;

  @NotPersonal()
  @Field(() => Date)
  @Property({ type: 'Date', onCreate: () => new Date() })
  createdAt: Date = new Date();
}
