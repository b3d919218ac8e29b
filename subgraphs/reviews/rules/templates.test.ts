import { describe, expect, it } from 'vitest';
import {
  actionPlan,
  agendaItems,
  DEFAULT_AGENDA_HEADINGS,
  proportionalityAssessment,
  ProportionalityConclusion as C,
  type ProportionalityInput,
} from './templates';

const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as { extensions?: Record<string, unknown> }).extensions?.field;
  }
  return null;
};

describe('the meeting agenda', () => {
  it('uses the template’s headings when none are given, else those given', () => {
    expect(agendaItems(null).map((i) => i.heading)).toEqual([...DEFAULT_AGENDA_HEADINGS]);
    expect(
      agendaItems([
        { heading: ' Apologies ', notes: ' ' },
        { heading: 'Actions', leadAgencyId: 'kent-police', notes: 'Joint visit' },
      ]),
    ).toEqual([
      { heading: 'Apologies', leadAgencyId: null, notes: null },
      { heading: 'Actions', leadAgencyId: 'kent-police', notes: 'Joint visit' },
    ]);
    expect(fieldOf(() => agendaItems([{ heading: 'x' }, { heading: '' }]))).toBe('input.items[1].heading');
  });
});

describe('the action plan', () => {
  it('needs the issues it addresses and a review date after today', () => {
    expect(actionPlan({ issues: ' Noise at night ', leadOfficer: ' ASB Officer ', reviewOn: '2026-06-01' }, '2026-01-10')).toEqual({
      issues: 'Noise at night',
      desiredOutcome: null,
      leadOfficer: 'ASB Officer',
      reviewOn: '2026-06-01',
    });
    expect(fieldOf(() => actionPlan({ issues: ' ' }, '2026-01-10'))).toBe('input.issues');
    expect(fieldOf(() => actionPlan({ issues: 'x', reviewOn: '2026-01-10' }, '2026-01-10'))).toBe('input.reviewOn');
  });
});

describe('the perpetrator proportionality assessment', () => {
  const base: ProportionalityInput = {
    proposedAction: 'Community Protection Notice',
    necessary: true,
    lessIntrusiveOptions: 'Warning letter and an acceptable behaviour contract were tried',
    conclusion: C.PROPORTIONATE,
    reasons: 'Behaviour continued after the ABC',
  };
  const cases: Array<[string, Partial<ProportionalityInput>, string | null]> = [
    ['proportionate, necessary, alternatives weighed', {}, null],
    ['not necessary, yet proportionate', { necessary: false }, 'input.conclusion'],
    ['not necessary and not proportionate', { necessary: false, conclusion: C.NOT_PROPORTIONATE, lessIntrusiveOptions: null }, null],
    ['proportionate without the less intrusive options weighed', { lessIntrusiveOptions: '  ' }, 'input.lessIntrusiveOptions'],
    ['with changes, without saying which', { conclusion: C.PROPORTIONATE_WITH_CHANGES }, 'input.changes'],
    ['with changes, saying which', { conclusion: C.PROPORTIONATE_WITH_CHANGES, changes: 'Exclude the shared garden' }, null],
    ['changes given on another conclusion', { changes: 'x' }, 'input.changes'],
    ['no reasons', { reasons: ' ' }, 'input.reasons'],
    ['no action', { proposedAction: '' }, 'input.proposedAction'],
  ];
  it.each(cases)('%s', (_what, over, field) => {
    expect(fieldOf(() => proportionalityAssessment({ ...base, ...over }))).toBe(field);
  });
});
