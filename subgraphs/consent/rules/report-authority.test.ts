import { describe, expect, it } from 'vitest';
import { reportAuthority } from './report-authority';

const authorities = [
  { id: 'sevenoaks-dc', area: 'kent' },
  { id: 'east-herts-dc', area: 'herts' },
  { id: 'dover-dc', area: 'kent-east' },
];

describe('the authority of a person’s reports', () => {
  it('is the area’s only authority', () => {
    expect(reportAuthority({ reportingAreas: ['kent'], authorities, holdingRecord: [] })).toBe('sevenoaks-dc');
  });
  it('is the one that knows the person when the areas have several', () => {
    const two = [...authorities, { id: 'tonbridge-bc', area: 'kent' }];
    expect(reportAuthority({ reportingAreas: ['kent'], authorities: two, holdingRecord: ['kent-police', 'tonbridge-bc'] })).toBe('tonbridge-bc');
    expect(reportAuthority({ reportingAreas: ['kent'], authorities: two, holdingRecord: ['kent-police'] })).toBeNull();
    expect(reportAuthority({ reportingAreas: ['kent'], authorities: two, holdingRecord: ['tonbridge-bc', 'sevenoaks-dc'] })).toBeNull();
  });
  it('is never an authority of another area, nor one when no area is known', () => {
    expect(reportAuthority({ reportingAreas: ['kent'], authorities, holdingRecord: ['east-herts-dc'] })).toBe('sevenoaks-dc');
    expect(reportAuthority({ reportingAreas: [], authorities, holdingRecord: ['sevenoaks-dc'] })).toBeNull();
  });
});
