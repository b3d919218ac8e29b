import autocannon from 'autocannon';

/**
 * The gateways benchmark's load generator, in a process of its own (started with `fork`), so that its
 * CPU time is not counted as the subgraphs' (which run in the benchmark's process) and can be given
 * on its own. One command at a time over IPC; each answer carries the CPU time this process used for it.
 */
export interface LoadCommand {
  kind: 'load' | 'sequential';
  url: string;
  tokens: string[];
  query: string;
  /** load: seconds, or `amount` requests in all when given (the warm-up). */
  duration?: number;
  amount?: number;
  /** sequential: requests after 20 not measured. */
  n?: number;
}

export interface LoadAnswer {
  requests: number;
  seconds: number;
  errors: number;
  times: number[];
  /** CPU time (user + system) of this process while it ran the command, ms. */
  cpuMs: number;
  error?: string;
}

async function load(c: LoadCommand): Promise<Omit<LoadAnswer, 'cpuMs'>> {
  const times: number[] = [];
  const body = JSON.stringify({ query: c.query });
  let next = 0;
  const t0 = performance.now();
  let last = t0;
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: c.url,
        method: 'POST',
        connections: c.tokens.length,
        ...(c.amount ? { amount: c.amount } : { duration: c.duration }),
        headers: { 'content-type': 'application/json' },
        body,
        setupClient: (client: { setHeaders(h: Record<string, string>): void }) => {
          client.setHeaders({ 'content-type': 'application/json', authorization: `Bearer ${c.tokens[next++ % c.tokens.length]}` });
        },
      } as autocannon.Options,
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      times.push(responseTime);
      last = performance.now();
    });
  });
  // Run to an `amount`, autocannon ends on its once-a-second tick: the window is timed to its last answer.
  return { requests: r.requests.total, seconds: ((c.amount ? last : performance.now()) - t0) / 1000, errors: r.errors + r.non2xx + r.timeouts, times };
}

/** One request after another, each with the next caller's token (latency without queueing). */
async function sequential(c: LoadCommand): Promise<Omit<LoadAnswer, 'cpuMs'>> {
  const body = JSON.stringify({ query: c.query });
  const times: number[] = [];
  const n = c.n ?? 100;
  const t = performance.now();
  for (let i = 0; i < n + 20; i++) {
    const t0 = performance.now();
    const res = await fetch(c.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${c.tokens[i % c.tokens.length]}` },
      body,
    });
    if (!res.ok) throw new Error(`${c.url}: HTTP ${res.status}`);
    await res.arrayBuffer();
    if (i >= 20) times.push(performance.now() - t0);
  }
  return { requests: n + 20, seconds: (performance.now() - t) / 1000, errors: 0, times: times.sort((a, b) => a - b) };
}

process.on('message', (c: LoadCommand) => {
  const cpu0 = process.cpuUsage();
  (c.kind === 'load' ? load(c) : sequential(c)).then(
    (r) => {
      const cpu = process.cpuUsage(cpu0);
      process.send?.({ ...r, cpuMs: (cpu.user + cpu.system) / 1000 } satisfies LoadAnswer);
    },
    (err: Error) => process.send?.({ requests: 0, seconds: 0, errors: 1, times: [], cpuMs: 0, error: err.message } satisfies LoadAnswer),
  );
});
