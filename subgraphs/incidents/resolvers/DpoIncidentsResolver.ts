import { Arg, Ctx, Directive, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { config } from '../../shared/config';
import { NotPersonal } from '../../shared/declarations';
import { badInput } from '../../shared/errors';
import { previewRetention } from '../rules/retention';
import { incidentsSubjectAccess } from '../rules/subject-access';

/**
 * The DPO's tools over this subgraph's own schema: the retention dry run (`npm run retention`
 * without --yes, the same function), and its part of a subject access export for the consent
 * subgraph, which assembles the export (consent/rules/subject-access.ts).
 */
@ObjectType({ description: 'Incidents past the retention period still holding personal detail, from one supplying agency in one year' })
export class RetentionGroup {
  @NotPersonal()
  @Field(() => ID) agencyId!: string;
  @NotPersonal()
  @Field(() => Int, { description: 'The year the incidents took place (UK time)' }) year!: number;
  @NotPersonal()
  @Field(() => Int) incidents!: number;
}

@ObjectType({ description: 'What the retention job would anonymise now, changing nothing: counts only' })
export class RetentionDryRun {
  @NotPersonal()
  @Field(() => Int, { description: 'The retention period applied, in months' }) months!: number;
  @NotPersonal()
  @Field(() => Date, { description: 'Incidents that took place before this instant are past the period' }) cutoff!: Date;
  @NotPersonal()
  @Field(() => Int, { description: 'Incidents that would lose their personal detail' }) incidents!: number;
  @NotPersonal({ note: 'a count of people, naming none' })
  @Field(() => Int, { description: 'The people those incidents concern (each once)' }) people!: number;
  @NotPersonal()
  @Field(() => [RetentionGroup], { description: 'Per supplying agency and year, oldest first within each agency' }) byAgencyYear!: RetentionGroup[];
}

/** More than a century is a mistyped figure, not a policy. */
const MAX_MONTHS = 1200;

@Resolver()
export class DpoIncidentsResolver {
  @Query(() => RetentionDryRun, { description: 'The incidents past the retention period (default INCIDENT_RETENTION_MONTHS), counted per agency and year; nothing is changed' })
  async retentionDryRun(
    @Ctx() ctx: HubContext,
    @Arg('months', () => Int, { nullable: true, description: 'The retention period in months (default: the hub’s, INCIDENT_RETENTION_MONTHS)' }) months?: number | null,
  ): Promise<RetentionDryRun> {
    const m = months ?? config().INCIDENT_RETENTION_MONTHS;
    if (m < 1 || m > MAX_MONTHS) throw badInput(`retentionDryRun.months must be a whole number of months from 1 to ${MAX_MONTHS}`, 'months');
    return { months: m, ...(await previewRetention(ctx.em, m)) };
  }

  @Query(() => String, { description: 'Service only: this subgraph’s part of a person’s subject access export, as JSON (the consent subgraph assembles the export)' })
  @Directive('@inaccessible')
  async _incidentsSubjectAccess(@Arg('personId', () => ID) personId: string, @Ctx() ctx: HubContext): Promise<string> {
    return JSON.stringify(await incidentsSubjectAccess(ctx.em, personId));
  }
}
