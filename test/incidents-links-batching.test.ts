import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, tokenFor, type TestHub } from './support/hub';

/** The incidents list and its same-incident fields cost the same SQL statements for 2 rows or 40. */
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ seed: true });
  const base = Date.UTC(2026, 0, 10, 22);
  const at = (i: number, h = 0) => new Date(base + i * 7 * 86_400_000 + h * 3_600_000).toISOString();
  const police = Array.from({ length: 20 }, (_, i) => ({
    sourceRef: `KP-LINK-${i}`, category: 'NUISANCE', subType: 'Noise', occurredAt: at(i),
    location: { address: `${i} Cedar Road, Sevenoaks`, uprn: String(200000 + i) },
  }));
  const housing = Array.from({ length: 20 }, (_, i) => ({
    sourceRef: `WKH-LINK-${i}`, category: 'NUISANCE', subType: 'Noise', occurredAt: at(i, 3),
    location: { uprn: String(200000 + i) }, housing: { tenancyRef: `T-${i}`, caseRef: `C-${i}` },
  }));
  const submit = `mutation($source: IncidentSource!, $records: [IncidentInput!]!) { submitIncidents(source: $source, records: $records) { accepted linked } }`;
  const p = await t.query<any>(submit, { source: 'POLICE', records: police }, { token: await tokenFor('kent-police', 'contributor') });
  const h = await t.query<any>(submit, { source: 'HOUSING', records: housing }, { token: await tokenFor('west-kent-housing', 'contributor') });
  expect(p.data!.submitIncidents).toEqual({ accepted: 20, linked: 0 });
  expect(h.data!.submitIncidents).toEqual({ accepted: 20, linked: 20 });
});
afterAll(async () => {
  await t?.stop();
});

describe('same-incident fields are batched', () => {
  it('links by property (UPRN) across agencies, and the statements per request do not grow with the page (2 or 30 rows)', async () => {
    const token = await tokenFor('sevenoaks-dc', 'spoc');
    const q = `query($first: Int) { incidents(first: $first, filter: { occurredFrom: "2026-01-01T00:00:00Z", occurredTo: "2026-06-01T00:00:00Z" }) {
      edges { node { id clusterId sameIncidentAs { id sourceRef } sameIncidentLinks { explanation } } } } }`;
    const run = async (first: number) => {
      const before = t.sqlCount('incidents');
      const res = await t.query<any>(q, { first }, { token });
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      return { statements: t.sqlCount('incidents') - before, edges: res.data!.incidents.edges };
    };
    const two = await run(2);
    const forty = await run(30);
    expect(forty.edges).toHaveLength(30);
    expect(forty.edges.every((e: any) => e.node.sameIncidentAs.length === 1)).toBe(true);
    expect(forty.edges[0].node.sameIncidentLinks[0].explanation).toBe('Reported to different agencies 3 h apart (window 48 h), sharing the same property (UPRN), the same ASB category, the same ASB sub-type.');
    expect(new Set(forty.edges.map((e: any) => e.node.clusterId)).size).toBe(15);
    expect(forty.statements).toBe(two.statements);
  });

  it('undoes a link itself when a resubmission stops the reports matching, and remakes it when they match again', async () => {
    const token = await tokenFor('west-kent-housing', 'contributor');
    const submit = `mutation($records: [IncidentInput!]!) { submitIncidents(source: HOUSING, records: $records) { updated linked } }`;
    const record = (uprn: string) => ({
      sourceRef: 'WKH-LINK-0', category: 'NUISANCE', subType: 'Noise', occurredAt: new Date(Date.UTC(2026, 0, 10, 25)).toISOString(),
      location: { uprn }, housing: { tenancyRef: 'T-0', caseRef: 'C-0' },
    });
    const state = async () => {
      const r = await t.query<any>(`{ incidents(filter: { sourceRef: "WKH-LINK-0" }) { edges { node { id clusterId sameIncidentAs { id } sameIncidentLinks { undoneBy undoReason } } } } }`, {}, { token });
      return r.data!.incidents.edges[0].node;
    };
    const moved = await t.query<any>(submit, { records: [record('999999')] }, { token });
    expect(moved.data!.submitIncidents).toEqual({ updated: 1, linked: 0 });
    const apart = await state();
    expect(apart.sameIncidentAs).toEqual([]);
    expect(apart.clusterId).toBe(apart.id);
    expect(apart.sameIncidentLinks).toEqual([{ undoneBy: 'system:resubmission', undoReason: 'The reports no longer match after one of them was resubmitted' }]);
    const back = await t.query<any>(submit, { records: [record('200000')] }, { token });
    expect(back.data!.submitIncidents).toEqual({ updated: 1, linked: 1 });
    const together = await state();
    expect(together.sameIncidentAs).toHaveLength(1);
    expect(together.sameIncidentLinks).toEqual([{ undoneBy: null, undoReason: null }]);
  });
});
