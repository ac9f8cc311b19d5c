/**
 * OpenTelemetry traces across the gateway and the subgraphs, on only when an OTLP endpoint
 * is configured (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTLP over
 * HTTP). Imported first by every entry point: the instrumentations patch http, express and
 * undici (Node's fetch, which carries the trace context to the subgraphs) as they load.
 * @apollo/gateway adds its own spans (plan, fetch, post-processing) through the same API.
 */
import path from 'node:path';
import type { NodeSDK } from '@opentelemetry/sdk-node';

let sdk: NodeSDK | undefined;

if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) {
  // Traces only: without these the SDK would also export metrics and logs.
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  // Loaded only when tracing is on.
  const { NodeSDK: Sdk, resources } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { OTLPTraceExporter } =
    require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation } =
    require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express');
  const { UndiciInstrumentation } =
    require('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici');
  const probes = new Set(['/health', '/ready', '/metrics']);
  sdk = new Sdk({
    resource: resources.resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME ?? serviceOf(process.argv[1] ?? '') }),
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => probes.has((request.url ?? '').split('?')[0]) }),
      new ExpressInstrumentation(),
      new UndiciInstrumentation(),
    ],
  });
  sdk.start();
}

/** Sends the spans still buffered; called once the services have stopped. */
export async function flushTracing(): Promise<void> {
  await sdk?.shutdown();
}

/** `…/gateway/index.js` → gateway, `…/subgraphs/crm/index.js` → crm, anything else → customer-graph. */
function serviceOf(entry: string): string {
  const parts = entry.split(path.sep);
  const folder = parts.at(-2);
  return folder && (parts.at(-3) === 'subgraphs' || folder === 'gateway') ? folder : 'customer-graph';
}
