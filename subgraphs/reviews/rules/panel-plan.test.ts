import { describe, expect, it } from 'vitest';
import { planPanel, type PanelRequest } from './panel';

/** planPanel: the panel a review opens with, from the request, the case and the earlier reviews (rules/panel.ts). */
const CASE = { involvedAgencyIds: ['kent-police', 'west-kent-housing'], authorityAgencyId: 'sevenoaks-dc' };
const FIRST_AS_PEOPLE = {
  id: 'first',
  secondStage: false,
  panelAgencyIds: ['sevenoaks-dc', 'kent-police', 'west-kent-housing'],
  members: [
    { name: 'Priya Shah', role: 'Community Safety Officer', agencyId: 'sevenoaks-dc', independent: false, chair: true },
    { name: 'Tom Reed', role: 'Police Sergeant', agencyId: 'kent-police', independent: false, chair: false },
  ],
};
const FIRST_AS_AGENCIES = { ...FIRST_AS_PEOPLE, members: [] };

const request = (r: Partial<PanelRequest>): PanelRequest => ({
  panelAgencyIds: ['sevenoaks-dc', 'kent-police', 'kent-wardens'],
  chairAgencyId: 'sevenoaks-dc',
  secondStage: false,
  earlier: [],
  context: CASE,
  ...r,
});

const refusal = (r: PanelRequest) => {
  try {
    planPanel(r);
  } catch (e) {
    return (e as { extensions?: Record<string, unknown> }).extensions;
  }
  return null;
};

describe('planPanel', () => {
  it('records the panel, the agencies not involved with the case, and no note when one is independent', () => {
    expect(planPanel(request({ independenceNote: 'kept only when needed' }))).toEqual({
      panelAgencyIds: ['sevenoaks-dc', 'kent-police', 'kent-wardens'],
      chairAgencyId: 'sevenoaks-dc',
      members: [],
      secondStage: false,
      independentAgencyIds: ['kent-wardens'],
      independenceNote: null,
      firstStageReviewId: null,
    });
  });

  it('asks why when no agency or member is outside the case, and keeps the reason given', () => {
    const involvedOnly = { panelAgencyIds: ['sevenoaks-dc', 'kent-police', 'west-kent-housing'] };
    expect(refusal(request(involvedOnly))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'independenceNote', involvedAgencyIds: CASE.involvedAgencyIds });
    expect(planPanel(request({ ...involvedOnly, independenceNote: '  a small district  ' })).independenceNote).toBe('a small district');
  });

  it('refuses a panel of fewer than three agencies, or a chair outside it, before anything else', () => {
    expect(refusal(request({ panelAgencyIds: ['sevenoaks-dc', 'kent-police'] }))).toMatchObject({ field: 'panelAgencyIds' });
    expect(refusal(request({ chairAgencyId: 'kent-pcc' }))).toMatchObject({ field: 'chairAgencyId' });
  });

  it('a second stage after a first recorded as agencies: no agency of it sits again, named by position', () => {
    const r = request({ secondStage: true, earlier: [FIRST_AS_AGENCIES], panelAgencyIds: ['kent-pcc', 'kent-police', 'kent-wardens', 'sevenoaks-dc'] });
    expect(refusal(r)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'panelAgencyIds', reused: ['kent-police', 'sevenoaks-dc'] });
  });

  it('a second stage after a first recorded as people: names its members, none of whom sat before', () => {
    const second = { secondStage: true, earlier: [FIRST_AS_PEOPLE], chairAgencyId: null };
    expect(refusal(request({ ...second, chairAgencyId: 'sevenoaks-dc' }))).toMatchObject({ field: 'members' });
    expect(
      refusal(
        request({
          ...second,
          members: [
            { name: 'Ann Lee', role: 'Elected member', agencyId: 'sevenoaks-dc', chair: true },
            { name: 'tom reed', role: 'Inspector', agencyId: 'kent-police' },
          ],
        }),
      ),
    ).toMatchObject({ field: 'members[1].name', reusedMembers: ['members[1]'] });
    const plan = planPanel(
      request({
        ...second,
        members: [
          { name: 'Ann Lee', role: 'Elected member', agencyId: 'sevenoaks-dc', chair: true },
          { name: 'Sam Okafor', role: 'Inspector', agencyId: 'kent-police' },
        ],
      }),
    );
    // The same agencies through other people, independent by the rule, and linked to the first stage.
    expect(plan).toMatchObject({ secondStage: true, chairAgencyId: 'sevenoaks-dc', independenceNote: null, firstStageReviewId: 'first' });
    expect(plan.members.map((m) => m.name)).toEqual(['Ann Lee', 'Sam Okafor']);
  });

  it('a first stage is not checked against earlier reviews', () => {
    expect(planPanel(request({ earlier: [FIRST_AS_AGENCIES] })).firstStageReviewId).toBeNull();
  });
});
