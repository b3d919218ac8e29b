import type { Role } from '../../../platform/auth';
import { DataCategory, Purpose } from '../../shared/enums';
import type { AccessGrant } from '../entities/AccessGrant';
import { LawfulBasis, type Consent } from '../entities/Consent';

/**
 * The access rules in force, as data (served to DPOs by `accessRules`) and as the one function that
 * applies them (`decideAccess`), so that what a DPO reads is what the hub does. Rules are tried in
 * order; the first that applies decides.
 */
export interface AccessRuleDefinition {
  id: string;
  effect: 'ALLOW' | 'DENY';
  description: string;
  roles: Role[];
  categories: DataCategory[];
  condition: Record<string, unknown>;
}

const ALL_CATEGORIES = Object.values(DataCategory);
const CASE_ROLES: Role[] = ['spoc', 'reviewer'];

export const ACCESS_RULES: AccessRuleDefinition[] = [
  {
    id: 'analysts-see-aggregates-only',
    effect: 'DENY',
    description: 'Analysts see counts, never a person: every personal field is withheld from the analyst role.',
    roles: ['analyst'],
    categories: ALL_CATEGORIES,
    condition: { roleIs: 'analyst' },
  },
  {
    id: 'controller-sees-own-records',
    effect: 'ALLOW',
    description: 'An agency always sees the records it contributed: it is their controller.',
    roles: ['contributor', 'spoc', 'reviewer', 'dpo', 'admin'],
    categories: ALL_CATEGORIES,
    condition: { callerAgencyIn: 'the record’s controller agencies' },
  },
  {
    id: 'consent-grant-for-review',
    effect: 'ALLOW',
    description:
      'A panel agency’s SPOCs and reviewers see the categories the person consented to share with that agency, for the case review, from when the panel is formed until the review closes or the consent is withdrawn or expires. Likewise the authority handling the person’s Community Trigger application on that consent sees the identity, contact and incident detail it covers, from acceptance until the application closes or is not pursued.',
    roles: CASE_ROLES,
    categories: ALL_CATEGORIES,
    condition: { grant: { basis: 'CONSENT', active: true }, consent: { status: 'ACTIVE', covers: ['agency', 'category', 'purpose'] } },
  },
  {
    id: 'dpo-recorded-grant',
    effect: 'ALLOW',
    description:
      'A grant the DPO of the supplying agency recorded on another lawful basis (public task, legal obligation, vital interests), to another party of a data sharing agreement in force covering the purpose and category, with its reason and an expiry no later than the agreement’s end, lets that agency’s SPOCs and reviewers see that category of the data the DPO’s agency supplied (only that), for that purpose, until it expires or is revoked.',
    roles: CASE_ROLES,
    categories: ALL_CATEGORIES,
    condition: { grant: { basis: ['PUBLIC_TASK', 'LEGAL_OBLIGATION', 'VITAL_INTERESTS'], active: true, supplierAgencyIn: 'the record’s controller agencies', agreement: 'in force, both agencies parties' } },
  },
  {
    id: 'deny-by-default',
    effect: 'DENY',
    description: 'Anything else personal is withheld (the field is null with a FORBIDDEN error naming the category).',
    roles: ['contributor', 'spoc', 'reviewer', 'dpo', 'analyst', 'admin'],
    categories: ALL_CATEGORIES,
    condition: {},
  },
];

export interface AccessQuestionFacts {
  agencyId: string;
  roles: string[];
  personId: string;
  category: DataCategory;
  purpose: Purpose;
  controllerAgencyIds: string[];
  /** Grants for this agency and person (any state); consents by id for the CONSENT ones. */
  grants: AccessGrant[];
  consents: Map<string, Consent>;
  now: Date;
}

export interface PolicyDecision {
  allowed: boolean;
  ruleId: string;
  /** `controller`, `grant:<id>`, or the reason for a denial (machine-readable). */
  basis: string;
  grant?: AccessGrant;
  consent?: Consent;
  /** In words, for explainAccess. */
  explanation: string;
}

export function consentCovers(c: Consent, agencyId: string, category: DataCategory, purpose: Purpose) {
  return c.recipientAgencyIds.includes(agencyId) && c.categories.includes(category) && c.purposes.includes(purpose);
}

