import { Arg, Ctx, Directive, Field, ID, InputType, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { Agency } from '../entities/Agency';
import { PersonRecord } from '../entities/PersonRecord';
import { reportAuthority } from '../rules/report-authority';

@InputType('ReportedPersonAgenciesInput')
@Directive('@inaccessible')
export class ReportedPersonAgenciesInput {
  @Field(() => ID) personId!: string;
  @Field(() => [ID], { description: 'The agencies the person reported to' }) agencyIds!: string[];
}

/**
 * Whose SPOC hears of a person's reports (the triggers subgraph's Case Review explanation, 2025
 * guidance): the authority of the reporting agencies' area (rules/report-authority.ts). Service only.
 */
@Resolver()
export class ReportAuthorityResolver {
  @Query(() => [ID], { nullable: 'items', description: 'For each person, the authority whose SPOC handles their reports (null when it cannot be told)' })
  @Directive('@inaccessible')
  async _reportAuthorities(
    @Arg('people', () => [ReportedPersonAgenciesInput]) people: ReportedPersonAgenciesInput[],
    @Ctx() ctx: HubContext,
  ): Promise<Array<string | null>> {
    if (!people.length) return [];
    const agencyIds = [...new Set(people.flatMap((p) => p.agencyIds))];
    const reporting = await ctx.em.find(Agency, { id: { $in: agencyIds } }, { fields: ['id', 'area'] });
    const areas = [...new Set(reporting.map((a) => a.area))];
    const [authorities, records] = await Promise.all([
      ctx.em.find(Agency, { isAuthority: true, area: { $in: areas } }, { fields: ['id', 'area'] }),
      ctx.em.find(PersonRecord, { personId: { $in: [...new Set(people.map((p) => p.personId))] } }, { fields: ['personId', 'agencyId'] }),
    ]);
    const areaOf = new Map(reporting.map((a) => [a.id, a.area]));
    return people.map((p) =>
      reportAuthority({
        reportingAreas: p.agencyIds.map((id) => areaOf.get(id)).filter((a): a is string => !!a),
        authorities: authorities.map((a) => ({ id: a.id, area: a.area })),
        holdingRecord: records.filter((r) => r.personId === p.personId).map((r) => r.agencyId),
      }),
    );
  }
}
