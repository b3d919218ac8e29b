/** A benchmark of scripts/bench/: measures a subject and its baseline in one run. */
export interface BenchResult {
  rows: Array<Record<string, string | number>>;
  /** Lines printed under the table (ratios, the machine, caveats). */
  notes?: string[];
}

export interface Benchmark {
  name: string;
  description: string;
  run(): Promise<BenchResult>;
  /** It writes its own section of docs/benchmarks.md (else `npm run bench` writes its table there). */
  writesOwnDoc?: boolean;
}
