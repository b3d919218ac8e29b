import type { Role } from './auth';
import { ANY_USER, type SubgraphCatalogue } from './operations';
import type { SubgraphName } from './services';

/**
 * Who may do what: every query and mutation of every subgraph, with the roles that may call it and
 * the scope it acts in. This is the one catalogue: each subgraph's permission layer is generated
 * from its part (shared/permission-layer.ts), the scopes are checked by the shared helpers in
 * shared/scope.ts, and docs/access-rules.md prints it for DPOs. What an answer may contain is then
 * decided field by field from the declarations on the fields.
 */
const PEOPLE_READERS: Role[] = ['spoc', 'reviewer', 'dpo', 'admin', 'contributor'];
const CONSENT_MANAGERS: Role[] = ['spoc', 'dpo'];
const INCIDENT_READERS: Role[] = ['contributor', 'spoc', 'reviewer', 'dpo', 'admin'];
const STATISTICS_READERS: Role[] = ['analyst', 'spoc', 'dpo', 'admin'];
const APPLICATION_READERS: Role[] = ['spoc', 'reviewer', 'dpo', 'admin'];
const POLICY_READERS: Role[] = ['spoc', 'reviewer', 'dpo', 'analyst', 'admin'];
const REVIEW_READERS: Role[] = ['spoc', 'reviewer', 'dpo', 'admin'];
const PANEL: Role[] = ['spoc', 'reviewer'];

