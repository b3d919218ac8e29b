import { badInput } from '../../../platform/errors';
import {
  agencyInvolved,
  chairAgencyOf,
  formMembers,
  panelAgencies,
  secondStageRefusal,
  type EarlierStage,
  type PanelContext,
  type PanelMemberData,
  type PanelMemberInputData,
} from './members';

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

/** What opening a review needs to know of the case and of the application's earlier reviews. */
export interface PanelRequest {
  panelAgencyIds: string[];
  chairAgencyId?: string | null;
  members?: PanelMemberInputData[] | null;
  independenceNote?: string | null;
  /** The application is appealed: this panel is its second stage. */
  secondStage: boolean;
  /** The application's earlier reviews, oldest first. */
  earlier: Array<EarlierStage & { id: string; secondStage: boolean }>;
  /** Who dealt with the case before (rules/members.ts). */
  context: PanelContext;
}

/** The panel as the review records it. */
export interface PanelPlan {
  panelAgencyIds: string[];
  chairAgencyId: string | null;
  members: PanelMemberData[];
  secondStage: boolean;
  /** Panel agencies not previously involved with the case. */
  independentAgencyIds: string[];
  /** Why no member is independent, kept only when none is. */
  independenceNote: string | null;
  firstStageReviewId: string | null;
}

/**
 * The panel a review opens with, or BAD_USER_INPUT naming the field at fault (by position, never
 * the value): at least three agencies and a chair among them (checkPanel), the members as people
 * (rules/members.ts), a second stage independent of the first (secondStageRefusal), and, where no
 * panel agency or member is outside those involved with the case, the reason recorded. Pure.
 */
export function planPanel(r: PanelRequest): PanelPlan {
  const members = formMembers(r.members ?? [], r.context);
  const panel = panelAgencies(r.panelAgencyIds, members);
  const chair = chairAgencyOf(members, r.chairAgencyId);
  checkPanel(panel, chair);
  if (r.secondStage) {
    const refusal = secondStageRefusal(r.earlier, r.panelAgencyIds, members);
    if (refusal?.field === 'panelAgencyIds') {
      const at = refusal.positions.map((i) => `panelAgencyIds[${i}]`).join(', ') || 'a member’s agency';
      throw badInput(`A second-stage review needs an independent panel: ${at} sat on the first review, which recorded its panel as agencies only`, 'panelAgencyIds', { reused: refusal.reused });
    }
    if (refusal?.field === 'members') throw badInput('Name the second-stage panel’s members: the first stage recorded its people, and independence is of the people', 'members');
    if (refusal) {
      const at = refusal.positions.map((i) => `members[${i}]`);
      throw badInput(`A second-stage review needs an independent panel: ${at.join(', ')} sat on the first review`, `${at[0]}.name`, { reusedMembers: at });
    }
  }
  const independent = panel.filter((a) => !agencyInvolved(a, r.context));
  const note = r.independenceNote?.trim() || null;
  // A second stage named as people is independent by the rule above: none of them sat on the first.
  const anyIndependent = independent.length > 0 || members.some((m) => m.independent) || (r.secondStage && members.length > 0);
  if (!anyIndependent && !note) {
    throw badInput('No panel agency or member is outside those involved with the case: add one, or record why none could be', 'independenceNote', {
      involvedAgencyIds: r.context.involvedAgencyIds,
    });
  }
  return {
    panelAgencyIds: panel,
    chairAgencyId: chair,
    members,
    secondStage: r.secondStage,
    independentAgencyIds: independent,
    independenceNote: anyIndependent ? null : note,
    firstStageReviewId: r.secondStage ? (r.earlier.find((e) => !e.secondStage)?.id ?? null) : null,
  };
}
