import { describe, expect, it } from 'vitest';
import { MAX_OPERATION_LABELS, operationLabel } from '../platform/metrics';

/** The latency histogram's `operation` label is the client's operation name: bounded, so a client inventing names cannot grow the registry. */
describe('operation label', () => {
  it('keeps the first names as sent and files later new ones under (other)', () => {
    expect(operationLabel('CaseHistory')).toBe('CaseHistory');
    for (let i = 0; i < MAX_OPERATION_LABELS * 2; i++) operationLabel(`Invented${i}`);
    expect(operationLabel('CaseHistory')).toBe('CaseHistory');
    expect(operationLabel('Invented0')).toBe('Invented0');
    expect(operationLabel(`Invented${MAX_OPERATION_LABELS * 2 - 1}`)).toBe('(other)');
    expect(operationLabel('NeverSeenBefore')).toBe('(other)');
  });

  it('files an over-long name under (other)', () => {
    expect(operationLabel('Q'.repeat(101))).toBe('(other)');
  });
});
