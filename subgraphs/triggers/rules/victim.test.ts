import { describe, expect, it } from 'vitest';
import { normaliseContact, victimContactProblems, victimEventTitle, VictimInvolvement, withEvent } from './victim';

describe('the victim’s contact and involvement', () => {
  const known = (id: string) => ['kent-police', 'sevenoaks-dc'].includes(id);
  const good = { name: 'PC Jo Bloggs', role: 'Neighbourhood officer', agencyId: 'kent-police', phone: '01732 227000', email: null };

  it('accepts an officer of a partner agency with a phone or an e-mail', () => {
    expect(victimContactProblems(good, known)).toEqual([]);
    expect(victimContactProblems({ ...good, phone: null, email: 'jo.bloggs@kent.police.uk' }, known)).toEqual([]);
  });

  it('names the field of each problem, never the value', () => {
    const problems = victimContactProblems({ name: ' ', role: 'x'.repeat(121), agencyId: 'nowhere', phone: 'call me', email: 'not-an-address' }, known);
    expect(problems.map((p) => p.field).sort()).toEqual(['agencyId', 'email', 'name', 'phone', 'role']);
    for (const p of problems) expect(p.message).not.toMatch(/nowhere|call me|not-an-address/);
    expect(victimContactProblems({ ...good, phone: null, email: null }, known).map((p) => p.field)).toEqual(['phone']);
  });

  it('trims what it stores', () => {
    expect(normaliseContact({ name: ' Jo ', role: ' PCSO ', agencyId: 'kent-police ', phone: ' ', email: ' jo@x.uk ' })).toEqual({
      name: 'Jo',
      role: 'PCSO',
      agencyId: 'kent-police',
      phone: null,
      email: 'jo@x.uk',
    });
  });

  it('describes each change without the victim’s details', () => {
    expect(victimEventTitle({ at: '', kind: 'INVOLVEMENT', value: VictimInvolvement.WRITTEN_SUBMISSION, by: 'applicant' })).toBe(
      "Victim's involvement: send a written account to the panel instead of attending (chosen by the applicant on their page)",
    );
    expect(victimEventTitle({ at: '', kind: 'INVOLVEMENT', value: VictimInvolvement.ATTEND_IN_PERSON, by: 'spoc.x' })).toContain('recorded by the SPOC');
    expect(victimEventTitle({ at: '', kind: 'CONTACT', value: 'Neighbourhood officer, kent-police', by: 'spoc.x' })).toBe(
      "Victim's single point of contact named: Neighbourhood officer, kent-police",
    );
  });

  it('keeps the latest 100 changes', () => {
    let events = withEvent(null, { at: '0', kind: 'INVOLVEMENT', value: 'A', by: 'applicant' });
    for (let i = 1; i < 150; i++) events = withEvent(events, { at: String(i), kind: 'INVOLVEMENT', value: 'A', by: 'applicant' });
    expect(events).toHaveLength(100);
    expect(events[99].at).toBe('149');
  });
});
