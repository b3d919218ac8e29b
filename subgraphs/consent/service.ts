import 'reflect-metadata';
import type { SubgraphDefinition } from '../shared/server';
import { AccessEvent } from './entities/AccessEvent';
import { AccessGrant } from './entities/AccessGrant';
import { Agency } from './entities/Agency';
import { Consent } from './entities/Consent';
import { DataSharingAgreement } from './entities/DataSharingAgreement';
import { Person } from './entities/Person';
import { PersonRecord } from './entities/PersonRecord';
import { migrations } from './migrations';
import { AccessGrantResolver } from './resolvers/AccessGrantResolver';
import { ApplicationConsentResolver } from './resolvers/ApplicationConsentResolver';
import { AccessLogResolver } from './resolvers/AccessLogResolver';
import { AgencyResolver } from './resolvers/AgencyResolver';
import { ConsentResolver } from './resolvers/ConsentResolver';
import { DataSharingAgreementResolver } from './resolvers/DataSharingAgreementResolver';
import { ProcessingResolver } from './resolvers/ProcessingResolver';
import { RecordsResolver } from './resolvers/RecordsResolver';
import { PersonRecordResolver, PersonResolver } from './resolvers/PersonResolver';
import { OnlineApplicantResolver } from './resolvers/OnlineApplicantResolver';
import { PolicyDecisionResolver } from './resolvers/PolicyDecisionResolver';
import { referenceResolvers } from './resolvers/references';
import { ServicePeopleResolver } from './resolvers/ServicePeopleResolver';
import { localPolicyDecisionPoint } from './rules/policy-decision-point';
import { policyDecisionHandler, PDP_PATH } from './resolvers/PolicyDecisionEndpoint';
import { auditKeyring, primeAccessLogHead } from './rules/audit-log';
import { scheduleCheckpoints } from './rules/checkpoint-schedule';
import { CATALOGUE } from '../../platform/catalogue';
import { LetterPartiesResolver } from './resolvers/LetterPartiesResolver';
import { ReportAuthorityResolver } from './resolvers/ReportAuthorityResolver';
import { SubjectAccessResolver } from './resolvers/SubjectAccessResolver';

/**
 * The consent subgraph: agencies, people, consents, access grants, the policy decision point and
 * the hash-chained access log with the DPO's tools.
 */
export const consentSubgraph: SubgraphDefinition = {
  name: 'consent',
  resolvers: [AgencyResolver, PersonResolver, PersonRecordResolver, ConsentResolver, AccessGrantResolver, AccessLogResolver, PolicyDecisionResolver, ServicePeopleResolver, ApplicationConsentResolver, DataSharingAgreementResolver, ProcessingResolver, RecordsResolver, OnlineApplicantResolver, LetterPartiesResolver, ReportAuthorityResolver, SubjectAccessResolver],
  referenceResolvers,
  entities: [Agency, Person, PersonRecord, Consent, AccessGrant, AccessEvent, DataSharingAgreement],
  migrations,
  catalogue: CATALOGUE.consent,
  // Not waited for at start (each of them waits for consent): a withdrawal is noted on the
  // applications resting on the consent, best effort (triggers also reads it back); the DPO's
  // subject access export asks each for its part, and fails, naming it, while one is down.
  optionalPeers: ['triggers', 'incidents', 'reviews'],
  // The policy decision point lives here: asked in-process, not over HTTP.
  policyDecisionPoint: (db) => {
    auditKeyring(); // production refuses to start without the access log's key
    return localPolicyDecisionPoint(() => db.orm.em.fork());
  },
  // The other subgraphs ask it over plain HTTP (resolvers/PolicyDecisionEndpoint.ts).
  fastRoutes: (db) => ({ [PDP_PATH]: policyDecisionHandler(db) }),
  prepare: (db) => primeAccessLogHead(db.orm.em.fork()),
  // Signed checkpoints of the access log's head, taken regularly (AUDIT_CHECKPOINT_MINUTES).
  background: (db) => scheduleCheckpoints(() => db.orm.em.fork()),
  // The agencies are here: asked in-process, not over HTTP.
  knownAgency: (db) => async (agencyId) => (await db.orm.em.fork().count(Agency, { id: agencyId })) > 0,
};
