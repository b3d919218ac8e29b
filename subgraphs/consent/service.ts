import 'reflect-metadata';
import type { SubgraphDefinition } from '../shared/server';
import { AccessEvent } from './entities/AccessEvent';
import { AccessGrant } from './entities/AccessGrant';
import { Agency } from './entities/Agency';
import { Consent } from './entities/Consent';
import { Person } from './entities/Person';
import { migrations } from './migrations';
import { AccessGrantResolver } from './resolvers/AccessGrantResolver';
import { AccessLogResolver } from './resolvers/AccessLogResolver';
import { AgencyResolver } from './resolvers/AgencyResolver';
import { ConsentResolver } from './resolvers/ConsentResolver';
import { PersonResolver } from './resolvers/PersonResolver';
import { PolicyDecisionResolver } from './resolvers/PolicyDecisionResolver';
import { referenceResolvers } from './resolvers/references';
import { ServicePeopleResolver } from './resolvers/ServicePeopleResolver';
import { permissions } from './rules/permissions';
import { decideAndLog } from './rules/policy-decision-point';

/**
 * The consent subgraph: agencies, people, consents, access grants, the policy decision point and
 * the hash-chained access log with the DPO's tools.
 */
export const consentSubgraph: SubgraphDefinition = {
  name: 'consent',
  resolvers: [AgencyResolver, PersonResolver, ConsentResolver, AccessGrantResolver, AccessLogResolver, PolicyDecisionResolver, ServicePeopleResolver],
  referenceResolvers,
  entities: [Agency, Person, Consent, AccessGrant, AccessEvent],
  migrations,
  permissions,
  // The policy decision point lives here: asked in-process, not over HTTP.
  policyDecisionPoint: (db) => (actor, questions) => decideAndLog(db.orm.em.fork(), actor, questions),
  // The agencies are here: asked in-process, not over HTTP.
  knownAgency: (db) => async (agencyId) => (await db.orm.em.fork().count(Agency, { id: agencyId })) > 0,
};
