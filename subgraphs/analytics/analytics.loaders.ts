import type { SubgraphContext } from '../../resolvers/context';
import { RequestLoaders, rowByKey, rowsByKey } from '../../resolvers/loaders';
import type { WarehouseRepository } from './warehouse.repository';

/** The analytics subgraph's loaders for one request, all keyed by CRM customer number. */
export class AnalyticsLoaders {
  private readonly loaders = new RequestLoaders();

  constructor(private readonly warehouse: WarehouseRepository) {}

  get latestScores() {
    return this.loaders.get('latestScores', () => rowByKey((ids: readonly string[]) => this.warehouse.latestScores(ids), (s) => s.customerId));
  }

  get scoreHistory() {
    return this.loaders.get('scoreHistory', () => rowsByKey((ids: readonly string[]) => this.warehouse.scoreHistory(ids), (s) => s.customerId));
  }

  monthlySummaries(last: number) {
    return this.loaders.get(`monthly:${last}`, () =>
      rowsByKey((ids: readonly string[]) => this.warehouse.monthlySummaries(ids, last), (m) => m.customerId));
  }

  channelCosts(months: number) {
    return this.loaders.get(`channelCosts:${months}`, () =>
      rowsByKey((ids: readonly string[]) => this.warehouse.channelCosts(ids, months), (c) => c.customerId));
  }

  profitability(months: number) {
    return this.loaders.get(`profitability:${months}`, () =>
      rowByKey((ids: readonly string[]) => this.warehouse.profitability(ids, months), (p) => p.customerId));
  }
}

export type AnalyticsContext = SubgraphContext<AnalyticsLoaders>;
