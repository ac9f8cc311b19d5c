import type { Principal } from '../../contracts/principal';
import type { SubgraphContext } from '../../subgraph-kit/context';
import { type BatchObserver, RequestLoaders } from '../../subgraph-kit/loaders';
import type { CrmProtectionReader, CurrentProtection } from './crm-protection.reader';
import type { CustomerListFilter } from './customer-list.types';
import type { WarehouseAnswerCache } from './warehouse-answer-cache';
import type { ListedCustomer, WarehouseRepository } from './warehouse.repository';

/**
 * The analytics subgraph's loaders for one request, all keyed by CRM customer number.
 * Each question goes through the caller's own cache of answers from the current load.
 */
export class AnalyticsLoaders {
  private readonly loaders: RequestLoaders;
  /** The crm's database, for who may be listed now: its outage costs only the lists. */
  private readonly crmLoaders: RequestLoaders;

  constructor(
    private readonly warehouse: WarehouseRepository,
    private readonly cache: WarehouseAnswerCache,
    private readonly principal: Principal,
    observeBatch: BatchObserver,
    private readonly crm: CrmProtectionReader,
  ) {
    this.loaders = new RequestLoaders('warehouse', observeBatch);
    this.crmLoaders = new RequestLoaders('CRM database', observeBatch);
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

  /**
   * A page of a customer list, straight from the warehouse: never from the answer cache, since a page is
   * the first step of deciding who may be listed, and it is one statement anyway.
   */
  customerList(filter: CustomerListFilter, afterKey: number, limit: number): Promise<ListedCustomer[]> {
    return this.loaders.run(() => this.warehouse.customerList(filter, afterKey, limit));
  }

  /** Restriction and the consent to `topic` (profiling when none is needed) of a page's customers, as the crm's system holds them now. */
  currentProtection(crmIds: readonly string[], topic = 'profiling'): Promise<Map<string, CurrentProtection>> {
    return this.crmLoaders.run(() => this.crm.current(crmIds, topic));
  }

  private cached<V extends { customerId: string }>(question: string, fetch: (ids: readonly string[]) => Promise<V[]>) {
    return this.cache.cached(this.principal, question, fetch, (row) => row.customerId);
  }
}

export type AnalyticsContext = SubgraphContext<AnalyticsLoaders>;
