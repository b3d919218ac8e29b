import fs from 'node:fs';
import path from 'node:path';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../platform/services';

/**
 * The other subgraphs a subgraph calls, read from its sources: every `peers('<name>')` call, and
 * consent's policy decision point for a subgraph that does not bring its own
 * (subgraphs/shared/server.ts). docker-compose.yml and deploy/ are checked against this.
 */
const root = path.resolve(__dirname, '..', '..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [fs.readFileSync(p, 'utf8')] : [];
  });
}

export function peersFromCode(name: SubgraphName): Set<SubgraphName> {
  const dir = path.join(root, 'subgraphs', name);
  const peers = new Set<SubgraphName>();
  for (const text of sources(dir)) {
    for (const m of text.matchAll(/peers\(\s*['"](\w+)['"]\s*\)/g)) {
      if (!SUBGRAPH_NAMES.includes(m[1] as SubgraphName)) throw new Error(`${name} calls peers('${m[1]}'), not a subgraph`);
      peers.add(m[1] as SubgraphName);
    }
  }
  const service = fs.readFileSync(path.join(dir, 'service.ts'), 'utf8');
  if (!/policyDecisionPoint\s*:/.test(service)) peers.add('consent');
  peers.delete(name);
  return peers;
}

/**
 * Peers a subgraph calls only on a best-effort basis, named in its service.ts `optionalPeers`
 * (consent → triggers: a withdrawal noted on applications, which triggers also reads back): given
 * their address, not waited for (the other way round they wait for it).
 */
export function optionalPeersFromCode(name: SubgraphName): Set<SubgraphName> {
  const service = fs.readFileSync(path.join(root, 'subgraphs', name, 'service.ts'), 'utf8');
  const m = /optionalPeers:\s*\[([^\]]*)\]/.exec(service);
  return new Set((m ? [...m[1].matchAll(/['"](\w+)['"]/g)].map((x) => x[1]) : []) as SubgraphName[]);
}

/** The subgraphs that call `name`. */
export function callersFromCode(name: SubgraphName): Set<SubgraphName> {
  return new Set(SUBGRAPH_NAMES.filter((other) => other !== name && peersFromCode(other).has(name)));
}