/**
 * Whether a grant covers data supplied by one of these agencies: a DPO's grant covers only its own
 * agency's data (`supplierAgencyId`); a consent grant covers what the person consented to share,
 * whoever supplied it. A DPO's grant naming no supplier covers nothing.
 */
export function grantCoversSupplier(g: Pick<AccessGrant, 'basis' | 'supplierAgencyId'>, controllerAgencyIds: string[]): boolean {
  return g.supplierAgencyId == null ? g.basis === LawfulBasis.CONSENT : controllerAgencyIds.includes(g.supplierAgencyId);
}

export function decideAccess(f: AccessQuestionFacts): PolicyDecision {
  const roles = f.roles;
  if (roles.length > 0 && roles.every((r) => r === 'analyst')) {
    return { allowed: false, ruleId: 'analysts-see-aggregates-only', basis: 'analyst-role', explanation: 'Analysts see aggregates only.' };
  }
  if (f.controllerAgencyIds.includes(f.agencyId)) {
    return { allowed: true, ruleId: 'controller-sees-own-records', basis: 'controller', explanation: `${f.agencyId} contributed this record and is its controller.` };
  }
  if (!roles.some((r) => CASE_ROLES.includes(r as Role))) {
    return { allowed: false, ruleId: 'deny-by-default', basis: 'role-not-covered', explanation: `Grants cover SPOCs and reviewers only; the caller's roles are ${roles.join(', ') || 'none'}.` };
  }
  const matching = f.grants.filter((g) => g.agencyId === f.agencyId && g.personId === f.personId && g.category === f.category && g.purpose === f.purpose);
  const relevant = matching.filter((g) => grantCoversSupplier(g, f.controllerAgencyIds));
  let lastProblem: PolicyDecision | undefined;
  const otherSupplier = matching.find((g) => !relevant.includes(g) && g.activeAt(f.now));
  if (otherSupplier) {
    lastProblem = {
      allowed: false, ruleId: 'deny-by-default', basis: 'grant-other-supplier', grant: otherSupplier,
      explanation: `Grant ${otherSupplier.id} covers only the data ${otherSupplier.supplierAgencyId ?? 'no agency'} supplied, not this record (supplied by ${f.controllerAgencyIds.join(', ')}).`,
    };
  }
  for (const g of relevant) {
    if (!g.activeAt(f.now)) {
      lastProblem ??= {
        allowed: false, ruleId: 'deny-by-default', basis: g.revokedAt ? 'grant-revoked' : 'grant-expired', grant: g,
        explanation: g.revokedAt ? `Grant ${g.id} was revoked (${g.revokedReason ?? 'no reason given'}).` : `Grant ${g.id} is not in force now.`,
      };
      continue;
    }
    if (g.basis === LawfulBasis.CONSENT) {
      const c = g.consentId ? f.consents.get(g.consentId) : undefined;
      const status = c?.statusAt(f.now);
      if (!c || status !== 'ACTIVE' || !consentCovers(c, f.agencyId, f.category, f.purpose)) {
        lastProblem = {
          allowed: false, ruleId: 'deny-by-default', basis: c ? `consent-${(status ?? 'missing').toLowerCase()}` : 'consent-missing', grant: g, consent: c,
          explanation: c ? `Grant ${g.id} rests on consent ${c.id}, which is ${status?.toLowerCase()}.` : `Grant ${g.id} names no consent on record.`,
        };
        continue;
      }
      return {
        allowed: true, ruleId: 'consent-grant-for-review', basis: `grant:${g.id}`, grant: g, consent: c,
        explanation: `Grant ${g.id} for ${g.applicationId ? `application ${g.applicationId}` : `review ${g.reviewId ?? '-'}`} rests on consent ${c.id}, which covers ${f.category} for ${f.agencyId}.`,
      };
    }
    return {
      allowed: true, ruleId: 'dpo-recorded-grant', basis: `grant:${g.id}`, grant: g,
      explanation: `Grant ${g.id} on ${g.basis} by ${g.supplierAgencyId} of its own data (agreement ${g.agreementRef ?? 'none'}): ${g.reason ?? ''}`.trim(),
    };
  }
  if (lastProblem) return lastProblem;
  return {
    allowed: false, ruleId: 'deny-by-default', basis: 'no-grant',
    explanation: `No grant lets ${f.agencyId} see ${f.category} of this person for ${f.purpose}: the person has not consented to share it with that agency, or no review panel including it is open.`,
  };
}
