import { randomUUID } from 'node:crypto';
import type { RunningSubgraph } from '../subgraphs/shared/server';
import type { SubgraphName } from '../platform/services';
import { Agency } from '../subgraphs/consent/entities/Agency';
import { Consent } from '../subgraphs/consent/entities/Consent';
import { DataSharingAgreement } from '../subgraphs/consent/entities/DataSharingAgreement';
import { Person } from '../subgraphs/consent/entities/Person';
import { PersonRecord } from '../subgraphs/consent/entities/PersonRecord';
import { matchKeyOf } from '../subgraphs/consent/rules/person-matching';
import { issueApplicationGrants, issueReviewGrants } from '../subgraphs/consent/rules/grants';
import { Incident } from '../subgraphs/incidents/entities/Incident';
import { linkSameIncidents } from '../subgraphs/incidents/rules/same-incident';
import { ApplicationStatus, TriggerApplication } from '../subgraphs/triggers/entities/TriggerApplication';
import { CaseReview } from '../subgraphs/reviews/entities/CaseReview';
import { ThresholdPolicy } from '../subgraphs/triggers/entities/ThresholdPolicy';
import { POLICY_EFFECTIVE_FROM, thresholdPolicies } from './threshold-policies';
import { RiskAssessmentPolicy } from '../subgraphs/triggers/entities/RiskAssessment';
import { HOME_OFFICE_TRIALS_RISK_POLICY, RISK_POLICY_EFFECTIVE_FROM } from './risk-assessment-policies';
import { agencies, agreements, applications, consents, incidents, people, reviews } from './demo-data';

/**
 * Loads the demo partnership (seeds/demo-data.ts) into each subgraph's own schema, through that
 * subgraph's ORM. Idempotent: records that exist are left as they are.
 */
type Running = Pick<Record<SubgraphName, Pick<RunningSubgraph, 'db'>>, SubgraphName>;

const DAY = 86_400_000;
const daysAgo = (n: number, now: number) => new Date(now - n * DAY);

export async function isEmpty(running: Running): Promise<boolean> {
  return (await running.consent.db.orm.em.fork().count(Agency, {})) === 0;
}

