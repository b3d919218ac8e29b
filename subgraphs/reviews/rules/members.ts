import { badInput } from '../../../platform/errors';
import { foldName } from '../../shared/person-names';

/**
 * The review panel as people (docs/design.md, "review", "appeal"): each member is a named officer
 * or elected member acting in their role for an agency (or, like an independent chair, for none);
 * one of them chairs. Independence is of the people: a second-stage panel may not include anyone
 * who sat on the first stage, while an agency that took part may take part again through other
 * people (Sevenoaks' second stage is its Community Safety Partnership's senior members with an
 * elected member of the council). Pure: no database, no GraphQL context.
 */
export interface PanelMemberData {
  name: string;
  role: string;
  /** The agency the member acts for; null for someone acting for none (e.g. an independent chair). */
  agencyId: string | null;
  /** Not previously involved with the case (their agency did not deal with it, or as declared). */
  independent: boolean;
  chair: boolean;
}

export interface PanelMemberInputData {
  name: string;
  role: string;
  agencyId?: string | null;
  /** As the SPOC declares it; default: the member's agency was not involved with the case. */
  independent?: boolean | null;
  chair?: boolean | null;
}

export interface PanelContext {
  /** Agencies that received the person's incidents before the review. */
  involvedAgencyIds: string[];
  /** The authority convening the review (it dealt with the application). */
  authorityAgencyId: string;
}

export const MAX_MEMBER_TEXT = 200;

/** One person however the name is typed: case, accents, punctuation and spacing do not matter. */
export function personKey(name: string): string {
  return foldName(name).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Whether an agency dealt with the case before the review: it received the person's incidents, or it is the convening authority. */
export function agencyInvolved(agencyId: string, ctx: PanelContext): boolean {
  return agencyId === ctx.authorityAgencyId || ctx.involvedAgencyIds.includes(agencyId);
}

/**
 * The members as recorded: names and roles trimmed and required, nobody twice, exactly one chair,
 * each member's independence declared or derived from their agency. BAD_USER_INPUT names
 * `members[i].<field>` (never the value).
 */
export function formMembers(input: PanelMemberInputData[], ctx: PanelContext): PanelMemberData[] {
  const seen = new Map<string, number>();
  const members = input.map((m, i): PanelMemberData => {
    const name = (m.name ?? '').trim().replace(/\s+/g, ' ');
    const role = (m.role ?? '').trim().replace(/\s+/g, ' ');
    if (!name || !personKey(name)) throw badInput(`members[${i}].name is required: a panel member is a named person`, `members[${i}].name`);
    if (name.length > MAX_MEMBER_TEXT) throw badInput(`members[${i}].name is longer than ${MAX_MEMBER_TEXT} characters`, `members[${i}].name`);
    if (!role) throw badInput(`members[${i}].role is required (e.g. Community Safety Manager, elected member)`, `members[${i}].role`);
    if (role.length > MAX_MEMBER_TEXT) throw badInput(`members[${i}].role is longer than ${MAX_MEMBER_TEXT} characters`, `members[${i}].role`);
    const key = personKey(name);
    if (seen.has(key)) throw badInput(`members[${i}] is the same person as members[${seen.get(key)}]`, `members[${i}].name`);
    seen.set(key, i);
    const agencyId = (m.agencyId ?? '').trim() || null;
    const independent = m.independent ?? (agencyId === null || !agencyInvolved(agencyId, ctx));
    return { name, role, agencyId, independent, chair: m.chair === true };
  });
  if (members.length) {
    const chairs = members.flatMap((m, i) => (m.chair ? [i] : []));
    if (chairs.length === 0) throw badInput('Name the chair: one member with chair: true (the chair is a person)', 'members');
    if (chairs.length > 1)
      throw badInput(`A panel has one chair: ${chairs.map((i) => `members[${i}]`).join(', ')} are all marked chair`, `members[${chairs[1]}].chair`);
  }
  return members;
}

/** The agencies on the panel: those named, and those the members act for, in order, once each. */
export function panelAgencies(panelAgencyIds: string[], members: PanelMemberData[]): string[] {
  return [...new Set([...panelAgencyIds.map((a) => a.trim()).filter(Boolean), ...members.flatMap((m) => (m.agencyId ? [m.agencyId] : []))])];
}

/**
 * The chair's agency: the chair member's, when the chair is recorded as a person (and the
 * `chairAgencyId` given, if any, must agree), else `chairAgencyId`. Null for a chair acting for no agency.
 */
export function chairAgencyOf(members: PanelMemberData[], chairAgencyId: string | null | undefined): string | null {
  const given = (chairAgencyId ?? '').trim() || null;
  const chair = members.find((m) => m.chair);
  if (!chair) {
    if (!given) throw badInput('Name the chair: chairAgencyId, or a member with chair: true', 'chairAgencyId');
    return given;
  }
  if (given && chair.agencyId !== given) throw badInput('chairAgencyId is not the agency of the member marked chair', 'chairAgencyId');
  return chair.agencyId;
}

export interface EarlierStage {
  panelAgencyIds: string[];
  members: PanelMemberData[];
}

export type SecondStageRefusal =
  /** The earlier review recorded agencies only: who sat cannot be told, so no agency may sit again. */
  | { field: 'panelAgencyIds'; positions: number[]; reused: string[] }
  /** The earlier review recorded its people and this panel names none. */
  | { field: 'members'; positions: []; reused: [] }
  /** People who sat on the earlier review. */
  | { field: 'members[]'; positions: number[]; reused: [] };

/**
 * Whether a second-stage panel is independent of the earlier stages: none of its members sat on
 * them. An agency may take part again through other people. Where an earlier review recorded its
 * panel as agencies only, the hub cannot tell who sat, so (as before people were recorded) no agency
 * of that panel may sit again. Returns the refusal, or null when the panel is independent.
 */
export function secondStageRefusal(earlier: EarlierStage[], panelAgencyIds: string[], members: PanelMemberData[]): SecondStageRefusal | null {
  const agenciesOnly = earlier.filter((r) => r.members.length === 0);
  if (agenciesOnly.length) {
    const sat = new Set(agenciesOnly.flatMap((r) => r.panelAgencyIds));
    const positions = panelAgencyIds.flatMap((a, i) => (sat.has(a.trim()) ? [i] : []));
    if (positions.length) return { field: 'panelAgencyIds', positions, reused: [...new Set(positions.map((i) => panelAgencyIds[i].trim()))] };
    const memberAgencies = members.flatMap((m) => (m.agencyId && sat.has(m.agencyId) ? [m.agencyId] : []));
    if (memberAgencies.length) return { field: 'panelAgencyIds', positions: [], reused: [...new Set(memberAgencies)] };
  }
  const recordedPeople = earlier.filter((r) => r.members.length > 0);
  if (!recordedPeople.length) return null;
  if (!members.length) return { field: 'members', positions: [], reused: [] };
  const sat = new Set(recordedPeople.flatMap((r) => r.members.map((m) => personKey(m.name))));
  const positions = members.flatMap((m, i) => (sat.has(personKey(m.name)) ? [i] : []));
  return positions.length ? { field: 'members[]', positions, reused: [] } : null;
}

/** Whether the chair is independent of the case: null when the chair was not recorded as a person. */
export function independentChair(members: PanelMemberData[]): boolean | null {
  const chair = members.find((m) => m.chair);
  return chair ? chair.independent : null;
}
