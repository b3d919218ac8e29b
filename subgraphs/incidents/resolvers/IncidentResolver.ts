import { Arg, Ctx, Field, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { byIdLoader } from '../../shared/loaders';
import { AgencyRef, PersonRef } from '../entities/external';
import { Incident, namesNobody } from '../entities/Incident';
import { NotPersonal, Personal } from '../../shared/declarations';
import { DataCategory } from '../../shared/enums';

@ObjectType('IncidentAction', { description: 'Something an agency did about an incident' })
export class IncidentActionType {
  @NotPersonal()
  @Field(() => Date) at!: Date;
  @NotPersonal()
  @Field(() => String) action!: string;
  @NotPersonal()
  @Field(() => String, { nullable: true }) by?: string | null;
}

@Resolver(() => Incident)
export class IncidentResolver {
  @Query(() => Incident, { nullable: true })
  incident(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<Incident | null> {
    return byIdLoader(ctx, Incident).load(id);
  }

  @Personal(DataCategory.INCIDENT_DETAIL, { notPersonalWhen: namesNobody, note: 'which agency holds a record about the person' })
  @FieldResolver(() => AgencyRef, { nullable: true, description: 'The agency the incident was reported to (its controller)' })
  agency(@Root() incident: Incident): AgencyRef {
    return { id: incident.agencyId };
  }

  @Personal(DataCategory.INCIDENT_DETAIL)
  @FieldResolver(() => PersonRef, { nullable: true, description: 'Who reported it' })
  reporter(@Root() incident: Incident): PersonRef | null {
    return incident.reporterPersonId ? { id: incident.reporterPersonId } : null;
  }

  @Personal(DataCategory.INCIDENT_DETAIL)
  @FieldResolver(() => [PersonRef], { description: 'Other people the incident concerns' })
  peopleInvolved(@Root() incident: Incident): PersonRef[] {
    return incident.personIds.map((id) => ({ id }));
  }

  @Personal(DataCategory.INCIDENT_DETAIL)
  @FieldResolver(() => [IncidentActionType], { nullable: true, description: 'What the agency did (incident detail)' })
  actions(@Root() incident: Incident): IncidentActionType[] {
    return incident.actions.map((a) => ({ at: new Date(a.at), action: a.action, by: a.by ?? null }));
  }
}
