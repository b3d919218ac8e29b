import { describe, expect, it } from 'vitest';
import { KENT } from '../../../seeds/threshold-policies';
import type { EvaluatedIncident } from '../entities/ThresholdEvaluation';
import { IncidentVerdict as V, ThresholdRoute } from '../rules/threshold';
import { verdictWords } from './verdicts';

/** CT2 says "whether each was counted" for every incident listed (Kent App. A: "list all the incidents that were reported"). */
const item = (id: string, verdict: V, reportedAt: string, extra: Partial<EvaluatedIncident> = {}): EvaluatedIncident => ({
  incidentId: id,
  route: ThresholdRoute.PERSON,
  verdict,
  duplicateOfIncidentId: null,
  reason: '',
  source: 'POLICE',
  agencyId: 'kent-police',
  sourceRef: `KP-${id}`,
  category: 'NUISANCE',
  subType: null,
  occurredAt: reportedAt,
  reportedAt,
  ownIncident: true,
  actions: [],
  ...extra,
});
const items = [
  item('1', V.COUNTED, '2026-09-01T20:00:00Z'),
  item('2', V.OUTSIDE_WINDOW, '2026-03-01T20:00:00Z'),
  item('3', V.OUTSIDE_WINDOW, '2026-11-24T09:00:00Z', { occurredAt: '2026-11-20T20:00:00Z' }),
  item('4', V.REPORTED_TOO_LATE, '2026-07-01T20:00:00Z', { occurredAt: '2026-05-01T20:00:00Z' }),
  item('5', V.DUPLICATE_OF, '2026-09-02T09:00:00Z', { duplicateOfIncidentId: '1', agencyId: 'west-kent-housing', sourceRef: 'WKH-5' }),
  item('6', V.NOT_SIMILAR, '2026-10-01T20:00:00Z', { category: 'PERSONAL' }),
];
const evaluation = { items, parameters: KENT, windowEnd: new Date('2026-11-23T12:00:00Z') };

describe('verdictWords: each incident as the applicant reads it', () => {
  it.each([
    ['1', 'Counted'],
    ['2', 'Not counted: not reported in the 6 months before your application'],
    ['3', 'Not counted: reported after your application'],
    ['4', 'Not counted: reported more than 31 days after it happened'],
    ['5', 'Counted once: the same incident as KP-1'],
    ['6', 'Not counted: not the same or similar as the incidents counted'],
  ])('incident %s: %s', (id, words) => {
    const text = verdictWords(
      items.find((i) => i.incidentId === id)!,
      evaluation,
    );
    expect(text).toBe(words);
    expect(text).not.toMatch(/kent-police|west-kent-housing|[0-9a-f]{8}-/);
  });
});
