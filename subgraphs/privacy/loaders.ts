import type { SubgraphContext } from '../../subgraph-kit/context';
import { type BatchObserver, RequestLoaders } from '../../subgraph-kit/loaders';
import type { Principal } from '../../contracts/principal';
import type { AccessLogPageRequest, AccessLogRepository } from './access-log.repository';
import type { GatewayClient } from './subject-access/gateway-client';
import type { SubjectAccessDocument, SubjectAccessExporter } from './subject-access/subject-access-export';

/** How the privacy subgraph answers a data-subject access request: the exporter, reading through the gateway. */
export interface SubjectAccessSource {
  exporter: SubjectAccessExporter;
  gateway: GatewayClient;
}

export class PrivacyLoaders {
  private readonly loaders: RequestLoaders;

  constructor(
    private readonly accessLog: AccessLogRepository,
    private readonly subjectAccessSource: SubjectAccessSource,
    private readonly principal: Principal,
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

  /** One customer's export, read as this request's caller. */
  subjectAccess(customerId: string): Promise<SubjectAccessDocument> {
    const { exporter, gateway } = this.subjectAccessSource;
    return exporter.export(customerId, this.principal, gateway.runAs(this.principal));
  }
}

export type PrivacyContext = SubgraphContext<PrivacyLoaders>;
