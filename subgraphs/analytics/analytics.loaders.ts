import type { SubgraphContext } from '../../resolvers/context';
import { RequestLoaders } from '../../resolvers/loaders';
import type { WarehouseRepository } from './warehouse.repository';

/** The analytics subgraph's loaders for one request, all keyed by CRM customer number. */
export class AnalyticsLoaders {
  private readonly loaders = new RequestLoaders('warehouse');

  constructor(private readonly warehouse: WarehouseRepository) {}

  get latestScores() {
    return this.loaders.one('latestScores', (ids: readonly string[]) => this.warehouse.latestScores(ids), (s) => s.customerId);
  }

  scoreHistory(last: number) {
    return this.loaders.many(`scoreHistory:${last}`, (ids: readonly string[]) => this.warehouse.scoreHistory(ids, last), (s) => s.customerId);
  }

  monthlySummaries(last: number) {
    return this.loaders.many(`monthly:${last}`, (ids: readonly string[]) => this.warehouse.monthlySummaries(ids, last), (m) => m.customerId);
  }

  channelCosts(months: number) {
    return this.loaders.many(`channelCosts:${months}`, (ids: readonly string[]) => this.warehouse.channelCosts(ids, months), (c) => c.customerId);
  }

  profitability(months: number) {
    return this.loaders.one(`profitability:${months}`, (ids: readonly string[]) => this.warehouse.profitability(ids, months), (p) => p.customerId);
  }
}

export type AnalyticsContext = SubgraphContext<AnalyticsLoaders>;
