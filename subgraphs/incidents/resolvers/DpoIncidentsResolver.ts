import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, Directive, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { config } from '../../../platform/config';
import { NotPersonal } from '../../shared/declarations';
import { badInput, conflict } from '../../../platform/errors';
import { logger } from '../../../platform/logger';
import { recordRetentionErasures } from '../clients/consent';
import { anonymisePlanned, planRetention, previewRetention, resultOf, retentionErasures, samePlan } from '../rules/retention';
import { incidentsSubjectAccess } from '../rules/subject-access';

/**
 * The DPO's tools over this subgraph's own schema: the retention dry run and the run itself (`npm
 * run retention`, the same functions), and its part of a subject access export for the consent
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

@ObjectType({ description: 'A retention run: the incidents whose personal detail was removed, each person concerned logged as an erasure' })
export class RetentionRun {
  @NotPersonal()
  @Field(() => Int) months!: number;
  @NotPersonal()
  @Field(() => Date) cutoff!: Date;
  @NotPersonal()
  @Field(() => Int, { description: 'Incidents anonymised' }) anonymised!: number;
  @NotPersonal({ note: 'a count of people, naming none' })
  @Field(() => Int, { description: 'The people concerned, each logged as an erasure' }) people!: number;
}

/** More than a century is a mistyped figure, not a policy. */
const MAX_MONTHS = 1200;

function periodOf(months: number | null | undefined, field: string): number {
  const m = months ?? config().INCIDENT_RETENTION_MONTHS;
  if (m < 1 || m > MAX_MONTHS) throw badInput(`${field} must be a whole number of months from 1 to ${MAX_MONTHS}`, 'months');
  return m;
}

@Resolver()
export class DpoIncidentsResolver {
  @Query(() => RetentionDryRun, { description: 'The incidents past the retention period (default INCIDENT_RETENTION_MONTHS), counted per agency and year; nothing is changed' })
  async retentionDryRun(
    @Ctx() ctx: HubContext,
    @Arg('months', () => Int, { nullable: true, description: 'The retention period in months (default: the hub’s, INCIDENT_RETENTION_MONTHS)' }) months?: number | null,
  ): Promise<RetentionDryRun> {
    const m = periodOf(months, 'retentionDryRun.months');
    return { months: m, ...(await previewRetention(ctx.em, m)) };
  }

  /**
   * Anonymises what the dry run showed, once the DPO confirms how many incidents that is: a count
   * that has changed since (new data, another run) is a CONFLICT and nothing changes. The erasures
   * are logged in the consent subgraph before anything changes: if the log cannot be written,
   * nothing is anonymised. No transaction is open during that call (a call to another subgraph
   * never holds one): the run plans outside one, logs the plan, then in one short transaction
   * anonymises and commits only if that changed exactly the incidents planned, each concerning the
   * same people; else CONFLICT and nothing changes. The erasures logged for a run that ends so
   * (another run or new data in the meantime) stay in the log beside its request id: the log is
   * append-only, and a run made again logs its own.
   */
  @Mutation(() => RetentionRun, { description: 'Removes the personal detail of the incidents past the retention period (what retentionDryRun shows), keeping what statistics count; logged as an erasure per person' })
  async anonymiseRetainedIncidents(
    @Arg('confirmIncidents', () => Int, { description: 'How many incidents the dry run showed: the run goes ahead only if that is still the number' }) confirmIncidents: number,
    @Ctx() ctx: HubContext,
    @Arg('months', () => Int, { nullable: true, description: 'The retention period in months (default: the hub’s, INCIDENT_RETENTION_MONTHS)' }) months?: number | null,
  ): Promise<RetentionRun> {
    const m = periodOf(months, 'anonymiseRetainedIncidents.months');
    const now = new Date();
    const plan = await planRetention(ctx.em, m, now);
    if (plan.incidents.length !== confirmIncidents) {
      throw conflict(`${plan.incidents.length} incident(s) are now past the retention period, not the number confirmed: look at the dry run again`, { field: 'confirmIncidents' });
    }
    const result = resultOf(plan);
    await recordRetentionErasures(ctx, retentionErasures(result, m));
    await ctx.em.transactional(async (em) => {
      const changed = await anonymisePlanned(em as EntityManager, plan, now);
      if (!samePlan(plan, changed)) {
        logger.warn({ requestId: ctx.requestId, planned: plan.incidents.length, found: changed.incidents.length }, 'retention run changed under it after its erasures were logged; rolled back');
        throw conflict('The incidents past the retention period changed while this run was being logged: nothing was anonymised; look at the dry run again', { field: 'confirmIncidents' });
      }
    });
    return { months: m, cutoff: result.cutoff, anonymised: result.anonymised, people: result.people.size };
  }

  @Query(() => String, { description: 'Service only: this subgraph’s part of a person’s subject access export, as JSON (the consent subgraph assembles the export)' })
  @Directive('@inaccessible')
  async _incidentsSubjectAccess(@Arg('personId', () => ID) personId: string, @Ctx() ctx: HubContext): Promise<string> {
    return JSON.stringify(await incidentsSubjectAccess(ctx.em, personId));
  }
}
