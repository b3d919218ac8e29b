import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { NotPersonal, Personal } from '../../shared/declarations';
import { DataCategory } from '../../shared/enums';
import { badInput } from '../../../platform/errors';
import { byIdLoader, groupedLoader } from '../../shared/loaders';
import { CalendarDate } from '../../../platform/scalars';
import { RiskAssessment, RiskAssessmentPolicy, RiskAssessmentStage, RiskBand } from '../entities/RiskAssessment';
import { TriggerApplication } from '../entities/TriggerApplication';
import { riskReassessmentDue, riskTarget, scoreRiskAssessment, type RiskTarget } from '../rules/risk';
import { loadForSpoc } from './workflow';

@InputType('RiskAnswerInput')
export class RiskAnswerInput {
  @Field(() => ID) questionId!: string;
  @Field(() => Boolean) answer!: boolean;
}

@InputType('RiskAssessmentInput', { description: 'A victim risk assessment: every question of the authority’s policy in force answered yes or no' })
export class RiskAssessmentInput {
  @Field(() => ID) applicationId!: string;
  @Field(() => RiskAssessmentStage, { defaultValue: RiskAssessmentStage.INITIAL }) stage!: RiskAssessmentStage;
  @Field(() => [RiskAnswerInput]) answers!: RiskAnswerInput[];
  @Field(() => String, { nullable: true }) note?: string | null;
}

@ObjectType('RiskAnswer', { description: 'A question of the assessment and the answer given' })
export class RiskAnswerType {
  @NotPersonal() @Field(() => ID) questionId!: string;
  @NotPersonal() @Field(() => String) question!: string;
  @NotPersonal() @Field(() => Boolean) answer!: boolean;
}

@ObjectType('RiskTarget', { description: 'The internal target a risk band sets: decide within so many working days of receipt' })
export class RiskTargetType {
  @NotPersonal() @Field(() => RiskBand) band!: RiskBand;
  @NotPersonal() @Field(() => Int) workingDays!: number;
  @NotPersonal() @Field(() => CalendarDate) dueOn!: string;
  @NotPersonal() @Field(() => Date, { nullable: true }) metAt!: Date | null;
  @NotPersonal() @Field(() => Boolean) overdue!: boolean;
}

/** The policy in force for an authority at a moment: its own latest version, else the default. */
export async function riskPolicyInForce(ctx: HubContext, authorityAgencyId: string, at: Date): Promise<RiskAssessmentPolicy | null> {
  const order = { orderBy: { effectiveFrom: 'desc', version: 'desc' } } as const;
  return (
    (await ctx.em.findOne(RiskAssessmentPolicy, { authorityAgencyId, effectiveFrom: { $lte: at } }, order)) ??
    (await ctx.em.findOne(RiskAssessmentPolicy, { authorityAgencyId: null, effectiveFrom: { $lte: at } }, order))
  );
}

const assessmentsOf = (ctx: HubContext, applicationId: string) =>
  groupedLoader(ctx, RiskAssessment, 'applicationId', { orderBy: { assessedAt: 'asc', id: 'asc' } }).load(applicationId);

/** The latest assessment's internal target (the band's, by the policy it was scored against). */
export async function riskTargetsOf(
  ctx: HubContext,
  apps: TriggerApplication[],
  now = new Date(),
): Promise<Map<string, { high: boolean; target: RiskTarget | null }>> {
  const out = new Map<string, { high: boolean; target: RiskTarget | null }>();
  if (!apps.length) return out;
  const rows = await ctx.em.find(RiskAssessment, { applicationId: { $in: apps.map((a) => a.id) } }, { orderBy: { assessedAt: 'asc', id: 'asc' } });
  const latest = new Map<string, RiskAssessment>();
  for (const r of rows) latest.set(r.applicationId, r);
  const policyIds = [...new Set([...latest.values()].map((r) => r.policyId))];
  const policies = new Map((policyIds.length ? await ctx.em.find(RiskAssessmentPolicy, { id: { $in: policyIds } }) : []).map((p) => [p.id, p]));
  for (const app of apps) {
    const l = latest.get(app.id);
    if (!l) continue;
    out.set(app.id, { high: l.band === RiskBand.HIGH, target: riskTarget(l, policies.get(l.policyId)?.bands ?? [], app, now) });
  }
  return out;
}

