import type { EntityManager } from '@mikro-orm/postgresql';
import type { ApplicantType, ApplicationChannel, TriggerDecision } from '../../shared/enums';
import type { ApplicationStatus } from '../entities/TriggerApplication';
import type { RiskAssessmentStage } from '../entities/RiskAssessment';
import type { PccReviewResult } from '../entities/PccReview';
import type { VictimEvent } from '../rules/victim';

/**
 * What the case history reads of an application (`_applicationHistory`): its fields, letters, risk
 * assessments (when, never the band) and PCC review, in one statement of plain rows. Four ORM reads,
 * the application hydrated whole, cost several times the CPU of the rows (docs/benchmarks.md
 * "case-history").
 */
const HISTORY = `select a.id, a.reference, a.authority_agency_id, a.victim_person_id, a.applicant_person_id, a.channel, a.applicant_type, a.status,
    a.received_at, a.acknowledged_at, a.decision, a.decided_at, a.decision_reason, a.review_started_at, a.outcome_sent_at, a.action_plan_at,
    a.final_review_at, a.appealed_at, a.appeal_reason, a.closed_at, a.victim_events,
    (select jsonb_agg(jsonb_build_object('id', l.id, 'kind', l.kind, 'subject', l.subject, 'sentAt', l.sent_at) order by l.sent_at, l.id)
       from "triggers"."letter" l where l.application_id = a.id) as letters,
    (select jsonb_agg(jsonb_build_object('id', r.id, 'stage', r.stage, 'assessedAt', r.assessed_at) order by r.assessed_at, r.id)
       from "triggers"."risk_assessment" r where r.application_id = a.id) as risks,
    (select jsonb_build_object('id', p.id, 'reviewer', p.reviewer, 'requestedAt', p.requested_at, 'result', p.result, 'resultAt', p.result_at)
       from "triggers"."pcc_review" p where p.application_id = a.id limit 1) as pcc
  from "triggers"."trigger_application" a where a.id = ?`;

type Time = Date | string;

export interface ApplicationHistoryRow {
  id: string;
  reference: string;
  authority_agency_id: string;
  victim_person_id: string | null;
  applicant_person_id: string | null;
  channel: ApplicationChannel;
  applicant_type: ApplicantType;
  status: ApplicationStatus;
  received_at: Time;
  acknowledged_at: Time | null;
  decision: TriggerDecision | null;
  decided_at: Time | null;
  decision_reason: string | null;
  review_started_at: Time | null;
  outcome_sent_at: Time | null;
  action_plan_at: Time | null;
  final_review_at: Time | null;
  appealed_at: Time | null;
  appeal_reason: string | null;
  closed_at: Time | null;
  victim_events: VictimEvent[] | null;
  letters: Array<{ id: string; kind: string; subject: string; sentAt: string }> | null;
  risks: Array<{ id: string; stage: RiskAssessmentStage; assessedAt: string }> | null;
  pcc: { id: string; reviewer: string; requestedAt: string; result: PccReviewResult | null; resultAt: string | null } | null;
}

export async function applicationHistoryRow(em: EntityManager, id: string): Promise<ApplicationHistoryRow | null> {
  const rows = await em.getConnection().execute<ApplicationHistoryRow[]>(HISTORY, [id], 'all', em.getTransactionContext());
  return rows[0] ?? null;
}
