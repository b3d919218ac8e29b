import { Entity, Enum, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { NotPersonal } from '../../shared/declarations';

export enum AgencyKind {
  POLICE = 'POLICE',
  HOUSING = 'HOUSING',
  WARDEN = 'WARDEN',
  COUNCIL = 'COUNCIL',
  HEALTH = 'HEALTH',
  FIRE = 'FIRE',
  PCC = 'PCC',
  OTHER = 'OTHER',
}
registerEnumType(AgencyKind, {
  name: 'AgencyKind',
  description: 'What kind of body an agency is',
  valuesConfig: { FIRE: { description: 'A fire and rescue service' }, PCC: { description: 'The office of a Police and Crime Commissioner' } },
});

/** A way to reach an agency's team (not a private person's own contact details). */
@ObjectType('AgencyContact', { description: 'A way to reach an agency’s team, e.g. its ASB team or Community Safety Unit' })
export class AgencyContact {
  @NotPersonal({ note: 'a team or a role of the agency' })
  @Field(() => String, { description: 'The team or role, e.g. Community Safety Unit' })
  name!: string;

  @NotPersonal()
  @Field(() => String, { nullable: true })
  phone?: string | null;

  @NotPersonal({ note: 'a team’s address, e.g. asb@council.gov.uk' })
  @Field(() => String, { nullable: true })
  email?: string | null;

  @NotPersonal()
  @Field(() => String, { nullable: true })
  web?: string | null;

  @NotPersonal()
  @Field(() => String, { nullable: true, description: 'What it is for, e.g. Community Trigger referrals' })
  purpose?: string | null;
}

/** A partner agency: a relevant body under the 2014 Act, or another partner of the review panel. */
@Entity({ tableName: 'agency' })
@ObjectType({ description: 'A partner agency (police force, council, housing provider, warden service, health, fire service, PCC’s office)' })
@Directive('@key(fields: "id")')
export class Agency {
  [OptionalProps]?: 'createdAt' | 'isAuthority' | 'contacts' | 'updatedAt';

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
  @Field(() => [AgencyContact], { description: 'How to reach its teams (registered and kept by an admin)' })
  @Property({ type: 'json', default: '[]' })
  contacts: AgencyContact[] = [];

  @NotPersonal()
  @Field(() => Date)
  @Property({ type: 'Date', onCreate: () => new Date() })
  createdAt: Date = new Date();

  @NotPersonal()
  @Field(() => Date, { nullable: true, description: 'When an admin last changed it' })
  @Property({ type: 'Date', nullable: true })
  updatedAt?: Date | null;
}
