import type { HubConfig } from './config';

/**
 * The hub's services and where they are: the one place code reads a subgraph's name, default port
 * or address from. docker-compose.yml and deploy/kubernetes/ are configuration and say the same
 * (test/compose.test.ts and test/deploy.test.ts check them against this module).
 */
export type SubgraphName = 'incidents' | 'consent' | 'triggers' | 'reviews';
/** In the order the in-process hub starts them (consent first: the others ask it about agencies). */
export const SUBGRAPH_NAMES: SubgraphName[] = ['consent', 'incidents', 'triggers', 'reviews'];

/** The port each subgraph listens on unless its `*_PORT` says otherwise (`npm start`; the committed supergraph names these). */
export const DEFAULT_PORTS: Readonly<Record<SubgraphName, number>> = { incidents: 4001, consent: 4002, triggers: 4003, reviews: 4004 };

/** The address a subgraph has on this machine when it listens on `port`. */
export const localSubgraphUrl = (port: number) => `http://127.0.0.1:${port}/graphql`;

/** The URL each subgraph has in the committed supergraph (the gateway may override them). */
export const DEFAULT_SUBGRAPH_URLS: Readonly<Record<SubgraphName, string>> = Object.fromEntries(
  SUBGRAPH_NAMES.map((name) => [name, localSubgraphUrl(DEFAULT_PORTS[name])]),
) as Record<SubgraphName, string>;

/** The port a subgraph is configured to listen on (`INCIDENTS_PORT`, ...). */
export function configuredPort(c: HubConfig, name: SubgraphName): number {
  return { incidents: c.INCIDENTS_PORT, consent: c.CONSENT_PORT, triggers: c.TRIGGERS_PORT, reviews: c.REVIEWS_PORT }[name];
}

/** A subgraph's address given in the environment (`INCIDENTS_URL`, ...), if any. */
export function configuredUrl(c: HubConfig, name: string): string | undefined {
  return { incidents: c.INCIDENTS_URL, consent: c.CONSENT_URL, triggers: c.TRIGGERS_URL, reviews: c.REVIEWS_URL }[name];
}
