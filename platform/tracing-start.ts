/**
 * The first import of every entry point (gateway/main.ts, subgraphs/main.ts, scripts/start.ts):
 * starts tracing before anything it instruments is loaded, when an OTLP endpoint is configured
 * (platform/tracing.ts). The service name is OTEL_SERVICE_NAME, else the entry point's.
 */
import path from 'node:path';
import { startTracing } from './tracing';

if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) {
  const entry = path.basename(process.argv[1] ?? 'hub').replace(/\.[jt]s$/, '');
  const name = entry === 'main' && process.argv[2] ? process.argv[2] : entry === 'main' ? 'gateway' : 'hub';
  startTracing({ serviceName: process.env.OTEL_SERVICE_NAME ?? `asb-${name}` });
}
