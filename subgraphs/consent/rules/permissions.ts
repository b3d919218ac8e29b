import type { Role } from '../../shared/auth';
import { DataCategory } from '../../shared/enums';
import { ANY_USER, entitiesByType, hasRole, isService, isUser, leaf, personal } from '../../shared/rules';
import type { Person } from '../entities/Person';

/**
 * Who may read and do what in the consent subgraph. Every field of every type has its rule (deny
 * by default). Objects are guarded where they are obtained (root fields, object-valued fields,
 * `_entities`); non-personal scalars of a guarded object are `leaf`; personal fields are guarded by
 * data category; service-only fields need the service credential; the audit tools are the DPO's.
 */
const PEOPLE_READERS: Role[] = ['spoc', 'reviewer', 'dpo', 'admin', 'contributor'];
const CONSENT_MANAGERS: Role[] = ['spoc', 'dpo'];
const readsPeople = hasRole(...PEOPLE_READERS);
const managesConsent = hasRole(...CONSENT_MANAGERS);
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
    serviceAgencyKind: isService,
    _activeConsent: isService,
    _consentStates: isService,
    _entities: entitiesByType({ Person: PEOPLE_READERS, Agency: ANY_USER, Consent: CONSENT_MANAGERS, AccessGrant: CONSENT_MANAGERS }),
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
    _issueApplicationGrants: isService,
    _revokeApplicationGrants: isService,
    serviceResolvePeople: isService,
    serviceEnsureAgency: isService,
  },
  Agency: { '*': leaf },
  Person: {
    id: leaf,
    createdAt: leaf,
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
  Consent: { '*': leaf, person: managesConsent, recipientAgencies: managesConsent, grants: managesConsent, history: managesConsent },
  ConsentStatusChange: { '*': leaf },
  AccessGrant: { '*': leaf, agency: managesConsent, person: managesConsent },
  AccessAnswer: { '*': leaf },
  // Service-only (triggers subgraph): reached only through _activeConsent / _consentStates.
  ApplicationConsent: { '*': leaf },
  ApplicationConsentState: { '*': leaf },
  AccessEvent: { '*': leaf },
  AccessEventEdge: { cursor: leaf, node: dpo },
  AccessEventConnection: { edges: dpo, pageInfo: dpo },
  PageInfo: { '*': leaf },
  AccessLogVerification: { '*': leaf },
  AccessRule: { '*': leaf },
  AccessDecision: { '*': leaf, grant: dpo, consent: dpo },
};
