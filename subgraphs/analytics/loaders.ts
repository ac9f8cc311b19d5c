import type { Principal } from '../../contracts/principal';
import type { SubgraphContext } from '../../subgraph-kit/context';
import { type BatchObserver, RequestLoaders } from '../../subgraph-kit/loaders';
import type { WarehouseAnswerCache } from './warehouse-answer-cache';
import type { WarehouseRepository } from './warehouse.repository';

/**
 * The analytics subgraph's loaders for one request, all keyed by CRM customer number.
 * Each question goes through the caller's own cache of answers from the current load.
 */
export class AnalyticsLoaders {
  private readonly loaders: RequestLoaders;

  constructor(
    private readonly warehouse: WarehouseRepository,
    private readonly cache: WarehouseAnswerCache,
    private readonly principal: Principal,
    observeBatch: BatchObserver,
  ) {
    this.loaders = new RequestLoaders('warehouse', observeBatch);
  }

  get latestScores() {
    return this.loaders.one(
      'latestScores',
      this.cached('latestScores', (ids) => this.warehouse.latestScores(ids)),
      (s) => s.customerId,
    );
  }

  scoreHistory(last: number, offset = 0) {
    const name = `scoreHistory:${last}:${offset}`;
    return this.loaders.many(
      name,
      this.cached(name, (ids) => this.warehouse.scoreHistory(ids, last, offset)),
      (s) => s.customerId,
    );
  }

  monthlySummaries(last: number, offset = 0) {
    const name = `monthly:${last}:${offset}`;
    return this.loaders.many(
      name,
      this.cached(name, (ids) => this.warehouse.monthlySummaries(ids, last, offset)),
      (m) => m.customerId,
    );
  }

  channelCosts(months: number) {
    const name = `channelCosts:${months}`;
    return this.loaders.many(
      name,
      this.cached(name, (ids) => this.warehouse.channelCosts(ids, months)),
      (c) => c.customerId,
    );
  }

  profitability(months: number) {
    const name = `profitability:${months}`;
    return this.loaders.one(
      name,
      this.cached(name, (ids) => this.warehouse.profitability(ids, months)),
      (p) => p.customerId,
    );
  }

  private cached<V extends { customerId: string }>(question: string, fetch: (ids: readonly string[]) => Promise<V[]>) {
    return this.cache.cached(this.principal, question, fetch, (row) => row.customerId);
  }
}

export type AnalyticsContext = SubgraphContext<AnalyticsLoaders>;
