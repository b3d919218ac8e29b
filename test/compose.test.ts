import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig, PUBLISHED_DEV_SECRETS } from '../platform/config';
import { DEFAULT_PORTS, DEFAULT_SUBGRAPH_URLS, SUBGRAPH_NAMES } from '../platform/services';
import { optionalPeersFromCode, peersFromCode } from './support/peers';

/**
 * docker-compose.yml against the code: each subgraph's peers are read from its sources
 * (test/support/peers.ts), and compose must give each of them the address and wait for it. Secrets must come from the environment, with compose refusing to start without them.
 */
const root = path.resolve(__dirname, '..');

type Service = { environment?: Record<string, string>; depends_on?: Record<string, { condition: string }>; command?: string[]; ports?: string[] };
const text = fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
const compose = parse(text, { merge: true }) as { services: Record<string, Service> };

describe('docker-compose.yml', () => {
  it('the derivation finds the calls the code makes', () => {
    // Every subgraph but consent asks consent's policy decision point; reviews reads triggers.
    for (const name of SUBGRAPH_NAMES.filter((n) => n !== 'consent')) expect(peersFromCode(name).has('consent'), name).toBe(true);
    expect(peersFromCode('reviews').has('triggers')).toBe(true);
  });

  it.each(SUBGRAPH_NAMES)('%s is given the address of every peer it calls, and waits for it', (name) => {
    const service = compose.services[name];
    expect(service, name).toBeDefined();
    expect(service.command).toEqual(['node', 'dist/subgraphs/main.js', name]);
    const optional = optionalPeersFromCode(name);
    for (const peer of peersFromCode(name)) {
      expect(service.environment?.[`${peer.toUpperCase()}_URL`], `${name} → ${peer}`).toBe(`http://${peer}:4000/graphql`);
      if (optional.has(peer)) expect(compose.services[peer].depends_on?.[name]?.condition, `${peer} waits for ${name}`).toBe('service_healthy');
      else expect(service.depends_on?.[peer]?.condition, `${name} waits for ${peer}`).toBe('service_healthy');
    }
  });

  it('the gateway is given every subgraph, and only it publishes a port', () => {
    const gateway = compose.services.gateway;
    for (const name of SUBGRAPH_NAMES) {
      expect(gateway.environment?.[`${name.toUpperCase()}_URL`]).toBe(`http://${name}:4000/graphql`);
      expect(gateway.depends_on?.[name]?.condition).toBe('service_healthy');
    }
    const published = Object.entries(compose.services)
      .filter(([, s]) => s.ports?.length)
      .map(([n]) => n);
    expect(published).toEqual(['gateway']);
  });

  it('runs in production on secrets it refuses to start without', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      const env = service.environment ?? {};
      if (name === 'postgres') {
        expect(env.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?[^}]+\}$/);
        continue;
      }
      expect(env.NODE_ENV, name).toBe('production');
      expect(env.JWT_SECRET, name).toMatch(/^\$\{JWT_SECRET:\?[^}]+\}$/);
      expect(env.SERVICE_SECRET, name).toMatch(/^\$\{SERVICE_SECRET:\?[^}]+\}$/);
      expect(env.DATABASE_URL, name).toMatch(/^postgres:\/\/asb:\$\{POSTGRES_PASSWORD:\?[^}]+\}@postgres:5432\//);
    }
    for (const secret of PUBLISHED_DEV_SECRETS) expect(text).not.toContain(secret);
    // No default a forgetful operator would run with: `${VAR:-default}` nowhere.
    expect(text).not.toMatch(/\$\{\w+:-/);
  });
});

describe('service addresses (platform/services.ts)', () => {
  it('the committed supergraph names each subgraph at its default address', () => {
    const sdl = fs.readFileSync(path.join(root, 'schema', 'supergraph.graphql'), 'utf8');
    const graphs = Object.fromEntries([...sdl.matchAll(/@join__graph\(name: "(\w+)", url: "([^"]+)"\)/g)].map((m) => [m[1], m[2]]));
    expect(graphs).toEqual(DEFAULT_SUBGRAPH_URLS);
  });

  it('the configuration defaults to the same ports', () => {
    const c = loadConfig({});
    expect({ incidents: c.INCIDENTS_PORT, consent: c.CONSENT_PORT, triggers: c.TRIGGERS_PORT, reviews: c.REVIEWS_PORT }).toEqual(DEFAULT_PORTS);
  });

  it('the Hive Gateway configuration reads the address of every subgraph, and only of subgraphs', () => {
    const hive = fs.readFileSync(path.join(root, 'gateway', 'hive-gateway.config.mjs'), 'utf8');
    const listed = /const SUBGRAPHS = \[([^\]]*)\]/.exec(hive);
    expect(listed).not.toBeNull();
    expect([...listed![1].matchAll(/'(\w+)'/g)].map((m) => m[1])).toEqual(SUBGRAPH_NAMES);
  });
});
