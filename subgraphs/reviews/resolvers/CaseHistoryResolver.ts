import { Ctx, Field, FieldResolver, ID, ObjectType, registerEnumType, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { AsbCategory, DataCategory, IncidentSource } from '../../shared/enums';
import { applicationHistory, caseIncidents, type HistoryIncident } from '../clients/peers';
import { CaseReview } from '../entities/CaseReview';
import { AgencyRef } from '../entities/external';
import { caseRecords } from '../repositories/case-records';
import { buildCaseHistory, CaseHistoryKind, type GuardedSubject, type HistoryEntry, type HistoryReport } from '../rules/case-history';
import { DataSubject, NotPersonal, Personal } from '../../shared/declarations';

registerEnumType(CaseHistoryKind, { name: 'CaseHistoryKind', description: 'What a case history entry records' });

@ObjectType('CaseHistoryReport', { description: 'One agency’s report of an incident folded into a case history entry' })
@DataSubject((r: HistoryReport) => ({ personId: r.personId, controllerAgencyIds: r.controllerAgencyIds }))
export class CaseHistoryReportType {
  @NotPersonal()
  @Field(() => ID) incidentId!: string;
  @NotPersonal()
  @Field(() => IncidentSource) source!: IncidentSource;
  @NotPersonal()
  @Field(() => ID) agencyId!: string;
  @NotPersonal()
  @Field(() => String) sourceRef!: string;
  @NotPersonal()
  @Field(() => Date) occurredAt!: Date;
  @NotPersonal()
  @Field(() => Date) reportedAt!: Date;
  @Personal(DataCategory.INCIDENT_DETAIL, { emptyIsNull: true })
  @Field(() => String, { nullable: true, description: 'Narrative and location (INCIDENT_DETAIL): null with a FORBIDDEN error when withheld' })
  detail?: string | null;
}

@ObjectType('CaseHistoryEntry', { description: 'One event of the consolidated, de-duplicated case history' })
@DataSubject((e: HistoryEntry) => ({ personId: e.personId, controllerAgencyIds: e.controllerAgencyIds }))
export class CaseHistoryEntryType {
  @NotPersonal()
  @Field(() => ID) id!: string;
  @NotPersonal()
  @Field(() => Date) at!: Date;
  @NotPersonal()
  @Field(() => CaseHistoryKind) kind!: CaseHistoryKind;
  @NotPersonal()
  @Field(() => [IncidentSource], { description: 'The sources an incident entry came from (police, housing, warden)' }) sources!: IncidentSource[];
  @NotPersonal()
  @Field(() => AsbCategory, { nullable: true }) category?: AsbCategory | null;
  @NotPersonal()
  @Field(() => [ID], { description: 'Every agency the entry concerns (for an incident: every agency that received it)' }) agencyIds!: string[];
  @NotPersonal()
  @Field(() => String, { description: 'What happened, without personal detail' }) title!: string;
  @Personal(DataCategory.INCIDENT_DETAIL, { emptyIsNull: true })
  @Field(() => String, { nullable: true, description: 'Narrative, answer, finding or reason (INCIDENT_DETAIL): null with a FORBIDDEN error naming the category when withheld' })
  detail?: string | null;
  @NotPersonal()
  @Field(() => ID, { description: 'The record the entry comes from (incident, letter, request, finding, action item, application, review)' }) refId!: string;
  @NotPersonal()
  @Field(() => [CaseHistoryReportType], { description: 'The incident reports folded into this entry, one per agency' }) reports!: CaseHistoryReportType[];
}

/** Whether the reader may see a guarded text: the same decision (and cache key) as the `personal` rule on `detail`. */
async function mayRead(ctx: HubContext, s: GuardedSubject, field: string): Promise<boolean> {
  if (ctx.caller.roles.length > 0 && ctx.caller.roles.every((r) => r === 'analyst')) return false;
  if (!s.personId) return s.controllerAgencyIds.includes(ctx.caller.agencyId);
  try {
    const d = await ctx.access.decide({ personId: s.personId, category: DataCategory.INCIDENT_DETAIL, controllerAgencyIds: s.controllerAgencyIds, field, operation: ctx.clientOperation });
    return d.allowed;
  } catch {
    return false;
  }
}

/** `mayRead`'s answer when it needs no decision or the decision is already taken in this request; undefined when it must be asked. */
function mayReadKnown(ctx: HubContext, s: GuardedSubject): boolean | undefined {
  if (ctx.caller.roles.length > 0 && ctx.caller.roles.every((r) => r === 'analyst')) return false;
  if (!s.personId) return s.controllerAgencyIds.includes(ctx.caller.agencyId);
  return ctx.access.peek({ personId: s.personId, category: DataCategory.INCIDENT_DETAIL, controllerAgencyIds: s.controllerAgencyIds })?.allowed;
}

/**
 * `CaseReview.caseHistory`: a constant number of fetches and statements whatever the size of the
 * case: one call to the incidents subgraph, one to triggers (both service-only), one statement
 * here (the application's reviews with their meetings, requests, findings, actions and the
 * victim's invitations: repositories/case-records.ts), and the
 * access decisions of the whole response in one batched call to the policy decision point.
 */
@Resolver(() => CaseReview)
export class CaseHistoryResolver {
  @NotPersonal({ scope: 'case-history-reader', note: 'for the review panel; its entries are decided one by one' })
  @FieldResolver(() => [CaseHistoryEntryType], { description: 'The consolidated, de-duplicated timeline of the case across subgraphs, filtered by the reader’s access' })
  async caseHistory(@Root() review: CaseReview, @Ctx() ctx: HubContext): Promise<HistoryEntry[]> {
    // Every review of the application (first stage and second stage) and their records, one statement.
    const records = caseRecords(ctx.em, review.applicationId);
    const app = applicationHistory(ctx, review.applicationId);
    // The data subject is on the review (set when opened); a review without it waits for the application.
    const personId = review.subjectPersonId ?? (await app)?.subjectPersonId ?? null;
    // The decision point reads its facts about the person while the case is read (shared/access.ts `expect`).
    if (personId) ctx.access.expect([personId]);
    const incidents: Promise<HistoryIncident[]> = personId ? caseIncidents(ctx, [personId]) : Promise.resolve([]);
    const [recs, application, rows] = await Promise.all([records, app, incidents]);
    const entries = buildCaseHistory({ incidents: rows, application, records: recs, personId });
    // Every guarded text of the timeline decided in one batch, before the entries' fields resolve.
    const subjects = entries.flatMap((e) => [e, ...e.reports]);
    // If the decision point cannot answer, the entries still arrive: each guarded text is then withheld
    // on its own, with reason decision-unavailable.
    await ctx.access
      .prefetch(
        subjects.map((s) => ({ personId: s.personId, controllerAgencyIds: s.controllerAgencyIds, category: DataCategory.INCIDENT_DETAIL, field: 'CaseHistoryEntry.detail' })),
        ctx.clientOperation,
      )
      .catch(() => undefined);
    return entries;
  }
}

@Resolver(() => CaseHistoryEntryType)
export class CaseHistoryEntryResolver {
  @NotPersonal()
  @FieldResolver(() => [AgencyRef])
  agencies(@Root() entry: HistoryEntry): AgencyRef[] {
    return entry.agencyIds.map((id) => ({ id }));
  }

  @NotPersonal()
  @FieldResolver(() => [DataCategory], { description: 'Categories withheld from this entry for the reader (its detail or a report’s): marked, never silently dropped' })
  withheld(@Root() entry: HistoryEntry, @Ctx() ctx: HubContext): DataCategory[] | Promise<DataCategory[]> {
    const texts: GuardedSubject[] = [...(entry.detail != null ? [entry] : []), ...entry.reports.filter((r) => r.detail != null)];
    // The decisions were prefetched with the entries: answered synchronously from them (a case
    // history has hundreds of entries), else asked as `mayRead` asks.
    const known = texts.map((s) => mayReadKnown(ctx, s));
    if (known.every((k) => k !== undefined)) return known.every(Boolean) ? [] : [DataCategory.INCIDENT_DETAIL];
    return Promise.all(texts.map((s, i) => known[i] ?? mayRead(ctx, s, 'CaseHistoryEntry.withheld'))).then((allowed) => (allowed.every(Boolean) ? [] : [DataCategory.INCIDENT_DETAIL]));
  }
}

@Resolver(() => CaseHistoryReportType)
export class CaseHistoryReportResolver {
  @NotPersonal()
  @FieldResolver(() => AgencyRef)
  agency(@Root() report: HistoryReport): AgencyRef {
    return { id: report.agencyId };
  }
}
