import { config } from './config';
import { signServiceToken } from './auth';
import type { SubgraphName } from './server';

/**
 * Where the other subgraphs are, for service-to-service calls (fields marked `@inaccessible`).
 *
 * In one process (`npm start`, tests, the ingest command) scripts/lib/hub.ts registers each
 * subgraph's URL as it starts; run apart (docker-compose) the `<NAME>_URL` variables say where
 * each one is; failing both, the configured `<NAME>_PORT` on this host.
 */
const registered = new Map<SubgraphName, string>();

export function registerPeer(name: SubgraphName, url: string): void {
  registered.set(name, url);
}

export function peerUrl(name: SubgraphName): string {
  const c = config();
  const fromEnv = { consent: c.CONSENT_URL, incidents: c.INCIDENTS_URL, triggers: c.TRIGGERS_URL, reviews: c.REVIEWS_URL }[name];
  const port = { consent: c.CONSENT_PORT, incidents: c.INCIDENTS_PORT, triggers: c.TRIGGERS_PORT, reviews: c.REVIEWS_PORT }[name];
  return registered.get(name) ?? fromEnv ?? `http://127.0.0.1:${port}/graphql`;
}

/**
 * Calls another subgraph with this subgraph's service credential. Errors name the peer and the
 * error codes only: the variables (which may hold personal details) never reach a message or log.
 */
export async function callPeer<T>(from: SubgraphName, to: SubgraphName, query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await fetch(peerUrl(to), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await signServiceToken(from)}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json().catch(() => ({}))) as { data?: T; errors?: Array<{ extensions?: { code?: string } }> };
  if (body.errors?.length || !body.data) {
    const codes = [...new Set((body.errors ?? []).map((e) => e.extensions?.code ?? 'UNKNOWN'))].join(', ');
    throw new Error(`Service call from ${from} to ${to} failed (HTTP ${res.status}${codes ? `; ${codes}` : ''})`);
  }
  return body.data;
}
