import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-node';

/**
 * OpenTelemetry traces: one trace from the gateway through every subgraph it calls (HTTP, W3C trace
 * context) and the subgraphs' calls to each other (fetch) down to each PostgreSQL statement (pg).
 *
 * Instrumentation patches modules as they are loaded, so this must run before anything else is
 * imported: `platform/tracing-start.ts` is the first import of every entry point and starts
 * it when OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set, exporting OTLP
 * over HTTP. Tests pass an in-memory exporter instead (test/tracing.test.ts).
 */
export interface TracingOptions {
  serviceName: string;
  /** Default: OTLP over HTTP to the endpoint the standard OTEL_EXPORTER_OTLP_* variables name. */
  exporter?: SpanExporter;
  /** Export each span as it ends (tests) instead of in batches. */
  immediate?: boolean;
}

let provider: NodeTracerProvider | undefined;

/** Paths that are probes and scrapes, not requests worth a trace. */
const UNTRACED = /^\/(healthz|readyz|metrics)(\?|$)/;

export function startTracing(opts: TracingOptions): NodeTracerProvider {
  if (provider) return provider;
  const exporter = opts.exporter ?? new OTLPTraceExporter();
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': opts.serviceName, 'service.namespace': 'asb-hub' }),
    spanProcessors: [opts.immediate ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter)],
  });
  // The AsyncLocalStorage context manager and the W3C trace-context propagator.
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => UNTRACED.test(req.url ?? '') }),
      new UndiciInstrumentation(),
      // Statement text is kept (its values are bind parameters, never in the text); no values.
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
    ],
  });
  return provider;
}

/** Sends what is buffered and stops (at shutdown). */
export async function stopTracing(): Promise<void> {
  const p = provider;
  provider = undefined;
  await p?.shutdown();
}
