import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'A member of the review panel: a person acting in their role' })
export class PanelMemberInput {
  @Field(() => String, { description: 'Their name (an officer or elected member in their public role)' }) name!: string;
  @Field(() => String, { description: 'Their role, e.g. Community Safety Manager, elected member, independent chair' }) role!: string;
  @Field(() => ID, { nullable: true, description: 'The agency they act for (none for, e.g., an independent chair)' }) agencyId?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Not previously involved with the case; default: their agency did not deal with it' })
  independent?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'This member chairs the panel (exactly one does)' }) chair?: boolean | null;
}
