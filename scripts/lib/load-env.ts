/**
 * Imported first by the load drills (soak, faults; benchmarks through bench/production-env.ts):
 * they send thousands of requests a minute with a handful of tokens, which the gateway's per-token
 * rate limit would refuse, so it is off unless RATE_LIMIT_PER_MINUTE says otherwise.
 */
process.env.RATE_LIMIT_PER_MINUTE ??= '0';
