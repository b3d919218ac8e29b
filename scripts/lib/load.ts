import { percentile } from '../bench/lib';

/**
 * A small closed-loop load generator for soak and fault runs: `users` virtual users each pick a
 * scenario by weight and send it, back to back, until `seconds` have passed (bounded in count and
 * time, loopback only).
 */
export interface Scenario {
  name: string;
  weight: number;
  /** Sends one request; resolves to true when the answer is correct, false (or throws) otherwise. */
  run(): Promise<boolean>;
}

export interface ScenarioStats {
  name: string;
  requests: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
}

export async function runLoad(scenarios: Scenario[], opts: { users: number; seconds: number; maxRequests?: number; onTick?: (elapsed: number) => void }) {
  const total = scenarios.reduce((a, s) => a + s.weight, 0);
  const times = new Map(scenarios.map((s) => [s.name, [] as number[]]));
  const errors = new Map(scenarios.map((s) => [s.name, 0]));
  const firstErrors: string[] = [];
  const started = Date.now();
  const deadline = started + opts.seconds * 1000;
  let sent = 0;
  let lastTick = 0;
  const pick = () => {
    let r = Math.random() * total;
    for (const s of scenarios) if ((r -= s.weight) < 0) return s;
    return scenarios[scenarios.length - 1];
  };
  await Promise.all(
    Array.from({ length: opts.users }, async () => {
      while (Date.now() < deadline && sent < (opts.maxRequests ?? Infinity)) {
        sent++;
        const s = pick();
        const t0 = performance.now();
        let ok = false;
        try {
          ok = await s.run();
        } catch (err) {
          if (firstErrors.length < 5) firstErrors.push(`${s.name}: ${String(err).slice(0, 200)}`);
        }
        times.get(s.name)!.push(performance.now() - t0);
        if (!ok) errors.set(s.name, errors.get(s.name)! + 1);
        const elapsed = Math.floor((Date.now() - started) / 1000);
        if (opts.onTick && elapsed !== lastTick) {
          lastTick = elapsed;
          opts.onTick(elapsed);
        }
      }
    }),
  );
  const stats: ScenarioStats[] = scenarios.map((s) => {
    const t = times.get(s.name)!.sort((a, b) => a - b);
    return { name: s.name, requests: t.length, errors: errors.get(s.name)!, p50: +percentile(t, 50).toFixed(1), p95: +percentile(t, 95).toFixed(1), p99: +percentile(t, 99).toFixed(1) };
  });
  return { stats, seconds: (Date.now() - started) / 1000, firstErrors };
}

export async function gql(url: string, token: string, query: string, variables?: Record<string, unknown>) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}
