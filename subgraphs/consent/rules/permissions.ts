import type { Role } from '../../shared/auth';
import { DataCategory } from '../../shared/enums';
import { hasRole, isService, isUser, personal } from '../../shared/rules';
import type { Person } from '../entities/Person';

/**
 * Who may read and do what in the consent subgraph. Every type lists every field (deny by
 * default); personal fields are guarded by data category; service-only fields need the service
 * credential; the audit tools are the DPO's.
 */
const PEOPLE_READERS: Role[] = ['spoc', 'reviewer', 'dpo', 'admin', 'contributor'];
const readsPeople = hasRole(...PEOPLE_READERS);
const managesConsent = hasRole('spoc', 'dpo');
const dpo = hasRole('dpo');
const personSubject = (p: Person) => ({ personId: p.id, controllerAgencyIds: p.controllerAgencyIds });
const personData = Object.fromEntries(
  Object.values(DataCategory).map((c) => [c, personal(c, personSubject, { roles: PEOPLE_READERS })]),
) as Record<DataCategory, ReturnType<typeof personal>>;

export const permissions = {
  Query: {
    person: readsPeople,
    agency: isUser,
    agencies: isUser,
    accessLog: dpo,
    verifyAccessLog: dpo,
    accessRules: dpo,
    explainAccess: dpo,
  },
  Mutation: {
    registerPerson: hasRole('spoc'),
    recordConsent: hasRole('spoc'),
    withdrawConsent: hasRole('spoc'),
    recordAccessGrant: dpo,
    revokeAccessGrant: dpo,
    _decideAccess: isService,
    _issueReviewGrants: isService,
    _revokeReviewGrants: isService,
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
  AccessGrant: { '*': hasRole('spoc', 'dpo') },
  AccessAnswer: { '*': isService },
  AccessEvent: { '*': dpo },
  AccessEventEdge: { '*': dpo },
  AccessEventConnection: { '*': dpo },
  PageInfo: { '*': isUser },
  AccessLogVerification: { '*': dpo },
  AccessRule: { '*': dpo },
  AccessDecision: { '*': dpo },
};
