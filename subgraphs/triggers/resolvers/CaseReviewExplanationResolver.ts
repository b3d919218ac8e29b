import { Arg, Ctx, Directive, Field, FieldResolver, ID, InputType, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { NotPersonal } from '../../shared/declarations';
import { ContactChannel, DataCategory } from '../../shared/enums';
import { badInput, conflict, notFound } from '../../../platform/errors';
import { logger } from '../../../platform/logger';
import { requireOwnAuthority } from '../../shared/scope';
import { letterParties, recordDisclosures, reportAuthorities } from '../clients/consent';
import { CaseReviewExplanation } from '../entities/CaseReviewExplanation';
import { AgencyRef, IncidentRef, PersonRef } from '../entities/external';
import { letterPdf } from '../letters/pdf';
import { renderExplanationLetter, thresholdSentence } from '../letters/render';
import { londonDate } from '../../shared/calendar';
import { explanationDue, type ReportedIncident } from '../rules/second-report';
import { correspondenceInForce, policyInForce } from './policies';
import { referencePrefix } from '../rules/intake';

@InputType('LandedReportInput', { description: 'A report of a person’s (the reporter’s), as the incidents subgraph holds it' })
@Directive('@inaccessible')
export class LandedReportInput {
  @Field(() => ID) personId!: string;
  @Field(() => ID) incidentId!: string;
  @Field(() => ID, { description: 'Its same-incident cluster' }) clusterId!: string;
  @Field(() => Date) reportedAt!: Date;
  @Field(() => ID, { description: 'The agency it was reported to' }) agencyId!: string;
  @Field(() => Date, { nullable: true, description: 'When it took place (absent: when it was reported)' }) occurredAt?: Date | null;
}

const T = '"triggers"."case_review_explanation"';

/** The earliest time a person's reports were reported (an incident's time in rules/second-report.ts is its earliest report's). */
const earliestOf = (reports: LandedReportInput[]): Date => new Date(reports.reduce((min, r) => Math.min(min, new Date(r.reportedAt).getTime()), Infinity));

/**
 * The ASB Case Review explained at a victim's second report (2025 guidance): the incidents subgraph
 * tells this one of the reports that land (`_reportsLanded`, service only) with each reporter's
 * recent reports and their same-incident clusters; rules/second-report.ts decides whether an
 * explanation is due; the authority's SPOC sees those due and records how each was sent.
 */
@Resolver(() => CaseReviewExplanation)
export class CaseReviewExplanationResolver {
  @Mutation(() => Int, { description: 'Reports have landed: raise the explanations now due (returns how many were raised)' })
  @Directive('@inaccessible')
  async _reportsLanded(@Arg('reports', () => [LandedReportInput]) reports: LandedReportInput[], @Ctx() ctx: HubContext): Promise<number> {
    const byPerson = new Map<string, LandedReportInput[]>();
    for (const r of reports) {
      const list = byPerson.get(r.personId);
      if (list) list.push(r);
      else byPerson.set(r.personId, [r]);
    }
    if (!byPerson.size) return 0;
    const people = [...byPerson].map(([personId, rs]) => ({ personId, agencyIds: [...new Set(rs.map((r) => r.agencyId))].sort() }));
    const authorities = await reportAuthorities(ctx, people);
    const knex = ctx.em.getConnection().getKnex();
    const now = new Date();
    const work: Array<{ personId: string; authority: string }> = [];
    for (const [k, { personId }] of people.entries()) {
      const authority = authorities[k];
      if (authority) work.push({ personId, authority });
      else logger.info({ requestId: ctx.requestId }, 'second report: no single authority for the reporting agencies; no explanation raised');
    }
    if (!work.length) return 0;
    // Set-based (a submission lands thousands of reporters at once): one transaction, the locks of
    // every person and authority (in lock order, so concurrent landings cannot deadlock), one read of
    // the explanations already raised, the decision per person, one insert.
    return knex.transaction(async (trx) => {
      const lockKeys = work.map((w) => `case-review-explanation:${w.authority}:${w.personId}`);
      // One decision at a time per person and authority: concurrent landings never raise two.
      await trx.raw('select pg_advisory_xact_lock(h) from (select distinct hashtext(k) as h from unnest(?::text[]) k order by 1) locks', [lockKeys]);
      // Only those that end at or after the person's earliest report sent can cover any of them
      // (rules/second-report.ts): the older ones, one per past second report, are not read.
      const existing = await trx.raw(
        `select e."authority_agency_id", e."person_id", e."second_report_at", e."covers_until" from ${T} e
         join unnest(?::text[], ?::text[], ?::timestamptz[]) as w(authority, person, earliest)
           on e."authority_agency_id" = w.authority and e."person_id"::text = w.person and e."covers_until" >= w.earliest`,
        [work.map((w) => w.authority), work.map((w) => w.personId), work.map((w) => earliestOf(byPerson.get(w.personId)!).toISOString())],
      );
      const raisedOf = new Map<string, Array<{ secondReportAt: Date; coversUntil: Date }>>();
      for (const r of existing.rows as Array<{ authority_agency_id: string; person_id: string; second_report_at: Date; covers_until: Date }>) {
        const key = `${r.authority_agency_id}|${r.person_id}`;
        const raised = { secondReportAt: new Date(r.second_report_at), coversUntil: new Date(r.covers_until) };
        const list = raisedOf.get(key);
        if (list) list.push(raised);
        else raisedOf.set(key, [raised]);
      }
      const rows: unknown[] = [];
      const year = londonDate(now).slice(0, 4);
      for (const { personId, authority } of work) {
        const incidents: ReportedIncident[] = byPerson
          .get(personId)!
          .map((r) => ({
            incidentId: r.incidentId,
            clusterId: r.clusterId,
            reportedAt: new Date(r.reportedAt),
            agencyId: r.agencyId,
            occurredAt: r.occurredAt ? new Date(r.occurredAt) : null,
          }));
        const due = explanationDue(incidents, raisedOf.get(`${authority}|${personId}`) ?? [], now);
        if (!due) continue;
        const e = new CaseReviewExplanation();
        rows.push({
          id: e.id,
          reference: `${referencePrefix(authority)}-CRX-${year}-${e.id.slice(0, 6).toUpperCase()}`,
          authority_agency_id: authority,
          person_id: personId,
          first_report_at: due.firstReportAt,
          second_report_at: due.secondReportAt,
          covers_until: due.coversUntil,
          first_cluster_id: due.firstClusterId,
          second_cluster_id: due.secondClusterId,
          incident_ids: due.incidentIds,
        });
      }
      if (!rows.length) return 0;
      const inserted = await trx.raw(
        `insert into ${T} ("id", "reference", "authority_agency_id", "person_id", "first_report_at", "second_report_at", "covers_until", "first_cluster_id", "second_cluster_id", "incident_ids", "raised_at")
         select r.id, r.reference, r.authority_agency_id, r.person_id, r.first_report_at, r.second_report_at, r.covers_until, r.first_cluster_id, r.second_cluster_id, r.incident_ids, ?
         from jsonb_to_recordset(?::jsonb) as r(id uuid, reference text, authority_agency_id text, person_id uuid, first_report_at timestamptz, second_report_at timestamptz,
           covers_until timestamptz, first_cluster_id uuid, second_cluster_id uuid, incident_ids text[])
         on conflict do nothing returning "id"`,
        [now, JSON.stringify(rows)],
      );
      return inserted.rows.length;
    });
  }

  @Query(() => [CaseReviewExplanation], {
    description: 'The ASB Case Review explanations the authority’s SPOC has still to send, oldest first (default: the caller’s authority)',
  })
  async caseReviewExplanationsDue(
    @Arg('authority', () => ID, { nullable: true }) authority: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<CaseReviewExplanation[]> {
    const id = authority ?? ctx.caller.agencyId;
    requireOwnAuthority(ctx.caller, id, 'The explanations due are the caller’s own authority’s');
    return ctx.em.find(CaseReviewExplanation, { authorityAgencyId: id, sentAt: null }, { orderBy: { raisedAt: 'asc', id: 'asc' } });
  }

  @Mutation(() => CaseReviewExplanation, {
    description:
      'Record that the ASB Case Review explanation was sent: by LETTER or EMAIL (the letter is rendered and kept as sent), or by PHONE (a call, with a note)',
  })
  async recordCaseReviewExplanation(
    @Arg('id', () => ID) id: string,
    @Arg('channel', () => ContactChannel) channel: ContactChannel,
    @Ctx() ctx: HubContext,
    @Arg('note', () => String, { nullable: true, description: 'What was said on the phone (PHONE only)' }) note?: string | null,
  ): Promise<CaseReviewExplanation> {
    const e = await ctx.em.findOne(CaseReviewExplanation, { id });
    if (!e) throw notFound('CaseReviewExplanation', { field: 'id' });
    requireOwnAuthority(ctx.caller, e.authorityAgencyId, 'A SPOC sends its own authority’s explanations');
    if (e.sentAt) throw conflict('This explanation was already sent', { sentAt: e.sentAt.toISOString() });
    if (note != null && channel !== ContactChannel.PHONE) throw badInput('CaseReviewExplanation.note is for a phone call only', 'note');
    if (note != null && note.length > 2000) throw badInput('CaseReviewExplanation.note must be at most 2,000 characters', 'note');
    const now = new Date();
    if (channel !== ContactChannel.PHONE) {
      const [parties, correspondence, policy] = await Promise.all([
        letterParties(ctx, e.personId, ctx.caller.token),
        correspondenceInForce(ctx, e.authorityAgencyId, now),
        policyInForce(ctx, e.authorityAgencyId, now),
      ]);
      const authority = parties.agencyNames.get(e.authorityAgencyId) ?? 'the council';
      const letter = renderExplanationLetter({
        reference: e.reference,
        authority,
        correspondence: correspondence ?? undefined,
        addressee: parties.addressee,
        date: londonDate(now),
        thresholdSentence: thresholdSentence(policy?.parameters),
      });
      e.letterSubject = letter.subject;
      e.letterHtml = letter.html;
      e.letterText = letter.text;
      e.letterPdf = (await letterPdf(letter, { authority, sentAt: now })).toString('base64');
    }
    // Sending uses the victim's contact details (logged before it is recorded: fails closed).
    await recordDisclosures(ctx, [
      {
        personId: e.personId,
        category: DataCategory.CONTACT,
        basis: `case-review-explanation:${channel}`,
        operation: `${ctx.clientOperation ?? 'mutation recordCaseReviewExplanation'} / case review explanation ${channel}`,
        justification: `the ASB Case Review explained to the victim at their second report within six months (${e.reference}), as the 2025 statutory guidance asks`,
      },
    ]);
    e.channel = channel;
    e.note = channel === ContactChannel.PHONE ? (note ?? null) : null;
    e.sentAt = now;
    e.sentBy = ctx.caller.sub;
    await ctx.em.flush();
    return e;
  }

  @NotPersonal()
  @FieldResolver(() => AgencyRef, { description: 'The authority whose SPOC sends it' })
  authority(@Root() e: CaseReviewExplanation): AgencyRef {
    return { id: e.authorityAgencyId };
  }

  @NotPersonal()
  @FieldResolver(() => PersonRef, { description: 'The victim it is for' })
  person(@Root() e: CaseReviewExplanation): PersonRef {
    return { id: e.personId };
  }

  @NotPersonal()
  @FieldResolver(() => [IncidentRef], { description: 'The reports of the two separate incidents (each same-incident cluster whole)' })
  incidents(@Root() e: CaseReviewExplanation): IncidentRef[] {
    return e.incidentIds.map((id) => ({ id }));
  }
}
