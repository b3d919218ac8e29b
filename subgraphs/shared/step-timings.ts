/**
 * Wall time of each step of ingestion (both subgraphs), summed over every batch this process ingested: what the
 * ingest benchmark prints per step (scripts/bench/ingest.ts), to say where a batch's time goes
 * without a profiler. Steps of concurrent batches overlap, so the sums may exceed the run's time.
 */
const totals = new Map<string, { ms: number; n: number }>();

export function addStepTime(step: string, ms: number): void {
  const t = totals.get(step) ?? { ms: 0, n: 0 };
  t.ms += ms;
  t.n++;
  totals.set(step, t);
}

export async function timed<T>(step: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await fn();
  } finally {
    addStepTime(step, performance.now() - start);
  }
}

/** The sums so far, in the order the steps were first seen; `reset` starts them again. */
export function ingestStepTimes(reset = false): Array<{ step: string; ms: number; n: number }> {
  const out = [...totals].map(([step, t]) => ({ step, ms: Math.round(t.ms), n: t.n }));
  if (reset) totals.clear();
  return out;
}
