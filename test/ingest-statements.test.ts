import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * Ingestion is set-based: the SQL statements one submitIncidents costs (in the incidents subgraph,
 * and in the consent subgraph for person resolution and the access log) do not grow with the number
 * of records, for the realistic mix — reporters already known through another agency, a few new
 * people, reports that link to another agency's report of the same incident, and a resubmission
 * that changes records so that their links no longer hold.
 */
let t: TestHub;
let police: string;
let housing: string;
beforeAll(async () => {
  t = await startTestHub({ seed: true });
  police = await tokenFor('kent-police', 'contributor');
  housing = await tokenFor('west-kent-housing', 'contributor');
});
afterAll(async () => {
  await t?.stop();
});

const SUBMIT = `mutation($source: IncidentSource!, $records: [IncidentInput!]!) {
  submitIncidents(source: $source, records: $records) { accepted updated unchanged linked rejected { index errors { field message } } }
}`;

/** Letters only: person matching ignores digits in names. */
const letters = (n: number): string => (n < 26 ? '' : letters(Math.floor(n / 26) - 1)) + String.fromCharCode(97 + (n % 26));
const person = (run: string, i: number) => ({ givenName: 'Kim', familyName: `Stmt-${run}-${letters(i)}`, dateOfBirth: '1970-03-04', postcode: 'TN13 1AA' });
/** Each person has a place of their own (333 m apart), so that only the intended pairs match. */
const at = (base: number, i: number, hours = 0) => new Date(base + (i + hours) * 3_600_000).toISOString();
const place = (i: number) => ({ address: `${i} Oak Lane`, latitude: 51.2 + i * 0.003, longitude: 0.2, lsoaCode: 'E01024503' });

const policeRecord = (run: string, base: number, i: number) => ({
  sourceRef: `STMT-${run}-P-${i}`,
  category: 'NUISANCE',
  subType: 'Noise',
  occurredAt: at(base, i),
  location: place(i),
  reporter: person(run, i),
  police: { district: 'Sevenoaks' },
});
const housingRecord = (run: string, base: number, i: number, category = 'NUISANCE') => ({
  sourceRef: `STMT-${run}-H-${i}`,
  category,
  subType: category === 'NUISANCE' ? 'Noise' : 'Fly-tipping',
  // recategorised, 4 h after the police report: beyond the 2 h in which one reporter's differently categorised reports still link
  occurredAt: at(base, i, category === 'NUISANCE' ? 2 : 4),
  location: { ...place(i), uprn: String(200000 + i) },
  // every fifth reporter is new to the hub; the others the police registered
  reporter: i % 5 === 4 ? person(`${run}new`, i) : person(run, i),
  actions: [{ at: at(base, i, 5), action: 'Visited the tenant' }],
  housing: { tenancyRef: `T-${i}`, caseRef: `C-${run}-${i}` },
});

async function statements(token: string, source: string, records: unknown[]) {
  const before = { incidents: t.sqlCount('incidents'), consent: t.sqlCount('consent') };
  const res = await t.query<any>(SUBMIT, { source, records }, { token });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  expect(res.data.submitIncidents.rejected).toEqual([]);
  return { incidents: t.sqlCount('incidents') - before.incidents, consent: t.sqlCount('consent') - before.consent, outcome: res.data.submitIncidents };
}

/** Police registers n people; housing then reports each one's incident (linking), and resubmits them recategorised (unlinking). */
async function mix(run: string, n: number, base: number) {
  const registered = await statements(
    police,
    'POLICE',
    Array.from({ length: n }, (_, i) => policeRecord(run, base, i)),
  );
  expect(registered.outcome.accepted).toBe(n);
  const linking = await statements(
    housing,
    'HOUSING',
    Array.from({ length: n }, (_, i) => housingRecord(run, base, i)),
  );
  expect(linking.outcome).toMatchObject({ accepted: n, linked: n });
  const unlinking = await statements(
    housing,
    'HOUSING',
    Array.from({ length: n }, (_, i) => housingRecord(run, base, i, 'ENVIRONMENTAL')),
  );
  expect(unlinking.outcome).toMatchObject({ updated: n, linked: 0 });
  const unchanged = await statements(
    housing,
    'HOUSING',
    Array.from({ length: n }, (_, i) => housingRecord(run, base, i, 'ENVIRONMENTAL')),
  );
  expect(unchanged.outcome).toMatchObject({ unchanged: n });
  return { registered, linking, unlinking, unchanged };
}

describe('SQL statements per submitIncidents batch', () => {
  it('are the same for 5 and for 200 records of the realistic mix, in each subgraph', async () => {
    // warm the agencies' one-off lookups outside the count
    await mix('warm', 2, Date.UTC(2025, 0, 1));
    const small = await mix('small', 5, Date.UTC(2025, 2, 1));
    const large = await mix('large', 200, Date.UTC(2025, 5, 1));
    for (const step of ['registered', 'linking', 'unlinking', 'unchanged'] as const) {
      expect({ step, incidents: large[step].incidents, consent: large[step].consent }).toEqual({
        step,
        incidents: small[step].incidents,
        consent: small[step].consent,
      });
    }
    // and they are few: a handful per subgraph (transaction control included)
    for (const step of ['registered', 'linking', 'unlinking', 'unchanged'] as const) {
      expect(small[step].incidents).toBeLessThanOrEqual(12);
      expect(small[step].consent).toBeLessThanOrEqual(10);
    }
  });
});
