import { config } from './config';
import type { SubgraphName } from './server';

/**
 * Where a subgraph finds another for service-to-service calls. `startHub` (scripts/lib/hub.ts)
 * registers each subgraph's URL as it starts; a lone subgraph (subgraphs/main.ts, docker-compose)
 * falls back to `<NAME>_URL`, then to the configured port on this host. Process-wide: one hub per
 * process (as under `npm start` and in each test file).
 */
const registered = new Map<SubgraphName, string>();

export function setPeerUrl(name: SubgraphName, url: string): void {
  registered.set(name, url);
}

export function peerUrl(name: SubgraphName): string {
  const known = registered.get(name);
  if (known) return known;
  const c = config();
  const configured = { incidents: c.INCIDENTS_URL, consent: c.CONSENT_URL, triggers: c.TRIGGERS_URL, reviews: c.REVIEWS_URL }[name];
  if (configured) return configured;
  const port = { incidents: c.INCIDENTS_PORT, consent: c.CONSENT_PORT, triggers: c.TRIGGERS_PORT, reviews: c.REVIEWS_PORT }[name];
  return `http://127.0.0.1:${port}/graphql`;
}
