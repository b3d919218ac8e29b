import { chain } from 'graphql-shield';
import { DataCategory } from '../../shared/enums';
import { hasRole, isService, isUser, personal } from '../../shared/rules';
import type { Person } from '../entities/Person';

/**
 * Who may read and do what in the consent subgraph. Every type lists every field (deny by
 * default); personal fields are guarded by data category.
 */
const readsPeople = hasRole('spoc', 'reviewer', 'dpo', 'admin', 'contributor');
const managesConsent = hasRole('spoc', 'dpo');
const personSubject = (p: Person) => ({ personId: p.id, controllerAgencyIds: p.controllerAgencyIds });
const personData = Object.fromEntries(
  Object.values(DataCategory).map((c) => [c, chain(readsPeople, personal(c, personSubject))]),
) as Record<DataCategory, ReturnType<typeof chain>>;

export const permissions = {
  Query: {
    person: readsPeople,
    agency: isUser,
    agencies: isUser,
    serviceAgencyKind: isService,
  },
  Mutation: {
    registerPerson: hasRole('spoc'),
    serviceResolvePeople: isService,
    serviceEnsureAgency: isService,
  },
  Agency: { '*': isUser },
  Person: {
    id: readsPeople,
    createdAt: readsPeople,
    registeredBy: readsPeople,
    givenName: personData.IDENTITY,
    familyName: personData.IDENTITY,
    dateOfBirth: personData.IDENTITY,
    address: personData.CONTACT,
    postcode: personData.CONTACT,
    phone: personData.CONTACT,
    email: personData.CONTACT,
    vulnerabilities: personData.SPECIAL_CATEGORY,
    consents: managesConsent,
  },
  Consent: { '*': managesConsent },
};
