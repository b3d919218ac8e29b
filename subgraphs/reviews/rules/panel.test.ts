import { describe, expect, it } from 'vitest';
import { checkPanel, MIN_PANEL_AGENCIES } from './panel';
import { unansweredFindingText } from './findings';

describe('review panel rules', () => {
  it('needs at least three agencies and a chair among them', () => {
    expect(MIN_PANEL_AGENCIES).toBe(3);
    expect(() => checkPanel(['a', 'b'], 'a')).toThrow(/at least 3/);
    expect(() => checkPanel(['a', 'b', 'c'], 'd')).toThrow(/chair/);
    expect(() => checkPanel(['a', 'b', 'c'], 'b')).not.toThrow();
  });

  it('names the agency and dates, nothing personal, in the automatic finding', () => {
    expect(unansweredFindingText('kent-police', '2026-11-02', '2026-11-09')).toBe(
      'No information provided by kent-police (requested 2026-11-02, due 2026-11-09)',
    );
  });
});
