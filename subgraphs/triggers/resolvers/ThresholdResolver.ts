import { Arg, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { conflict } from '../../../platform/errors';
import { byIdLoader } from '../../shared/loaders';
import { validateInput } from '../../shared/validation';
import { fetchThresholdIncidents } from '../clients/incidents';
import { AgencyRef, IncidentRef } from '../entities/external';
import { ThresholdEvaluation, type EvaluatedIncident } from '../entities/ThresholdEvaluation';
import { ThresholdPolicy } from '../entities/ThresholdPolicy';
import { ApplicationStatus as S, TriggerApplication } from '../entities/TriggerApplication';
import { candidatePeriod, evaluateThresholdRule, IncidentVerdict, ThresholdRoute } from '../rules/threshold';
import { thresholdParametersOf } from '../rules/threshold-parameters';
import { policyInputSchema, ThresholdPolicyInput } from './inputs';
import { assertActsFor, loadForSpoc } from './workflow';
import { policyInForce } from './policies';
import { NotPersonal } from '../../shared/declarations';
import { requireNational } from '../../shared/scope';

@ObjectType('ThresholdIncidentExplanation', { description: 'One incident considered by an evaluation: counted, or why not' })
export class ThresholdIncidentExplanation {
  @NotPersonal()
  @Field(() => IncidentRef) incident!: IncidentRef;
  @NotPersonal()
  @Field(() => ThresholdRoute) route!: ThresholdRoute;
  @NotPersonal()
  @Field(() => IncidentVerdict) verdict!: IncidentVerdict;
  @NotPersonal()
  @Field(() => IncidentRef, { nullable: true, description: 'For DUPLICATE_OF: the incident counted instead' }) duplicateOf!: IncidentRef | null;
  @NotPersonal()
  @Field(() => String) reason!: string;
  @NotPersonal()
  @Field(() => AgencyRef, { description: 'The agency it was reported to' }) agency!: AgencyRef;
  @NotPersonal()
  @Field(() => String) sourceRef!: string;
  @NotPersonal()
  @Field(() => Date) occurredAt!: Date;
  @NotPersonal()
  @Field(() => Date) reportedAt!: Date;
  @NotPersonal()
  @Field(() => Boolean, { description: 'Reported by, or about, the person the application concerns' }) ownIncident!: boolean;
}

export { policyInForce } from './policies';

@Resolver(() => ThresholdEvaluation)
export class ThresholdResolver {
  /**
   * Applies the authority's policy in force now to the incidents of the person the application is
   * about (fetched from the incidents subgraph with their same-incident clusters): complaints made
   * in the window ending when the application was received count, and every incident of the
   * person in the twelve months before it is listed with its verdict. Stores the result; never
   * rewrites an earlier evaluation.
   */
  @Mutation(() => ThresholdEvaluation)
  async evaluateThreshold(@Arg('applicationId', () => ID) applicationId: string, @Ctx() ctx: HubContext): Promise<ThresholdEvaluation> {
    const app = await loadForSpoc(ctx, applicationId);
    if (app.status === S.NOT_PURSUED || app.status === S.CLOSED) throw conflict(`The threshold cannot be evaluated while the application is ${app.status}`, { status: app.status });
    const now = new Date();
    const policy = await policyInForce(ctx, app.authorityAgencyId, now);
    if (!policy) throw conflict('No threshold policy is in force for this authority', { authority: app.authorityAgencyId });
    const p = policy.parameters;
    const subject = app.subjectPersonId!;
    const asOf = app.receivedAt;
    const period = candidatePeriod(p, asOf);
    const incidents = await fetchThresholdIncidents(ctx.peers('incidents'), {
      personId: subject,
      since: period.since,
      until: asOf,
      includeNearby: !!p.multipleReporterRoute,
      nearbySince: period.nearbySince,
      requestId: ctx.requestId,
    });
    const result = evaluateThresholdRule(p, { subjectPersonId: subject, asOf, incidents });
    const byId = new Map(incidents.map((i) => [i.id, i]));
    const items: EvaluatedIncident[] = result.explanations.map((e) => {
      const i = byId.get(e.incidentId)!;
      return {
        ...e,
        source: i.source,
        agencyId: i.agencyId,
        sourceRef: i.sourceRef,
        category: i.category,
        subType: i.subType ?? null,
        occurredAt: i.occurredAt.toISOString(),
        reportedAt: i.reportedAt.toISOString(),
        ownIncident: i.reporterPersonId === subject || i.personIds.includes(subject),
        actions: i.actions,
        clusterId: i.clusterId ?? null,
      };
    });
    const evaluation = ctx.em.create(ThresholdEvaluation, {
      applicationId: app.id,
      policyId: policy.id,
      policyVersion: policy.version,
      policyName: policy.name,
      parameters: p,
      met: result.met,
      counted: result.counted,
      reporters: result.reporters,
      metBy: result.metBy,
      windowStart: result.windowStart,
      windowEnd: asOf,
      items,
      evaluatedAt: now,
      evaluatedBy: ctx.caller.sub,
    });
    await ctx.em.flush();
    return evaluation;
  }

  @NotPersonal()
  @FieldResolver(() => ThresholdPolicy, { nullable: true, description: 'The policy version applied' })
  policy(@Root() e: ThresholdEvaluation, @Ctx() ctx: HubContext): Promise<ThresholdPolicy | null> {
    return byIdLoader(ctx, ThresholdPolicy).load(e.policyId);
  }

  @NotPersonal()
  @FieldResolver(() => TriggerApplication, { nullable: true })
  application(@Root() e: ThresholdEvaluation, @Ctx() ctx: HubContext): Promise<TriggerApplication | null> {
    return byIdLoader(ctx, TriggerApplication).load(e.applicationId);
  }

  @NotPersonal()
  @FieldResolver(() => [ThresholdIncidentExplanation], { description: 'Every incident considered, on each route, with its verdict' })
  incidents(@Root() e: ThresholdEvaluation): ThresholdIncidentExplanation[] {
    return e.items.map((i) => ({
      incident: { id: i.incidentId },
      route: i.route,
      verdict: i.verdict,
      duplicateOf: i.duplicateOfIncidentId ? { id: i.duplicateOfIncidentId } : null,
      reason: i.reason,
      agency: { id: i.agencyId },
      sourceRef: i.sourceRef,
      occurredAt: new Date(i.occurredAt),
      reportedAt: new Date(i.reportedAt),
      ownIncident: i.ownIncident,
    }));
  }
}

@Resolver(() => ThresholdPolicy)
export class ThresholdPolicyResolver {
  @Query(() => [ThresholdPolicy], { description: 'Every version of the policies for an authority (and the national default), newest first' })
  thresholdPolicies(@Arg('authority', () => ID, { nullable: true }) authority: string | null, @Ctx() ctx: HubContext): Promise<ThresholdPolicy[]> {
    return ctx.em.find(
      ThresholdPolicy,
      authority ? { $or: [{ authorityAgencyId: authority }, { authorityAgencyId: null }] } : {},
      { orderBy: { authorityAgencyId: 'asc', version: 'desc' } },
    );
  }

  @Query(() => ThresholdPolicy, { nullable: true, description: 'The policy an evaluation for this authority would apply now' })
  thresholdPolicyInForce(@Arg('authority', () => ID) authority: string, @Ctx() ctx: HubContext): Promise<ThresholdPolicy | null> {
    return policyInForce(ctx, authority, new Date());
  }

  /** A new version: earlier versions stay as they were, and evaluations keep the version they used. */
  @Mutation(() => ThresholdPolicy)
  async publishThresholdPolicy(@Arg('input', () => ThresholdPolicyInput) input: ThresholdPolicyInput, @Ctx() ctx: HubContext): Promise<ThresholdPolicy> {
    const data = validateInput(policyInputSchema, input);
    const authority = data.authorityId ?? null;
    if (authority) assertActsFor(ctx, authority);
    else requireNational(ctx.caller, 'Only an admin may change the national default');
    const latest = await ctx.em.findOne(ThresholdPolicy, { authorityAgencyId: authority }, { orderBy: { version: 'desc' } });
    const parameters = thresholdParametersOf(data);
    const policy = ctx.em.create(ThresholdPolicy, {
      authorityAgencyId: authority,
      version: (latest?.version ?? 0) + 1,
      name: data.name,
      effectiveFrom: data.effectiveFrom ?? new Date(),
      parameters,
      // What the letters say is versioned with the policy: given, else carried over from the version before.
      correspondence: data.correspondence ?? latest?.correspondence ?? null,
      createdBy: ctx.caller.sub,
    });
    await ctx.em.flush();
    return policy;
  }

  @NotPersonal()
  @FieldResolver(() => AgencyRef, { nullable: true, description: 'The authority; null for the national default' })
  authority(@Root() p: ThresholdPolicy): AgencyRef | null {
    return p.authorityAgencyId ? { id: p.authorityAgencyId } : null;
  }
}