@Resolver(() => RiskAssessment)
export class RiskAssessmentResolver {
  @Query(() => RiskAssessmentPolicy, { nullable: true, description: 'The victim risk assessment policy in force for an authority (its own, else the default)' })
  async riskAssessmentPolicyInForce(@Arg('authority', () => ID) authority: string, @Ctx() ctx: HubContext): Promise<RiskAssessmentPolicy | null> {
    const policy = await riskPolicyInForce(ctx, authority, new Date());
    // A question stored without the flag does not escalate (rules/risk.ts): say so, never null for Boolean!.
    return policy && { ...policy, questions: policy.questions.map((q) => ({ ...q, escalatesToHigh: q.escalatesToHigh === true })) };
  }

  @Mutation(() => RiskAssessment, {
    description:
      'Record a victim risk assessment on an application, scored against the authority’s policy in force; HIGH raises it in the work queue and sets the band’s internal target',
  })
  async recordRiskAssessment(@Arg('input', () => RiskAssessmentInput) input: RiskAssessmentInput, @Ctx() ctx: HubContext): Promise<RiskAssessment> {
    const app = await loadForSpoc(ctx, input.applicationId);
    if (input.note != null && input.note.length > 4000) throw badInput('RiskAssessment.note must be at most 4,000 characters', 'input.note');
    const now = new Date();
    const policy = await riskPolicyInForce(ctx, app.authorityAgencyId, now);
    if (!policy) throw badInput('No risk assessment policy is in force for the authority', 'input.applicationId');
    const scored = scoreRiskAssessment(policy, input.answers);
    if (!scored.ok) throw badInput(`Invalid ${scored.errors[0].field}: ${scored.errors[0].message}`, scored.errors[0].field, { errors: scored.errors });
    const assessment = ctx.em.create(RiskAssessment, {
      applicationId: app.id,
      authorityAgencyId: app.authorityAgencyId,
      subjectPersonId: app.subjectPersonId,
      policyId: policy.id,
      policyVersion: policy.version,
      stage: input.stage,
      answers: scored.value.answers,
      questions: policy.questions,
      score: scored.value.score,
      band: scored.value.band,
      note: input.note ?? null,
      assessedAt: now,
      assessedBy: ctx.caller.sub,
    });
    await ctx.em.flush();
    return assessment;
  }

  @Personal(DataCategory.INCIDENT_DETAIL, { note: 'the answers to the questions that are not about health or vulnerability' })
  @FieldResolver(() => [RiskAnswerType], { nullable: true, description: 'The answers that are not about health or vulnerability (incident detail)' })
  answers(@Root() r: RiskAssessment): RiskAnswerType[] {
    return answersOf(r, false);
  }

  @Personal(DataCategory.SPECIAL_CATEGORY, { note: 'the answers about health, disability or vulnerability' })
  @FieldResolver(() => [RiskAnswerType], { nullable: true, description: 'The answers about health, disability or vulnerability (special category)' })
  healthAndVulnerabilityAnswers(@Root() r: RiskAssessment): RiskAnswerType[] {
    return answersOf(r, true);
  }
}

function answersOf(r: RiskAssessment, special: boolean): RiskAnswerType[] {
  const q = new Map(r.questions.map((x) => [x.id, x]));
  return r.answers
    .filter((a) => !!q.get(a.questionId)?.specialCategory === special)
    .map((a) => ({ questionId: a.questionId, question: q.get(a.questionId)?.text ?? a.questionId, answer: a.answer }));
}

@Resolver(() => TriggerApplication)
export class ApplicationRiskResolver {
  @NotPersonal()
  @FieldResolver(() => [RiskAssessment], { description: 'The victim risk assessments, oldest first (each field guarded by its category)' })
  riskAssessments(@Root() app: TriggerApplication, @Ctx() ctx: HubContext): Promise<RiskAssessment[]> {
    return assessmentsOf(ctx, app.id);
  }

  @NotPersonal()
  @FieldResolver(() => Boolean, { description: 'The final review has begun and the victim, assessed before, is still to be reassessed (stage FINAL_REVIEW)' })
  async riskReassessmentDue(@Root() app: TriggerApplication, @Ctx() ctx: HubContext): Promise<boolean> {
    return riskReassessmentDue(app, await assessmentsOf(ctx, app.id));
  }

  @Personal(DataCategory.SPECIAL_CATEGORY, { note: 'the internal target reveals the victim’s risk band' })
  @FieldResolver(() => RiskTargetType, {
    nullable: true,
    description: 'The internal target the latest risk assessment’s band sets (special category: it reveals the band)',
  })
  async riskTarget(@Root() app: TriggerApplication, @Ctx() ctx: HubContext): Promise<RiskTarget | null> {
    const all = await assessmentsOf(ctx, app.id);
    const latest = all[all.length - 1];
    if (!latest) return null;
    const policy = await byIdLoader(ctx, RiskAssessmentPolicy).load(latest.policyId);
    return riskTarget(latest, policy?.bands ?? [], app);
  }
}
