import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse } from 'yaml';
import { ConfigMap, Namespace, Service, ServiceAccount } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { SUBGRAPH_NAMES } from '../platform/services';
import { callersFromCode, peersFromCode } from './support/peers';

/**
 * deploy/kubernetes rendered as kustomize renders it (resources, namespace, labels) and every
 * object validated against the Kubernetes OpenAPI schemas (kubernetes-models); then what the hub
 * needs of it: replicas, autoscaling, probes on /readyz and /healthz, disruption budgets, secrets
 * from a Secret, and ingress only to the gateway from outside, each subgraph reachable only from
 * the gateway and the subgraphs whose code calls it.
 */
const dir = path.resolve(__dirname, '..', 'deploy', 'kubernetes');
type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec?: any; data?: any };

function render(): K8sObject[] {
  const k = parse(fs.readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8')) as {
    namespace: string;
    resources: string[];
    labels?: Array<{ pairs: Record<string, string> }>;
  };
  const extra = Object.assign({}, ...(k.labels ?? []).map((l) => l.pairs));
  return k.resources.flatMap((file) =>
    parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8')).map((doc) => {
      expect(doc.errors, file).toEqual([]);
      const o = doc.toJS() as K8sObject;
      if (o.kind !== 'Namespace') o.metadata.namespace = k.namespace;
      o.metadata.labels = { ...o.metadata.labels, ...extra };
      return o;
    }),
  );
}

const MODELS: Record<string, { new (data: any): { validate(): void } }> = {
  Namespace,
  ConfigMap,
  Service,
  ServiceAccount,
  Deployment,
  HorizontalPodAutoscaler,
  PodDisruptionBudget,
  NetworkPolicy,
};
const objects = render();
const byKind = (kind: string) => objects.filter((o) => o.kind === kind);
const named = (kind: string, name: string) => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  expect(o, `${kind} ${name}`).toBeDefined();
  return o!;
};
const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
const COMPONENTS = ['gateway', ...SUBGRAPH_NAMES];

