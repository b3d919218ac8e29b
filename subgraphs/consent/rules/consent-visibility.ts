import type { Caller } from '../../../platform/auth';

/**
 * Consent records are personal data too: the agency that recorded a consent sees it, and so do
 * the DPOs of the agencies it concerns (those it names as recipients and those holding a record of
 * the person); nobody else, whatever matching linked them to the person.
 */
export interface ConsentFacts {
  capturedByAgencyId: string;
  recipientAgencyIds: string[];
}

export function maySeeConsent(caller: Pick<Caller, 'agencyId' | 'roles' | 'service'>, consent: ConsentFacts, recordAgencyIds: string[]): boolean {
  if (caller.service) return true;
  if (consent.capturedByAgencyId === caller.agencyId && caller.roles.some((r) => r === 'spoc' || r === 'dpo')) return true;
  return caller.roles.includes('dpo') && (consent.recipientAgencyIds.includes(caller.agencyId) || recordAgencyIds.includes(caller.agencyId));
}

export function visibleConsents<C extends ConsentFacts>(caller: Pick<Caller, 'agencyId' | 'roles' | 'service'>, consents: C[], recordAgencyIds: string[]): C[] {
  return consents.filter((c) => maySeeConsent(caller, c, recordAgencyIds));
}
