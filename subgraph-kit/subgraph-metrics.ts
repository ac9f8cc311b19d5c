import { Counter, Histogram, type Registry } from 'prom-client';
import type { Knex } from '../platform/database';
import { createMetricsRegistry } from '../platform/metrics';
import type { BatchObserver } from './loaders';

/** What a subgraph reports at /metrics besides the process's own figures. */
export class SubgraphMetrics {
  readonly registry: Registry;
  private readonly statements: Counter<'system'>;
  private readonly batchSizes: Histogram<'loader'>;

  constructor(service: string) {
    this.registry = createMetricsRegistry(service);
    const registers = [this.registry];
    this.statements = new Counter({
      name: 'subgraph_sql_statements_total',
      help: 'SQL statements sent, by system of record',
      labelNames: ['system'],
      registers,
    });
    this.batchSizes = new Histogram({
      name: 'subgraph_dataloader_batch_size',
      help: 'Keys per DataLoader batch, by loader',
      labelNames: ['loader'],
      registers,
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 5000],
    });
  }

  /** Counts every statement sent on this connection pool. */
  countStatements(system: string, db: Knex): void {
    db.on('query', () => this.statements.inc({ system }));
  }

  readonly observeBatch: BatchObserver = (loader, keys) => this.batchSizes.observe({ loader }, keys);
}