describe('deploy/kubernetes', () => {
  it('every object is valid against the Kubernetes schemas', () => {
    expect(objects.length).toBeGreaterThan(20);
    for (const o of objects) {
      const Model = MODELS[o.kind];
      expect(Model, `no schema model for ${o.kind}`).toBeDefined();
      expect(() => new Model(o).validate(), `${o.kind} ${o.metadata.name}`).not.toThrow();
    }
  });

  it('an invalid object is refused by the same validation', () => {
    const d = structuredClone(named('Deployment', 'asb-gateway'));
    d.spec.replicas = 'two';
    expect(() => new Deployment(d as any).validate()).toThrow();
  });

  it('renders as kubectl kustomize does, where kubectl is installed', () => {
    const kubectl = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
    if (kubectl.error) return; // not on this machine: the rendering above stands alone
    expect(kubectl.status, kubectl.stderr).toBe(0);
    const theirs = parseAllDocuments(kubectl.stdout).map((d) => d.toJS() as K8sObject);
    const key = (o: K8sObject) => `${o.kind}/${o.metadata.name}`;
    expect(theirs.map(key).sort()).toEqual(objects.map(key).sort());
    for (const o of theirs) expect(o.metadata.namespace ?? null).toBe(objects.find((x) => key(x) === key(o))!.metadata.namespace ?? null);
  });

  it.each(COMPONENTS)('%s: replicas, autoscaling, probes, a disruption budget and its Service', (c) => {
    const d = named('Deployment', `asb-${c}`);
    const pod = d.spec.template;
    expect(d.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(matches(d.spec.selector.matchLabels, pod.metadata.labels)).toBe(true);
    const container = pod.spec.containers[0];
    expect(container.command).toEqual(c === 'gateway' ? ['node', 'dist/gateway/main.js'] : ['node', 'dist/subgraphs/main.js', c]);
    expect(container.readinessProbe.httpGet).toMatchObject({ path: '/readyz', port: 'http' });
    expect(container.livenessProbe.httpGet).toMatchObject({ path: '/healthz', port: 'http' });
    expect(container.ports).toContainEqual(expect.objectContaining({ name: 'http', containerPort: 4000 }));
    expect(pod.spec.securityContext.runAsNonRoot).toBe(true);
    expect(container.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });

    const hpa = byKind('HorizontalPodAutoscaler').find((h) => h.spec.scaleTargetRef.name === d.metadata.name);
    expect(hpa, `HPA for ${c}`).toBeDefined();
    expect(hpa!.spec.scaleTargetRef.kind).toBe('Deployment');
    expect(hpa!.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa!.spec.maxReplicas).toBeGreaterThan(hpa!.spec.minReplicas);

    const pdb = byKind('PodDisruptionBudget').find((p) => matches(p.spec.selector.matchLabels, pod.metadata.labels));
    expect(pdb, `PDB for ${c}`).toBeDefined();
    expect(pdb!.spec.minAvailable ?? 0).toBeGreaterThanOrEqual(1);

    const svc = byKind('Service').find((s) => matches(s.spec.selector, pod.metadata.labels));
    expect(svc?.metadata.name).toBe(`asb-${c}`);
    expect(svc!.spec.type ?? 'ClusterIP').toBe('ClusterIP');
  });

  it.each(COMPONENTS)('%s: secrets come from the Secret, settings from the ConfigMap, in production mode', (c) => {
    const container = named('Deployment', `asb-${c}`).spec.template.spec.containers[0];
    const env = Object.fromEntries((container.env ?? []).map((e: any) => [e.name, e]));
    const secrets = c === 'gateway' ? ['JWT_SECRET', 'SERVICE_SECRET'] : ['JWT_SECRET', 'SERVICE_SECRET', 'DATABASE_URL'];
    for (const name of secrets) {
      expect(env[name]?.value, `${c} ${name} must not be literal`).toBeUndefined();
      expect(env[name]?.valueFrom?.secretKeyRef?.name, `${c} ${name}`).toBe('asb-hub-secrets');
    }
    const configMaps = container.envFrom.map((e: any) => e.configMapRef?.name);
    const settings = Object.assign({}, ...configMaps.map((n: string) => named('ConfigMap', n).data));
    expect(settings.NODE_ENV).toBe('production');
    // The Secret itself is the operator's (deploy/README.md): none with data is shipped.
    expect(byKind('Secret')).toEqual([]);
    if (c === 'gateway') return;
    for (const peer of peersFromCode(c as (typeof SUBGRAPH_NAMES)[number])) {
      const url = settings[`${peer.toUpperCase()}_URL`];
      expect(url, `${c} → ${peer}`).toBe(`http://asb-${peer}:4000/graphql`);
    }
  });

  it('only the gateway takes traffic from outside; each subgraph only from the gateway and its callers', () => {
    const policies = byKind('NetworkPolicy');
    const labelsOf = (c: string) => named('Deployment', `asb-${c}`).spec.template.metadata.labels as Record<string, string>;
    // Every pod is covered by a policy that denies by default.
    expect(policies.some((p) => Object.keys(p.spec.podSelector).length === 0 && p.spec.policyTypes.includes('Ingress') && !p.spec.ingress)).toBe(true);
    const admits = (target: string, from: string | 'outside') =>
      policies
        .filter((p) => matches(p.spec.podSelector.matchLabels ?? {}, labelsOf(target)) && Object.keys(p.spec.podSelector).length)
        .some((p) =>
          (p.spec.ingress ?? []).some((rule: any) => {
            if (!rule.from) return true; // any source
            if (from === 'outside') return false;
            return rule.from.some((f: any) => f.podSelector && !f.namespaceSelector && matches(f.podSelector.matchLabels ?? {}, labelsOf(from)));
          }),
        );
    expect(admits('gateway', 'outside')).toBe(true);
    for (const c of SUBGRAPH_NAMES) {
      expect(admits(c, 'outside'), `${c} from outside`).toBe(false);
      expect(admits(c, 'gateway'), `${c} from the gateway`).toBe(true);
      const callers = callersFromCode(c);
      for (const other of SUBGRAPH_NAMES.filter((o) => o !== c)) {
        expect(admits(c, other), `${c} from ${other}`).toBe(callers.has(other));
      }
    }
  });
});
