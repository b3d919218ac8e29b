import { describe, expect, it } from 'vitest';
import {
  chairAgencyOf,
  formMembers,
  independentChair,
  panelAgencies,
  personKey,
  secondStageRefusal,
  type PanelMemberData,
  type PanelMemberInputData,
} from './members';

const SEVENOAKS = { involvedAgencyIds: ['kent-police', 'west-kent-housing', 'kent-wardens'], authorityAgencyId: 'sevenoaks-dc' };

/** Sevenoaks' first stage: the officers who dealt with the case. */
const FIRST: PanelMemberInputData[] = [
  { name: 'Priya Shah', role: 'Community Safety Officer', agencyId: 'sevenoaks-dc', chair: true },
  { name: 'Tom Reed', role: 'Police Sergeant', agencyId: 'kent-police' },
  { name: 'Hannah Cole', role: 'Tenancy Officer', agencyId: 'west-kent-housing' },
];
const first = formMembers(FIRST, SEVENOAKS);

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as { extensions?: Record<string, unknown> }).extensions;
  }
  return null;
};

describe('the panel as people', () => {
  it('derives independence from the member’s agency unless declared, and keeps one chair', () => {
    const members = formMembers(
      [
        ...FIRST,
        { name: 'Sam Okafor', role: 'Team Lead', agencyId: 'kent-mental-health' },
        { name: 'Jo Bloggs', role: 'Independent chair' },
        { name: 'Cllr Ann Lee', role: 'Elected member', agencyId: 'sevenoaks-dc', independent: true },
      ].map((m, i) => ({ ...m, chair: i === 4 })),
      SEVENOAKS,
    );
    expect(members.map((m) => [m.agencyId, m.independent, m.chair])).toEqual([
      ['sevenoaks-dc', false, false], // the convening authority dealt with the case
      ['kent-police', false, false], // received the incidents
      ['west-kent-housing', false, false],
      ['kent-mental-health', true, false], // had not dealt with it
      [null, true, true], // acting for no agency
      ['sevenoaks-dc', true, false], // declared by the SPOC
    ]);
    expect(independentChair(members)).toBe(true);
    expect(independentChair(first)).toBe(false);
    expect(independentChair([])).toBeNull();
  });

  it.each([
    ['no name', [{ name: '  ', role: 'Officer', chair: true }], 'members[0].name'],
    ['no role', [{ name: 'A B', role: '', chair: true }], 'members[0].role'],
    [
      'the same person twice, typed differently',
      [
        { name: 'Tom Reed', role: 'x', chair: true },
        { name: ' tom  REED. ', role: 'y' },
      ],
      'members[1].name',
    ],
    ['no chair', [{ name: 'A B', role: 'x' }], 'members'],
    [
      'two chairs',
      [
        { name: 'A B', role: 'x', chair: true },
        { name: 'C D', role: 'y', chair: true },
      ],
      'members[1].chair',
    ],
  ])('refuses %s, naming the field', (_what, input, field) => {
    expect(code(() => formMembers(input as PanelMemberInputData[], SEVENOAKS))).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('adds the members’ agencies to the panel, and takes the chair’s agency from the chair', () => {
    expect(panelAgencies(['kent-police', ' kent-pcc '], first)).toEqual(['kent-police', 'kent-pcc', 'sevenoaks-dc', 'west-kent-housing']);
    expect(chairAgencyOf(first, null)).toBe('sevenoaks-dc');
    expect(chairAgencyOf(first, 'sevenoaks-dc')).toBe('sevenoaks-dc');
    expect(code(() => chairAgencyOf(first, 'kent-police'))).toMatchObject({ field: 'chairAgencyId' });
    expect(chairAgencyOf([], 'kent-police')).toBe('kent-police');
    expect(code(() => chairAgencyOf([], null))).toMatchObject({ field: 'chairAgencyId' });
  });

  it('matches a person however the name is typed', () => {
    expect(personKey('  Zoë   O’Brien ')).toBe(personKey('zoe o brien'));
    expect(personKey('Tom Reed')).not.toBe(personKey('Tom Reid'));
  });
});

describe('a second-stage panel is independent of the people of the first (finding 11)', () => {
  const earlier = [{ panelAgencyIds: ['sevenoaks-dc', 'kent-police', 'west-kent-housing'], members: first }];
  const second = (input: PanelMemberInputData[]): PanelMemberData[] => formMembers(input, SEVENOAKS);

  // Sevenoaks: "carried out by senior members of the Community Safety Partnership who did not take
  // part in the first review, with an elected member of the council".
  const cases: Array<[string, PanelMemberInputData[], ReturnType<typeof secondStageRefusal>]> = [
    [
      'the CSP’s senior members and an elected member, the council and police taking part again through other people',
      [
        { name: 'Helen Ward', role: 'Head of Community Safety', agencyId: 'sevenoaks-dc', chair: true },
        { name: 'Chief Inspector Raj Patel', role: 'District Commander', agencyId: 'kent-police' },
        { name: 'Cllr Ann Lee', role: 'Elected member, portfolio holder', agencyId: 'sevenoaks-dc' },
        { name: 'Mark Evans', role: 'Head of Housing', agencyId: 'moat-homes' },
      ],
      null,
    ],
    [
      'a member who sat on the first stage, even for another agency',
      [
        { name: 'Helen Ward', role: 'Head of Community Safety', agencyId: 'sevenoaks-dc', chair: true },
        { name: 'tom reed', role: 'Inspector', agencyId: 'kent-pcc' },
        { name: 'Mark Evans', role: 'Head of Housing', agencyId: 'moat-homes' },
      ],
      { field: 'members[]', positions: [1], reused: [] },
    ],
    ['no people named, when the first stage named its people', [], { field: 'members', positions: [], reused: [] }],
  ];
  it.each(cases)('%s', (_what, input, expected) => {
    expect(secondStageRefusal(earlier, [], second(input))).toEqual(expected);
  });

  it('falls back to the agencies when the first stage recorded agencies only (who sat cannot be told)', () => {
    const agenciesOnly = [{ panelAgencyIds: ['sevenoaks-dc', 'kent-police', 'kent-mental-health'], members: [] }];
    expect(secondStageRefusal(agenciesOnly, ['kent-pcc', 'west-kent-housing', 'kent-police'], [])).toEqual({
      field: 'panelAgencyIds',
      positions: [2],
      reused: ['kent-police'],
    });
    expect(secondStageRefusal(agenciesOnly, ['kent-pcc', 'west-kent-housing', 'kent-wardens'], [])).toBeNull();
    expect(secondStageRefusal(agenciesOnly, ['kent-pcc'], second([{ name: 'A B', role: 'x', agencyId: 'sevenoaks-dc', chair: true }]))).toMatchObject({
      field: 'panelAgencyIds',
      reused: ['sevenoaks-dc'],
    });
  });
});
