import { DataCategory, Purpose } from '../../shared/enums';
import { LawfulBasis } from '../entities/Consent';

/**
 * Who may grant (the ICO data sharing code): a grant on a basis other than consent is recorded by
 * the DPO of the agency that supplied the data, covers only that agency's data, and goes to another
 * party of a data sharing agreement in force that covers the purpose, every category and the lawful
 * basis, expiring no later than the agreement. Pure: the resolver loads the facts, this decides.
 */
export interface AgreementTerms {
  reference: string;
  parties: string[];
  purposes: Purpose[];
  categories: DataCategory[];
  lawfulBasis: LawfulBasis;
  /** Calendar dates, YYYY-MM-DD; endsOn is the last day in force. */
  startsOn: string;
  endsOn: string;
}

export interface DpoGrantRequest {
  /** The DPO's agency: the supplier whose data the grant covers. */
  supplierAgencyId: string;
  /** Whether the supplier holds a record of the person (it supplied something about them). */
  supplierHoldsRecord: boolean;
  granteeAgencyId: string;
  categories: DataCategory[];
  purpose: Purpose;
  basis: LawfulBasis;
  expiresAt: Date;
}

export interface GrantRefusal {
  code: 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND';
  field: string;
  reason: string;
}

const DAY = 86_400_000;
/** The instant an agreement stops being in force: the end of its last day (UTC). */
export const agreementEndsAt = (a: Pick<AgreementTerms, 'endsOn'>) => new Date(Date.parse(`${a.endsOn}T00:00:00Z`) + DAY);
export const agreementStartsAt = (a: Pick<AgreementTerms, 'startsOn'>) => new Date(Date.parse(`${a.startsOn}T00:00:00Z`));
export const agreementInForce = (a: Pick<AgreementTerms, 'startsOn' | 'endsOn'>, now: Date) => agreementStartsAt(a) <= now && now < agreementEndsAt(a);

/** The first reason to refuse the grant, or null when the agreement allows it. */
export function refuseDpoGrant(req: DpoGrantRequest, agreement: AgreementTerms | null, now = new Date()): GrantRefusal | null {
  if (!req.supplierHoldsRecord) {
    return { code: 'FORBIDDEN', field: 'input.personId', reason: `${req.supplierAgencyId} supplied no data about this person: only the DPO of the agency that supplied the data may grant access to it` };
  }
  if (req.granteeAgencyId === req.supplierAgencyId) {
    return { code: 'FORBIDDEN', field: 'input.agencyId', reason: `A DPO grants another agency access to its own agency’s data; ${req.supplierAgencyId} already sees what it supplied, and another agency’s data is that agency’s DPO’s to grant` };
  }
  if (!agreement) return { code: 'NOT_FOUND', field: 'input.agreementRef', reason: 'No DataSharingAgreement matches input.agreementRef' };
  if (!agreementInForce(agreement, now)) {
    return { code: 'FORBIDDEN', field: 'input.agreementRef', reason: `Agreement ${agreement.reference} is not in force (${agreement.startsOn} to ${agreement.endsOn})` };
  }
  if (!agreement.parties.includes(req.supplierAgencyId)) {
    return { code: 'FORBIDDEN', field: 'input.agreementRef', reason: `${req.supplierAgencyId} is not a party to agreement ${agreement.reference}` };
  }
  if (!agreement.parties.includes(req.granteeAgencyId)) {
    return { code: 'FORBIDDEN', field: 'input.agencyId', reason: `${req.granteeAgencyId} is not a party to agreement ${agreement.reference}` };
  }
  if (!agreement.purposes.includes(req.purpose)) {
    return { code: 'FORBIDDEN', field: 'input.purpose', reason: `Agreement ${agreement.reference} does not cover the purpose ${req.purpose}` };
  }
  const uncovered = req.categories.filter((c) => !agreement.categories.includes(c));
  if (uncovered.length) {
    return { code: 'FORBIDDEN', field: 'input.categories', reason: `Agreement ${agreement.reference} does not cover ${uncovered.join(', ')}` };
  }
  if (agreement.lawfulBasis !== req.basis) {
    return { code: 'FORBIDDEN', field: 'input.basis', reason: `Agreement ${agreement.reference} rests on ${agreement.lawfulBasis}, not ${req.basis}` };
  }
  if (req.expiresAt > agreementEndsAt(agreement)) {
    return { code: 'BAD_USER_INPUT', field: 'input.expiresAt', reason: `must be no later than the end of agreement ${agreement.reference} (${agreement.endsOn})` };
  }
  return null;
}