export const CATALOGUE: Record<SubgraphName, SubgraphCatalogue> = {
  consent: {
    operations: {
      'Query.person': { roles: PEOPLE_READERS, scope: 'any', description: 'A person by id: the values the caller supplied, others only under a grant' },
      'Query.agency': { roles: 'user', scope: 'any', description: 'A partner agency (not personal)' },
      'Query.agencies': { roles: 'user', scope: 'any', description: 'The partner agencies (not personal)' },
      'Mutation.registerAgency': { roles: ['admin'], scope: 'any', description: 'Register a partner agency: kind, area, whether it is an authority, its contacts' },
      'Mutation.updateAgency': { roles: ['admin'], scope: 'any', description: 'Change a partner agency’s name, kind, area, authority or contacts' },
      'Query.accessLog': { roles: ['dpo'], scope: 'any', description: 'The access log' },
      'Query.verifyAccessLog': { roles: ['dpo'], scope: 'any', description: 'Verify the access log chain, and its consistency with a checkpoint' },
      'Query.accessLogCheckpoint': { roles: ['dpo'], scope: 'any', description: 'Sign a checkpoint of the access log’s head (written outside the database, and returned)' },
      'Query.accessRules': { roles: ['dpo'], scope: 'any', description: 'The policy decision point’s rules, as data' },
      'Query.accessRulesDocument': { roles: ['dpo'], scope: 'any', description: 'The access rules in force as one document (docs/access-rules.md)' },
      'Query.explainAccess': { roles: ['dpo'], scope: 'any', description: 'Why an agency could or could not see a category of a person' },
      'Query.serviceAgencyKind': { roles: 'service', scope: 'service', description: 'The kind of an agency (ingestion)' },
      'Mutation.registerPerson': { roles: ['spoc'], scope: 'own-agency', description: 'Record a person’s details as the caller’s agency holds them; a match links records, it never widens what the caller sees' },
      'Mutation.recordConsent': { roles: ['spoc'], scope: 'own-agency', description: 'Record a consent given to the caller’s agency (it must hold a record of the person)' },
      'Mutation.withdrawConsent': { roles: ['spoc'], scope: 'own-authority', description: 'Withdraw a consent the caller’s agency recorded; revokes the grants resting on it' },
      'Mutation.recordAccessGrant': { roles: ['dpo'], scope: 'supplying-controller', description: 'Grant another party of an agreement in force access to the caller’s agency’s data on another lawful basis' },
      'Mutation.revokeAccessGrant': { roles: ['dpo'], scope: 'supplying-controller', description: 'Revoke a grant of the caller’s agency’s data' },
      'Mutation.recordDataSharingAgreement': { roles: ['dpo'], scope: 'own-agency', description: 'Record a data sharing agreement the caller’s agency is party to' },
      'Query.accessGrants': { roles: ['dpo'], scope: 'any', description: 'The grants over a person: who may see which category of whose data, and on what' },
      'Query.consentReceipt': { roles: CONSENT_MANAGERS, scope: 'own-agency', description: 'A consent’s receipt (ISO/IEC TS 27560): the agency that recorded it, or the DPO of one it concerns' },
      'Query.recordOfProcessing': { roles: ['dpo'], scope: 'any', description: 'The record of processing activities (UK GDPR Art. 30), generated' },
      'Query.subjectAccessExport': { roles: ['dpo'], scope: 'any', description: 'A subject access export (UK GDPR Art. 15): everything held on a person in every subgraph, and who accessed it; logged as a disclosure per category' },
      'Query.dataSharingAgreements': { roles: ['dpo'], scope: 'any', description: 'The data sharing agreements (not personal)' },
      'Mutation._decideAccess': { roles: 'service', scope: 'service', description: 'The policy decision point' },
      'Mutation._recordProcessing': { roles: 'service', scope: 'service', description: 'Log a processing step of another subgraph (a letter’s disclosure)' },
      'Mutation._issueReviewGrants': { roles: 'service', scope: 'service', description: 'Grants for a review panel' },
      'Mutation._revokeReviewGrants': { roles: 'service', scope: 'service', description: 'End a review panel’s grants' },
      'Mutation.serviceResolvePeople': { roles: 'service', scope: 'service', description: 'Match reported people to persons (ingestion)' },
      'Query._letterParties': { roles: 'service', scope: 'service', description: 'Agency names and the authority’s own record of a letter’s addressee (letters sent without a SPOC, e.g. the online form)' },
      'Query._activeConsent': { roles: 'service', scope: 'service', description: 'The consent an application rests on (triggers)' },
      'Query._consentStates': { roles: 'service', scope: 'service', description: 'The states of the consents applications rest on (triggers)' },
      'Mutation._issueApplicationGrants': { roles: 'service', scope: 'service', description: 'Grants for the authority handling an application with consent' },
      'Mutation._revokeApplicationGrants': { roles: 'service', scope: 'service', description: 'End an application’s grants' },
      'Query._onlineAuthority': { roles: 'service', scope: 'service', description: 'The authority an online application form is for, and its area’s agencies (gateway)' },
      'Mutation._registerOnlineApplicant': { roles: 'service', scope: 'service', description: 'An online applicant registered as the authority’s record, with the consent given on the form (gateway)' },
      'Mutation._withdrawOnlineConsent': { roles: 'service', scope: 'service', description: 'The applicant withdraws their online consent from their own page (gateway)' },
      'Query._reportAuthorities': { roles: 'service', scope: 'service', description: 'The authority whose SPOC hears of a person’s reports (triggers: the Case Review explanation)' },
      'Mutation.serviceEnsureAgency': { roles: 'service', scope: 'service', description: 'Register a new contributing agency (ingestion)' },
    },
    entities: { Person: PEOPLE_READERS, Agency: ANY_USER, Consent: CONSENT_MANAGERS, AccessGrant: CONSENT_MANAGERS },
  },
  incidents: {
    operations: {
      'Query.incident': { roles: INCIDENT_READERS, scope: 'any', description: 'An incident: its supplier sees it, others only under a grant' },
      'Query.incidents': { roles: INCIDENT_READERS, scope: 'any', description: 'Incidents, paged: only those the caller supplied or may see under a grant' },
      'Query.incidentStatistics': { roles: STATISTICS_READERS, scope: 'any', description: 'Counts under disclosure control' },
      'Query.thresholdIncidents': { roles: 'service', scope: 'service', description: 'A person’s incidents for the threshold' },
      'Query.caseHistoryIncidents': { roles: 'service', scope: 'service', description: 'A person’s incidents for the case history' },
      'Query.retentionDryRun': { roles: ['dpo'], scope: 'any', description: 'The incidents past the retention period, counted per agency and year (counts only; nothing changed)' },
      'Mutation.anonymiseRetainedIncidents': { roles: ['dpo'], scope: 'any', description: 'Remove the personal detail of the incidents past the retention period, once the count the dry run showed is confirmed; logged as an erasure per person' },
      'Query._incidentsSubjectAccess': { roles: 'service', scope: 'service', description: 'A person’s incidents for their subject access export (consent)' },
      'Mutation.submitIncidents': { roles: ['contributor'], scope: 'own-agency', description: 'Upsert the caller’s agency’s incidents' },
      'Mutation.submitIncidentsBulk': { roles: ['contributor'], scope: 'own-agency', description: 'Upsert the caller’s agency’s incidents, in bulk (NDJSON)' },
      'Mutation.unlinkIncidents': { roles: ['spoc'], scope: 'own-authority', description: 'Undo a same-incident link' },
    },
    entities: { Person: INCIDENT_READERS, Incident: INCIDENT_READERS },
  },
  triggers: {
    operations: {
      'Query.triggerApplication': { roles: APPLICATION_READERS, scope: 'any', description: 'An application (its personal parts decided per field)' },
      'Query.triggerApplications': { roles: ['spoc', 'dpo', 'admin'], scope: 'own-authority', description: 'The work queue of the caller’s authority, overdue first' },
      'Query.thresholdPolicies': { roles: POLICY_READERS, scope: 'any', description: 'Threshold policies (not personal)' },
      'Query.thresholdPolicyInForce': { roles: POLICY_READERS, scope: 'any', description: 'The policy in force for an authority' },
      'Query.triggerStatistics': { roles: STATISTICS_READERS, scope: 'any', description: 'The statutory figures under disclosure control' },
      // The one operation open without a token: the yearly figures a council publishes (always disclosure-controlled).
      'Query.publishedTriggerStatistics': { roles: 'public', scope: 'any', description: 'An authority’s yearly figures as published: anyone, no token, always under disclosure control' },
      'Query._applicationParties': { roles: 'service', scope: 'service', description: 'Who an application is about (reviews)' },
      'Query._applicationHistory': { roles: 'service', scope: 'service', description: 'An application’s decisions and letters (case history)' },
      'Query._triggersSubjectAccess': { roles: 'service', scope: 'service', description: 'A person’s applications, letters and messages sent, for their subject access export (consent)' },
      'Mutation.submitTriggerApplication': { roles: ['spoc'], scope: 'own-authority', description: 'Record an application to the caller’s authority' },
      'Mutation.referTriggerApplication': { roles: ['spoc', 'reviewer'], scope: 'own-agency', description: 'Refer an application the caller’s agency received to the authority’s SPOC (kept on both sides)' },
      'Query.triggerReferrals': { roles: ['spoc', 'reviewer', 'dpo', 'admin'], scope: 'own-agency', description: 'Referrals the caller’s agency made, or those made to its authority' },
      'Mutation.acknowledgeApplication': { roles: ['spoc'], scope: 'own-authority', description: 'Acknowledge (CT1)' },
      'Mutation.evaluateThreshold': { roles: ['spoc'], scope: 'own-authority', description: 'Apply the threshold policy' },
      'Mutation.decideApplication': { roles: ['spoc'], scope: 'own-authority', description: 'Decide (CT2/CT3)' },
      'Mutation.markNotPursued': { roles: ['spoc'], scope: 'own-authority', description: 'Record an application as not pursued' },
      'Mutation.beginReview': { roles: ['spoc'], scope: 'own-authority', description: 'Move to review' },
      'Mutation.recordOutcome': { roles: ['spoc'], scope: 'own-authority', description: 'Record the outcome (CT4)' },
      'Mutation.startActionPlan': { roles: ['spoc'], scope: 'own-authority', description: 'Start the action plan' },
      'Mutation.startFinalReview': { roles: ['spoc'], scope: 'own-authority', description: 'Start the final review' },
      'Mutation.closeApplication': { roles: ['spoc'], scope: 'own-authority', description: 'Close (CT5)' },
      'Mutation.appealApplication': { roles: ['spoc'], scope: 'own-authority', description: 'Record an appeal (second stage)' },
      'Mutation.publishThresholdPolicy': { roles: ['spoc', 'admin'], scope: 'own-authority', description: 'Publish a new policy version (admin: the national default)' },
      'Mutation._consentWithdrawn': { roles: 'service', scope: 'service', description: 'Note a consent withdrawal on the applications resting on it (consent)' },
      'Mutation._submitOnlineApplication': { roles: 'service', scope: 'service', description: 'An application from the public online form, recorded as the authority’s (gateway)' },
      'Query._applicantView': { roles: 'service', scope: 'service', description: 'What an applicant’s own page shows of their application (gateway)' },
      'Query.caseReviewExplanationsDue': { roles: ['spoc', 'dpo', 'admin'], scope: 'own-authority', description: 'The ASB Case Review explanations the caller’s authority has still to send (second report within six months)' },
      'Mutation.recordCaseReviewExplanation': { roles: ['spoc'], scope: 'own-authority', description: 'Record how and when an explanation was sent (letter, email or phone); logged' },
      'Query.riskAssessmentPolicyInForce': { roles: POLICY_READERS, scope: 'any', description: 'The victim risk assessment policy in force for an authority (not personal)' },
      'Mutation.recordRiskAssessment': { roles: ['spoc'], scope: 'own-authority', description: 'Record a victim risk assessment on an application (high risk raises it in the queue)' },
      'Mutation.requestPccReview': { roles: ['spoc'], scope: 'own-authority', description: 'Record the victim’s request for a PCC review of a "threshold not met" decision, where the area offers it' },
      'Mutation.recordPccReviewResult': { roles: ['spoc'], scope: 'own-authority', description: 'Record the PCC’s result' },
      'Mutation._reportsLanded': { roles: 'service', scope: 'service', description: 'Reports have landed: raise the Case Review explanations now due (incidents)' },
      'Mutation._reviewStep': { roles: 'service', scope: 'service', description: 'A review step from the reviews subgraph' },
      'Query.outbox': { roles: ['spoc', 'dpo', 'admin'], scope: 'own-authority', description: 'The letters and messages sent for the caller’s authority, with delivery status (recipients decided per message)' },
      'Mutation.setVictimContact': { roles: ['spoc'], scope: 'own-authority', description: 'Name the victim’s single point of contact (an officer)' },
      'Mutation.setVictimInvolvement': { roles: ['spoc'], scope: 'own-authority', description: 'Record how the victim wants to take part in the review' },
      'Mutation._setApplicantInvolvement': { roles: 'service', scope: 'service', description: 'The applicant chooses how to take part, on their own page (gateway)' },
    },
    entities: { Person: APPLICATION_READERS, TriggerApplication: APPLICATION_READERS, Incident: ANY_USER },
  },
  reviews: {
    operations: {
      'Query.caseReview': { roles: REVIEW_READERS, scope: 'any', description: 'A case review (its personal parts decided per field)' },
      'Query.caseReviews': { roles: ['spoc', 'reviewer'], scope: 'panel-member', description: 'The reviews the caller’s agency sits on or convened' },
      'Query._reviewsSubjectAccess': { roles: 'service', scope: 'service', description: 'The case reviews of a person’s applications, for their subject access export (consent)' },
      'Mutation.openCaseReview': { roles: ['spoc'], scope: 'own-authority', description: 'Convene the panel; issues the grants the consent covers' },
      'Mutation.closeCaseReview': { roles: ['spoc'], scope: 'own-authority', description: 'Close; ends the panel’s grants' },
      'Mutation.inviteVictim': { roles: ['spoc'], scope: 'own-authority', description: 'Invite the victim to a meeting (in person or virtual); each invitation kept' },
      'Mutation.recordVictimConsultation': { roles: ['spoc'], scope: 'own-authority', description: 'Record that the victim was consulted on the action plan (before the outcome)' },
      'Mutation.requestInformation': { roles: ['spoc'], scope: 'own-authority', description: 'Ask a panel agency for information' },
      'Mutation.respondToInformationRequest': { roles: PANEL, scope: 'panel-member', description: 'Answer a request addressed to the caller’s agency' },
      'Mutation.recordReviewMeeting': { roles: ['spoc'], scope: 'own-authority', description: 'Record a meeting' },
      'Mutation.recordFinding': { roles: PANEL, scope: 'panel-member', description: 'Record a finding' },
      'Mutation.addActionItem': { roles: ['spoc'], scope: 'own-authority', description: 'Add an action to the plan' },
      'Mutation.updateActionItem': { roles: PANEL, scope: 'panel-member', description: 'Update an action the caller’s agency owns' },
      'Mutation.sendReviewOutcome': { roles: ['spoc'], scope: 'own-authority', description: 'Send the outcome' },
      'Mutation.beginFinalReview': { roles: ['spoc'], scope: 'own-authority', description: 'Begin the six-month final review' },
      'Mutation.recordCaseReviewAgenda': { roles: ['spoc'], scope: 'own-authority', description: 'Record a meeting’s agenda (Derbyshire template)' },
      'Mutation.recordActionPlan': { roles: ['spoc'], scope: 'own-authority', description: 'Record the action plan (Derbyshire template); a new version each time' },
      'Mutation.recordPerpetratorProportionalityAssessment': { roles: PANEL, scope: 'panel-member', description: 'Assess whether action against the perpetrator is proportionate (Derbyshire template)' },
    },
    entities: { TriggerApplication: REVIEW_READERS, CaseReview: REVIEW_READERS },
  },
};
