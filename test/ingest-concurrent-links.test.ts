import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestIncidents, type IngestDeps } from '../subgraphs/incidents/ingest/submit';
import { IncidentSource } from '../subgraphs/shared/enums';
import { startTestHub, type TestHub } from './support/hub';

/**
 * Two agencies' reports of one incident submitted at the same moment: each submission's
 * transaction cannot see the other's uncommitted rows, yet the link must be made (the Community
 * Trigger threshold counts the clusters). The two transactions are held open together, both
 * records stored and neither committed, before either goes on.
 */
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ seed: true });
});
afterAll(async () => {
  await t?.stop();
});

/** Both callers wait here until the other has arrived too. */
function barrier(n: number) {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((r) => (release = r));
  return () => {
    if (++arrived === n) release();
    return all;
  };
}

describe('same-incident links between concurrent submissions', () => {
  it('links two agencies’ reports of one incident whose submissions were in flight together', async () => {
    const knex = t.hub.subgraphs.incidents.db.orm.em.getConnection().getKnex();
    const ids = new Map<string, string>();
    const consent: IngestDeps['consent'] = {
      resolvePeople: async (_agency, people) => people.map((p) => ids.get(p.familyName!) ?? ids.set(p.familyName!, randomUUID()).get(p.familyName!)!),
    };
    const n = 20;
    const at = (i: number, h: number) => new Date(Date.UTC(2025, 3, 1) + i * 86_400_000 + h * 3_600_000).toISOString();
    const reporter = (i: number) => ({
      givenName: 'Sam',
      familyName: `Concurrent${String.fromCharCode(97 + i)}`,
      dateOfBirth: '1966-06-06',
      postcode: 'TN13 2BB',
    });
    const place = (i: number) => ({ address: `${i} Cedar Road`, latitude: 51.3 + i * 0.01, longitude: 0.2, lsoaCode: 'E01024503' });
    const police = Array.from({ length: n }, (_, i) => ({
      sourceRef: `CONC-P-${i}`,
      category: 'NUISANCE',
      occurredAt: at(i, 0),
      location: place(i),
      reporter: reporter(i),
      police: { district: 'Sevenoaks' },
    }));
    const housing = Array.from({ length: n }, (_, i) => ({
      sourceRef: `CONC-H-${i}`,
      category: 'NUISANCE',
      occurredAt: at(i, 3),
      location: { ...place(i), uprn: String(300000 + i) },
      reporter: reporter(i),
      housing: { tenancyRef: `T-${i}`, caseRef: `C-${i}` },
    }));
    const meet = barrier(2);
    // The audit hook runs inside each transaction once its records are stored: both wait for the other there.
    const deps: IngestDeps = { knex, consent, audit: () => meet() };
    const [a, b] = await Promise.all([
      ingestIncidents(deps, { agencyId: 'kent-police', source: IncidentSource.POLICE, records: police }),
      ingestIncidents(deps, { agencyId: 'west-kent-housing', source: IncidentSource.HOUSING, records: housing }),
    ]);
    expect(a.accepted + b.accepted).toBe(2 * n);
    expect(a.linked + b.linked).toBe(n);
    const { rows } = await knex.raw(
      `select count(*)::int as n from incidents.incident_link l join incidents.incident i on i.id = l.incident_id
       join incidents.incident o on o.id = l.other_incident_id where i.source_ref like 'CONC-%' and o.source_ref like 'CONC-%' and l.undone_at is null`,
    );
    expect(rows[0].n).toBe(n);
    // and each pair is one cluster
    const clusters = await knex.raw(`select count(distinct cluster_id)::int as n from incidents.incident where source_ref like 'CONC-%'`);
    expect(clusters.rows[0].n).toBe(n);
  });
});
