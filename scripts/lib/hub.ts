import { startGateway, type RunningGateway } from '../../gateway';
import { subgraphs } from '../../subgraphs';
import { config } from '../../platform/config';
import { startSubgraph, type RunningSubgraph } from '../../subgraphs/shared/server';
import { configuredPort, SUBGRAPH_NAMES, type SubgraphName } from '../../platform/services';
import { isEmpty, seedDemoData } from '../../seeds';

/**
 * The whole hub in one process: every subgraph (each with its own ORM, schema and port) and the
 * gateway in front. `npm start` uses it with the configured ports; tests with port 0 (any free).
 */
export interface Hub {
  gateway: RunningGateway;
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  /** Where the subgraphs find each other, read on every service call (the fault drills re-point one). */
  peers: Partial<Record<SubgraphName, string>>;
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
  /** Start the gateway in this process too (default); benchmarks run gateways as their own processes. */
  gateway?: boolean;
  /** The gateway's subgraph timeout (default GATEWAY_SUBGRAPH_TIMEOUT_MS). */
  subgraphTimeoutMs?: number;
}

export async function startHub(opts: HubOptions): Promise<Hub> {
  const c = config();
  const running = {} as Record<SubgraphName, RunningSubgraph>;
  // Filled as each subgraph starts; subgraphs read it when they call each other.
  const peers: Partial<Record<SubgraphName, string>> = {};
  try {
    for (const name of SUBGRAPH_NAMES) {
      running[name] = await startSubgraph(subgraphs[name], {
        clientUrl: opts.clientUrl,
        port: opts.subgraphPort?.(name) ?? configuredPort(c, name),
        rules: opts.rules,
        peers,
      });
      peers[name] = running[name].url;
    }
    if (opts.seed && (await isEmpty(running))) await seedDemoData(running);
    const gateway =
      opts.gateway === false
        ? { url: '', port: 0, stop: async () => undefined }
        : await startGateway({
            port: opts.gatewayPort ?? c.PORT,
            subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, running[n].url])),
            subgraphTimeoutMs: opts.subgraphTimeoutMs,
          });
    const hub: Hub = {
      gateway,
      subgraphs: running,
      peers,
      async stop() {
        // The gateway and subgraphs in place now (a drill may have replaced them).
        await hub.gateway.stop();
        for (const s of Object.values(hub.subgraphs)) await s.stop();
      },
    };
    return hub;
  } catch (err) {
    for (const s of Object.values(running)) await s.stop().catch(() => undefined);
    throw err;
  }
}
