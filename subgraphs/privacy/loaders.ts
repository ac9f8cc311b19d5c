import type { SubgraphContext } from '../../subgraph-kit/context';
import { type BatchObserver, RequestLoaders } from '../../subgraph-kit/loaders';
import type { AccessLogPageRequest, AccessLogRepository } from './access-log.repository';

export class PrivacyLoaders {
  private readonly loaders: RequestLoaders;

  constructor(
    private readonly accessLog: AccessLogRepository,
    observeBatch: BatchObserver,
  ) {
    this.loaders = new RequestLoaders('audit store', observeBatch);
  }

  accessLogFor(first: number) {
    return this.loaders.many(
      `accessLog:${first}`,
      (ids: readonly string[]) => this.accessLog.newestForCustomers(ids, first),
      (e) => e.customerId!,
    );
  }

  /** Every customer of these operations (for the entries of Customer.accessLog, which carry one). */
  customerIdsOf() {
    return this.loaders.one(
      'customerIds',
      (ids: readonly string[]) => this.accessLog.customerIdsOf(ids),
      (row) => row.operationId,
    );
  }

  page(request: AccessLogPageRequest) {
    return this.loaders.run(() => this.accessLog.page(request));
  }
}

export type PrivacyContext = SubgraphContext<PrivacyLoaders>;
