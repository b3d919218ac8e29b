import { startGateway, type RunningGateway } from '../../gateway';
import { subgraphs } from '../../subgraphs';
import { config } from '../../subgraphs/shared/config';
import { startSubgraph, SUBGRAPH_NAMES, type RunningSubgraph, type SubgraphName } from '../../subgraphs/shared/server';
import { isEmpty, seedDemoData } from '../../seeds';
import { registerPeer } from '../../subgraphs/shared/peers';

/**
 * The whole hub in one process: every subgraph (each with its own ORM, schema and port) and the
 * gateway in front. `npm start` uses it with the configured ports; tests with port 0 (any free).
 */
export interface Hub {
  gateway: RunningGateway;
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  stop(): Promise<void>;
}

export interface HubOptions {
  clientUrl: string;
  gatewayPort?: number;
  /** 0 picks free ports (tests); default the configured ports. */
  subgraphPort?: (name: SubgraphName) => number;
  /** Load the demo data into an empty database. */
  seed?: boolean;
  /** Serve subgraphs without the permission layer (benchmarks only). */
  rules?: boolean;
}

export async function startHub(opts: HubOptions): Promise<Hub> {
  const c = config();
  const ports: Record<SubgraphName, number> = { incidents: c.INCIDENTS_PORT, consent: c.CONSENT_PORT, triggers: c.TRIGGERS_PORT, reviews: c.REVIEWS_PORT };
  const running = {} as Record<SubgraphName, RunningSubgraph>;
  try {
    for (const name of SUBGRAPH_NAMES) {
      running[name] = await startSubgraph(subgraphs[name], {
        clientUrl: opts.clientUrl,
        port: opts.subgraphPort?.(name) ?? ports[name],
        rules: opts.rules,
      });
      registerPeer(name, running[name].url);
    }
    if (opts.seed && (await isEmpty(running))) await seedDemoData(running);
    const gateway = await startGateway({
      port: opts.gatewayPort ?? c.PORT,
      subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, running[n].url])),
    });
    return {
      gateway,
      subgraphs: running,
      async stop() {
        await gateway.stop();
        for (const s of Object.values(running)) await s.stop();
      },
    };
  } catch (err) {
    for (const s of Object.values(running)) await s.stop().catch(() => undefined);
    throw err;
  }
}
