import type { Caller, Role } from '../../platform/auth';
import { forbidden } from '../../platform/errors';

/**
 * The scopes of the operation catalogue (platform/catalogue.ts), checked the same way in every
 * subgraph once a resolver has loaded the record they depend on. The roles themselves are checked
 * before the resolver runs, by the generated permission layer.
 */
type Who = Pick<Caller, 'agencyId' | 'roles'>;
const has = (caller: Who, ...roles: Role[]) => caller.roles.some((r) => roles.includes(r));

/** own-authority: the caller's agency is the authority (an admin acts for any). */
export function actsForAuthority(caller: Who, authorityAgencyId: string): boolean {
  return has(caller, 'admin') || caller.agencyId === authorityAgencyId;
}

export function requireOwnAuthority(caller: Who, authorityAgencyId: string, what = 'A SPOC may act only on its own authority’s records'): void {
  if (!actsForAuthority(caller, authorityAgencyId)) throw forbidden(what);
}

/** own-authority for a review: the SPOC of the authority that convened it. */
export function isConveningSpoc(caller: Who, review: { openedByAgencyId: string }): boolean {
  return review.openedByAgencyId === caller.agencyId && has(caller, 'spoc');
}

/** panel-member: a reviewer of a panel agency, or the convening SPOC. */
export function isPanelMember(caller: Who, review: { openedByAgencyId: string; panelAgencyIds: string[] }): boolean {
  return isConveningSpoc(caller, review) || (review.panelAgencyIds.includes(caller.agencyId) && has(caller, 'reviewer'));
}

/** Only an admin changes what is national (the default threshold policy). */
export function requireNational(caller: Who, what: string): void {
  if (!has(caller, 'admin')) throw forbidden(what);
}
