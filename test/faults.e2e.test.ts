import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraphs } from '../subgraphs';
import { startSubgraph } from '../subgraphs/shared/server';
import { DEMO } from '../seeds/demo-data';
import { startTestHub, tokenFor, type TestHub } from './support/hub';

/** A subgraph going away: partial data with errors for its fields, and recovery by itself. */
let t: TestHub;
let token: string;
const QUERY = `{ person(id: "${DEMO.people.alice}") { id familyName triggerApplications { reference } incidents { id source } } }`;

beforeAll(async () => {
  t = await startTestHub({ seed: true });
  token = await tokenFor('sevenoaks-dc', 'spoc');
});
afterAll(async () => {
  await t?.stop();
});

describe('a subgraph stops and comes back', () => {
  it('answers with partial data and errors while incidents is down, then fully once it is back on its port', async () => {
    const full = await t.query<any>(QUERY, {}, { token });
    expect(full.errors).toBeUndefined();
    expect(full.data!.person.incidents).toHaveLength(4);

    const incidents = t.hub.subgraphs.incidents;
    const port = incidents.port;
    await incidents.stop();
    const partial = await t.query<any>(QUERY, {}, { token });
    expect(partial.data!.person.familyName).toBe('Turner');
    expect(partial.data!.person.triggerApplications).toEqual([{ reference: 'SDC-CT-2026-0001' }]);
    expect(partial.errors!.length).toBeGreaterThan(0);
    expect(partial.errors![0]).toMatchObject({ message: 'The incidents service is unavailable', extensions: { code: 'SERVICE_UNAVAILABLE', service: 'incidents' } });
    const ready = await fetch(`http://127.0.0.1:${t.hub.gateway.port}/readyz`);
    expect(ready.status).toBe(503);
    expect((await ready.json()).subgraphs.incidents).toBe('unreachable');

    const { databaseUrl } = t;
    t.hub.subgraphs.incidents = await startSubgraph(subgraphs.incidents, {
      clientUrl: databaseUrl,
      port,
      peers: Object.fromEntries(Object.entries(t.hub.subgraphs).map(([n, s]) => [n, s.url])),
    });
    const again = await t.query<any>(QUERY, {}, { token });
    expect(again.errors).toBeUndefined();
    expect(again.data).toEqual(full.data);
    expect((await fetch(`http://127.0.0.1:${t.hub.gateway.port}/readyz`)).status).toBe(200);
  });
});
