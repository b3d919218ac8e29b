import type { EntityManager } from '@mikro-orm/postgresql';
import { CaseReview } from '../entities/CaseReview';
import { ActionItem, InformationRequest, ReviewFinding, ReviewMeeting, VictimMeetingInvitation } from '../entities/ReviewRecords';
import type { ReviewRecords } from '../rules/case-history';

/**
 * The review records of a case history: every review of the application (first and second stage)
 * and their meetings, information requests, findings, action items and the victim's invitations.
 * One statement, its rows mapped onto the entities (already loaded ones are kept as they are, as
 * `find` would): six ORM `find`s, two round trips, cost several times the CPU of the rows' read
 * (docs/benchmarks.md "case-history"). The timeline sorts every entry itself (rules/case-history.ts),
 * so the order here only keeps each kind as the resolver read it.
 */
const RECORDS = `with r as (select * from "reviews"."case_review" where application_id = ?)
  select 'r' as kind, to_jsonb(r) as row, r.opened_at as at from r
  union all select 'm', to_jsonb(x), x.held_at from "reviews"."review_meeting" x where x.review_id in (select id from r)
  union all select 'q', to_jsonb(x), x.requested_at from "reviews"."information_request" x where x.review_id in (select id from r)
  union all select 'f', to_jsonb(x), x.recorded_at from "reviews"."review_finding" x where x.review_id in (select id from r)
  union all select 'a', to_jsonb(x), x.created_at from "reviews"."action_item" x where x.review_id in (select id from r)
  union all select 'i', to_jsonb(x), x.invited_at from "reviews"."victim_meeting_invitation" x where x.review_id in (select id from r)
  order by kind, at`;

const ENTITY = { r: CaseReview, m: ReviewMeeting, q: InformationRequest, f: ReviewFinding, a: ActionItem, i: VictimMeetingInvitation } as const;

export async function caseRecords(em: EntityManager, applicationId: string): Promise<ReviewRecords> {
  const rows = await em.getConnection().execute<Array<{ kind: keyof typeof ENTITY; row: Record<string, unknown> }>>(RECORDS, [applicationId], 'all', em.getTransactionContext());
  const out = { r: [], m: [], q: [], f: [], a: [], i: [] } as Record<keyof typeof ENTITY, object[]>;
  const uow = em.getUnitOfWork();
  for (const { kind, row } of rows) {
    const entity = ENTITY[kind];
    out[kind].push(uow.getById<object>(entity.name, row.id as string) ?? em.map(entity as never, row));
  }
  return {
    reviews: out.r as CaseReview[],
    meetings: out.m as ReviewMeeting[],
    requests: out.q as InformationRequest[],
    findings: out.f as ReviewFinding[],
    actions: out.a as ActionItem[],
    invitations: out.i as VictimMeetingInvitation[],
  };
}
