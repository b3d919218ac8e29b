import os from 'node:os';
import { createDatabase, databaseUrl, dropDatabase } from '../../subgraphs/shared/database';
import { startHub, type Hub, type HubOptions } from '../lib/hub';
import { Incident } from '../../subgraphs/incidents/entities/Incident';
import { AsbCategory, IncidentSource } from '../../subgraphs/shared/enums';
import { DEMO } from '../../seeds/demo-data';

/** Helpers shared by benchmarks: a scratch database, a hub on free ports, percentiles. */
export async function scratchDatabase(label: string) {
  const url = await createDatabase(await databaseUrl(), `bench_${label}_${Date.now()}`);
  return { url, drop: () => dropDatabase(url) };
}

export async function benchHub(label: string, opts: Omit<HubOptions, 'clientUrl'> = {}): Promise<{ hub: Hub; url: string; dbUrl: string; stop(): Promise<void> }> {
  const db = await scratchDatabase(label);
  const hub = await startHub({ clientUrl: db.url, gatewayPort: 0, subgraphPort: () => 0, seed: true, ...opts });
  return {
    hub,
    url: `http://127.0.0.1:${hub.gateway.port}/graphql`,
    dbUrl: db.url,
    async stop() {
      await hub.stop();
      await db.drop();
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Times `fn` `n` times after `warmup` runs; returns sorted milliseconds. */
export async function timeRuns(n: number, fn: () => Promise<unknown>, warmup = Math.min(20, n)): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

export const machine = () => `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;

/**
 * A case history of `n` incidents of Alice over three sources (the case-history and console
 * benchmarks): pairs a few hours apart, the same incident reported to two agencies.
 */
export async function addCaseIncidents(hub: Hub, n: number, refPrefix: string): Promise<void> {
  const em = hub.subgraphs.incidents.db.orm.em.fork();
  const sources = [
    [IncidentSource.POLICE, 'kent-police'],
    [IncidentSource.HOUSING, 'west-kent-housing'],
    [IncidentSource.WARDEN, 'kent-wardens'],
  ] as const;
  for (let i = 0; i < n; i++) {
    const [source, agencyId] = sources[i % 3];
    const at = new Date(Date.now() - (Math.floor(i / 2) + 1) * 20 * 3_600_000 - (i % 2) * 3_600_000);
    em.create(Incident, {
      source, agencyId, sourceRef: `${refPrefix}-${i}`, category: [AsbCategory.NUISANCE, AsbCategory.PERSONAL][Math.floor(i / 2) % 2], occurredAt: at, reportedAt: at,
      description: `Narrative ${i}: noise and shouting outside the property late at night.`, location: 'Oak Lane, Sevenoaks',
      reporterPersonId: DEMO.people.alice, actions: [{ at: at.toISOString(), action: 'Visited; advice given', by: 'officer' }],
    });
  }
  await em.flush();
}