export async function seedDemoData(running: Running, now = Date.now()): Promise<void> {
  const consentEm = running.consent.db.orm.em.fork();
  for (const a of agencies) await consentEm.upsert(Agency, { ...a, createdAt: new Date(now) });
  for (const { records, ...p } of people) {
    await consentEm.upsert(Person, { ...p, matchKey: matchKeyOf(records[0]), createdAt: daysAgo(150, now) });
    // The registering agency's record first; the others were supplied later, a day apart.
    for (const [k, r] of records.entries()) {
      await consentEm.upsert(
        PersonRecord,
        { id: randomUUID(), vulnerabilities: [], ...r, personId: p.id, suppliedAt: daysAgo(150 - k, now), updatedAt: daysAgo(150 - k, now) },
        { onConflictFields: ['personId', 'agencyId'], onConflictExcludeFields: ['id'] },
      );
    }
  }
  const day = (n: number) => new Date(now + n * DAY).toISOString().slice(0, 10);
  for (const { startedDaysAgo, reviewInDays, endsInDays, ...a } of agreements) {
    await consentEm.upsert(
      DataSharingAgreement,
      { id: randomUUID(), ...a, startsOn: day(-startedDaysAgo), reviewOn: day(reviewInDays), endsOn: day(endsInDays), recordedBy: 'seed', createdAt: new Date(now) },
      { onConflictFields: ['reference'], onConflictAction: 'ignore' },
    );
  }
  for (const c of consents) {
    const { personId, grantedDaysAgo, ...rest } = c;
    await consentEm.upsert(Consent, { ...rest, person: personId, grantedAt: daysAgo(grantedDaysAgo, now) });
  }

  await consentEm.flush();
  // The open review's panel holds the grants the applicant's consent covers (as openCaseReview issues them).
  for (const r of reviews) {
    const app = applications.find((a) => a.id === r.applicationId)!;
    await issueReviewGrants(consentEm, { reviewId: r.id, personIds: [app.applicantPersonId], agencyIds: r.panelAgencyIds, issuedBy: 'seed' }, new Date(now - r.openedDaysAgo * DAY));
  }
  // Each accepted application's authority holds the grants its consent covers (as submitTriggerApplication issues them).
  for (const a of applications) {
    await issueApplicationGrants(consentEm, { applicationId: a.id, consentId: a.consentId, authorityAgencyId: a.authorityAgencyId, issuedBy: 'seed' }, daysAgo(a.receivedDaysAgo, now));
  }
  await consentEm.flush();

  const incidentsEm = running.incidents.db.orm.em.fork();
  const seededIncidents: string[] = [];
  for (const i of incidents) {
    const occurredAt = daysAgo(i.occurredDaysAgo, now);
    const existing = await incidentsEm.findOne(Incident, { agencyId: i.agencyId, sourceRef: i.sourceRef });
    if (existing) continue;
    const created = incidentsEm.create(Incident, {
      source: i.source, agencyId: i.agencyId, sourceRef: i.sourceRef, category: i.category, subType: i.subType,
      occurredAt, reportedAt: new Date(occurredAt.getTime() + i.reportedAfterHours * 3_600_000),
      description: i.description, location: i.location, lsoaCode: i.lsoaCode, reporterPersonId: i.reporter, personIds: [],
      actions: i.actions.map((a) => ({ at: new Date(occurredAt.getTime() + a.afterDays * DAY).toISOString(), action: a.action, by: a.by })),
    });
    seededIncidents.push(created.id);
  }
  await incidentsEm.flush();
  // The same-incident linker runs on them as on submitted ones (Alice's one night reported to police and housing is one cluster).
  await linkSameIncidents(incidentsEm.getConnection().getKnex(), seededIncidents);

  const triggersEm = running.triggers.db.orm.em.fork();
  for (const policy of thresholdPolicies) {
    for (const authorityAgencyId of policy.authorityAgencyIds) {
      if (await triggersEm.findOne(ThresholdPolicy, { authorityAgencyId, version: 1 })) continue;
      triggersEm.create(ThresholdPolicy, {
        authorityAgencyId, version: 1, name: policy.name, effectiveFrom: POLICY_EFFECTIVE_FROM, parameters: policy.parameters, correspondence: policy.correspondence, createdBy: 'seed',
      });
    }
  }
  if (!(await triggersEm.findOne(RiskAssessmentPolicy, { authorityAgencyId: null, version: 1 }))) {
    const { name, questions, bands } = HOME_OFFICE_TRIALS_RISK_POLICY;
    triggersEm.create(RiskAssessmentPolicy, { authorityAgencyId: null, version: 1, name, effectiveFrom: RISK_POLICY_EFFECTIVE_FROM, questions, bands, createdBy: 'seed' });
  }
  await triggersEm.flush();
  for (const a of applications) {
    const receivedAt = daysAgo(a.receivedDaysAgo, now);
    await triggersEm.upsert(TriggerApplication, {
      id: a.id, reference: a.reference, authorityAgencyId: a.authorityAgencyId, applicantPersonId: a.applicantPersonId,
      channel: a.channel, applicantType: a.applicantType, status: ApplicationStatus[a.status], receivedAt,
      acknowledgedAt: receivedAt, decision: a.decision, decidedAt: new Date(receivedAt.getTime() + 3 * DAY),
      recordedByAgencyId: a.authorityAgencyId, createdAt: receivedAt, consentToShare: true, consentId: a.consentId,
      reviewStartedAt: a.status === 'IN_REVIEW' ? new Date(receivedAt.getTime() + 4 * DAY) : null,
    });
  }

  const reviewsEm = running.reviews.db.orm.em.fork();
  for (const r of reviews) {
    const { openedDaysAgo, meetingInDays, ...rest } = r;
    await reviewsEm.upsert(CaseReview, {
      ...rest, openedAt: daysAgo(openedDaysAgo, now), meetingAt: new Date(now + meetingInDays * DAY), openedByAgencyId: rest.chairAgencyId,
      subjectPersonId: applications.find((a) => a.id === rest.applicationId)?.applicantPersonId ?? null,
    });
  }
}
