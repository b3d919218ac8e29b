import { describe, expect, it } from 'vitest';
import { LetterKind, renderLetter, type LetterData } from './render';

const incidents = [
  {
    occurredOn: '2026-07-26', agency: 'Kent Police', sourceRef: 'KP-ASB-2026-10421', category: 'PERSONAL', subType: 'Intimidation',
    actions: [{ on: '2026-07-27', action: 'Officer attended; words of advice given', by: 'PC 4412' }],
  },
  {
    occurredOn: '2026-09-09', agency: 'West Kent Housing Association', sourceRef: 'WKH-CASE-5520', category: 'NUISANCE', subType: 'Noise',
    actions: [
      { on: '2026-09-14', action: 'Warning letter to the tenant of flat 12', by: 'Housing officer' },
      { on: '2026-09-20', action: 'Mediation offered', by: null },
    ],
  },
  { occurredOn: '2026-11-08', agency: 'Kent Police', sourceRef: 'KP-ASB-2026-12650', category: 'NUISANCE', subType: null, actions: [] },
];
const base: LetterData = { reference: 'SDC-CT-2026-0003', authority: 'Sevenoaks District Council', date: '2026-11-23' };

describe('letters CT1–CT5', () => {
  it('CT1 acknowledges with the meeting date and the 25-day target', () => {
    const l = renderLetter(LetterKind.CT1, { ...base, receivedOn: '2026-11-20', meetingOn: '2026-12-10', processDueOn: '2026-12-28' });
    expect(l.subject).toBe('Your Community Trigger application SDC-CT-2026-0003 has been received');
    for (const body of [l.html, l.text]) {
      expect(body).toContain('2026-12-10');
      expect(body).toContain('2026-12-28');
      expect(body).toContain('SDC-CT-2026-0003');
    }
    expect(l.html).toMatch(/^<!doctype html>/);
    expect(l.text).not.toContain('<');
    // paragraphs stay apart in plain text
    expect(l.text).toContain('Sevenoaks District Council\n\nThank you for your application');
  });

  it('CT2 lists every incident reported and every action taken, with the appeal route', () => {
    const l = renderLetter(LetterKind.CT2, { ...base, policyName: 'Kent', policyVersion: 2, counted: 2, incidents, reason: 'Two qualifying incidents were found.' });
    for (const body of [l.html, l.text]) {
      for (const i of incidents) expect(body).toContain(i.sourceRef);
      expect(body).toContain('Officer attended; words of advice given');
      expect(body).toContain('Warning letter to the tenant of flat 12');
      expect(body).toContain('Mediation offered');
      expect(body).toMatch(/no action recorded/i); // KP-ASB-2026-12650 had none
      expect(body).toContain('second-stage review');
      expect(body).toContain('version 2');
    }
    // one row per incident in HTML, each action once in text
    expect(l.html.match(/<tr><td>/g)).toHaveLength(3);
    expect(l.text.match(/^ {4}action /gm)).toHaveLength(3);
  });

  it('CT3 says the threshold is met but all action was taken, listing the incidents and the appeal route', () => {
    const l = renderLetter(LetterKind.CT3, { ...base, incidents });
    expect(l.text).toContain('all reasonable action has already been taken');
    expect(l.text).toContain('KP-ASB-2026-12650');
    expect(l.text).toContain('second-stage review');
  });

  it('CT4 gives the agreed actions, numbered, and the lead officer', () => {
    const l = renderLetter(LetterKind.CT4, { ...base, actions: ['Noise monitoring for 4 weeks', 'Injunction application'], leadOfficer: 'ASB officer, Sevenoaks DC', finalReviewDueOn: '2027-06-01' });
    expect(l.text).toContain('1. Noise monitoring for 4 weeks\n2. Injunction application');
    expect(l.html).toContain('<li>Injunction application</li>');
    for (const body of [l.html, l.text]) {
      expect(body).toContain('ASB officer, Sevenoaks DC');
      expect(body).toContain('2027-06-01');
    }
  });

  it('CT5 closes the case', () => {
    const l = renderLetter(LetterKind.CT5, base);
    expect(l.subject).toContain('closed');
    expect(l.text).toContain('is now closed');
  });

  it('escapes values in HTML but not in plain text', () => {
    const l = renderLetter(LetterKind.CT4, { ...base, actions: ['Fence <repair> & lighting'], leadOfficer: 'A & B' });
    expect(l.html).toContain('Fence &lt;repair&gt; &amp; lighting');
    expect(l.text).toContain('Fence <repair> & lighting');
  });
});
