import 'reflect-metadata';
import type { SubgraphDefinition } from '../shared/server';
import { Agency } from './entities/Agency';
import { Consent } from './entities/Consent';
import { Person } from './entities/Person';
import { migrations } from './migrations';
import { AgencyResolver } from './resolvers/AgencyResolver';
import { ConsentResolver } from './resolvers/ConsentResolver';
import { PersonResolver } from './resolvers/PersonResolver';
import { referenceResolvers } from './resolvers/references';
import { ServicePeopleResolver } from './resolvers/ServicePeopleResolver';
import { permissions } from './rules/permissions';

/** The consent subgraph: agencies, people, consent and (issue 3) grants, decisions and the audit log. */
export const consentSubgraph: SubgraphDefinition = {
  name: 'consent',
  resolvers: [AgencyResolver, PersonResolver, ConsentResolver, ServicePeopleResolver],
  referenceResolvers,
  entities: [Agency, Person, Consent],
  migrations,
  permissions,
};
