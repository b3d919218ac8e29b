import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { AccessQuestion, PolicyDecisionPoint } from './access';
import { DataCategory } from './enums';
import { remotePolicyDecisionPoint, serveInProcess } from './pdp-client';

/**
 * The decision point of a consent subgraph in the same process is asked by a call, while it is
 * served; withdrawn (stopped), it is asked over HTTP like any other, and fails the same way.
 */
const actor = { sub: 'probe', agencyId: 'kent-police', roles: ['reviewer'], subgraph: 'incidents', requestId: 'pdp-client-test' };
const question: AccessQuestion = { personId: '00000000-0000-4000-8000-000000000001', category: DataCategory.INCIDENT_DETAIL, controllerAgencyIds: ['sevenoaks-dc'], field: 'Incident.description' };

async function closedPortUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}/graphql`;
}

describe('asking a decision point served in this process', () => {
  it('calls it while served, with the questions as asked and no read-ahead of the asker', async () => {
    const url = await closedPortUrl();
    const seen: unknown[][] = [];
    const pdp: PolicyDecisionPoint = async (...args) => {
      seen.push(args);
      return { answers: [{ allowed: true, basis: 'grant:g1' }], logged: Promise.resolve() };
    };
    const withdraw = serveInProcess(url, pdp);
    try {
      const ask = remotePolicyDecisionPoint('incidents', () => url);
      const asked = await ask(actor, [question], new Map([['facts|kent-police|x', Promise.resolve()]]));
      expect(asked.answers).toEqual([{ allowed: true, basis: 'grant:g1' }]);
      await expect(asked.logged).resolves.toBeUndefined();
      expect(seen).toEqual([[actor, [question]]]);
    } finally {
      withdraw();
    }
  });

  it('opens on it too: the people at once, the questions on the opening', async () => {
    const url = await closedPortUrl();
    const opened: string[][] = [];
    const askedOn: string[] = [];
    const pdp: PolicyDecisionPoint = async (_a, qs) => (askedOn.push('plain'), { answers: qs.map(() => ({ allowed: false, basis: 'no-grant' })), logged: Promise.resolve() });
    pdp.open = (_a, people) => {
      opened.push(people);
      return { ask: async (qs) => (askedOn.push('opened'), { answers: qs.map(() => ({ allowed: true, basis: 'grant:g2' })), logged: Promise.resolve() }), cancel: () => undefined };
    };
    const withdraw = serveInProcess(url, pdp);
    try {
      const o = remotePolicyDecisionPoint('incidents', () => url).open!(actor, [question.personId]);
      expect(opened).toEqual([[question.personId]]);
      expect((await o.ask([question])).answers).toEqual([{ allowed: true, basis: 'grant:g2' }]);
      expect(askedOn).toEqual(['opened']);
    } finally {
      withdraw();
    }
  });

  it('fails as over HTTP: SERVICE_UNAVAILABLE when it cannot decide or cannot log', async () => {
    const url = await closedPortUrl();
    const ask = remotePolicyDecisionPoint('incidents', () => url);
    let withdraw = serveInProcess(url, async () => {
      throw new Error('database gone');
    });
    await expect(ask(actor, [question])).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
    withdraw();
    withdraw = serveInProcess(url, async () => ({ answers: [{ allowed: true, basis: 'controller' }], logged: Promise.reject(new Error('append failed')) }));
    const asked = await ask(actor, [question]);
    await expect(asked.logged).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' }, message: 'The access log could not be written' });
    withdraw();
  });

  it('opens nothing over HTTP: a decision point elsewhere is asked the whole questions at once', async () => {
    const url = await closedPortUrl();
    expect(remotePolicyDecisionPoint('incidents', () => url).open!(actor, [question.personId])).toBeUndefined();
  });

  it('once withdrawn, asks over HTTP (nothing listening: SERVICE_UNAVAILABLE), never the withdrawn one', async () => {
    const url = await closedPortUrl();
    let calls = 0;
    const withdraw = serveInProcess(url, async () => {
      calls++;
      return { answers: [{ allowed: true, basis: 'grant:g1' }], logged: Promise.resolve() };
    });
    withdraw();
    await expect(remotePolicyDecisionPoint('incidents', () => url)(actor, [question])).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
    expect(calls).toBe(0);
  });
});
