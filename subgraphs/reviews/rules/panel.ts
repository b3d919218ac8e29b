import { badInput } from '../../../platform/errors';

/** At least three partner agencies sit on a review panel (docs/design.md, "review"). */
export const MIN_PANEL_AGENCIES = 3;

/**
 * Refuses a panel of fewer than three agencies, or a chair from outside the panel (BAD_USER_INPUT).
 * `chairAgencyId` null: the chair is a person acting for no agency (rules/members.ts).
 */
export function checkPanel(panel: string[], chairAgencyId: string | null): void {
  if (panel.length < MIN_PANEL_AGENCIES) {
    throw badInput(`A review panel needs at least ${MIN_PANEL_AGENCIES} partner agencies (got ${panel.length})`, 'panelAgencyIds');
  }
  if (chairAgencyId !== null && !panel.includes(chairAgencyId)) throw badInput('The chair must be one of the panel agencies', 'chairAgencyId');
}
