import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { BoundedLabel } from '../../platform/metrics';
import type { FinishedOperation } from '../../platform/operation-log.plugin';

/** Everything the gateway reports at /metrics besides the process's own figures. */
export class GatewayMetrics {
  readonly requestDuration: Histogram<'operation' | 'client'>;
  readonly errors: Counter<'code'>;
  readonly subgraphFetchDuration: Histogram<'subgraph'>;
  readonly subgraphFetchFailures: Counter<'subgraph'>;
  readonly auditRecordsWritten: Counter;
  readonly auditRecordsRefused: Counter;
  readonly rateLimited: Counter<'client'>;
  readonly unauthenticated: Counter<'reason'>;
  private readonly operationLabel = new BoundedLabel(500);

  constructor(registry: Registry, auditPending: () => number) {
    const registers = [registry];
    this.requestDuration = new Histogram({
      name: 'gateway_request_duration_seconds',
      help: 'GraphQL requests by operation name and client',
      labelNames: ['operation', 'client'],
      registers,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
    this.errors = new Counter({
      name: 'gateway_errors_total',
      help: 'Errors returned to callers, by extensions.code',
      labelNames: ['code'],
      registers,
    });
    this.subgraphFetchDuration = new Histogram({
      name: 'gateway_subgraph_fetch_duration_seconds',
      help: 'Calls from the gateway to each subgraph',
      labelNames: ['subgraph'],
      registers,
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    });
    this.subgraphFetchFailures = new Counter({
      name: 'gateway_subgraph_fetch_failures_total',
      help: 'Subgraph calls that failed or timed out',
      labelNames: ['subgraph'],
      registers,
    });
    this.auditRecordsWritten = new Counter({
      name: 'gateway_audit_records_written_total',
      help: 'Audit records stored in the audit store',
      registers,
    });
    this.unauthenticated = new Counter({
      name: 'gateway_unauthenticated_total',
      help: 'Requests refused with 401, by reason (no_token, invalid_token)',
      labelNames: ['reason'],
      registers,
    });
    this.auditRecordsRefused = new Counter({
      name: 'gateway_audit_records_refused_total',
      registers,
      help: 'Audit records the audit store refused although it answered (an alarm: they wait in the spool, counted again on each retry)',
    });
    this.rateLimited = new Counter({
      name: 'gateway_rate_limited_total',
      help: 'Requests refused with 429, by client',
      labelNames: ['client'],
      registers,
    });
    new Gauge({
      name: 'gateway_audit_records_pending',
      help: 'Audit records not yet in the store (buffered or spooled)',
      registers,
      collect() {
        this.set(auditPending());
      },
    });
  }

  observe(operation: FinishedOperation): void {
    this.requestDuration.observe(
      { operation: this.operationLabel.of(operation.operationName), client: operation.clientId ?? 'none' },
      operation.seconds,
    );
    for (const code of operation.errorCodes) this.errors.inc({ code });
  }
}
