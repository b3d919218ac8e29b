import type { HubContext } from '../../shared/context';
import { forbidden } from '../../../platform/errors';
import { registerScope } from '../../shared/permission-layer';
import type { CaseReview } from '../entities/CaseReview';

/**
 * The case history is for the panel: a reviewer or SPOC of a panel agency or of the convening
 * authority (or an admin). Its personal parts are then decided entry by entry.
 */
export function mayReadCaseHistory(review: Pick<CaseReview, 'panelAgencyIds' | 'openedByAgencyId'>, caller: HubContext['caller']): true | Error {
  if (caller.roles.includes('admin')) return true;
  if (!caller.roles.some((r) => r === 'reviewer' || r === 'spoc')) return forbidden('Requires one of the roles: reviewer, spoc');
  if (review.panelAgencyIds.includes(caller.agencyId) || review.openedByAgencyId === caller.agencyId) return true;
  return forbidden('The case history is for the review panel');
}

registerScope('case-history-reader', (review: CaseReview, ctx: HubContext) => mayReadCaseHistory(review, ctx.caller));
