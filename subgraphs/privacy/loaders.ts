import type { SubgraphContext } from '../../subgraph-kit/context';
import { type BatchObserver, RequestLoaders } from '../../subgraph-kit/loaders';
import { UserInputError } from '../../contracts/errors';
import type { Principal } from '../../contracts/principal';
import type { InventoryReport } from '../../policy/data-inventory';
import type { AccessLogPageRequest, AccessLogRepository } from './access-log.repository';
import type { DataInventorySource } from './data-inventory.source';
import type { GatewayClient } from './subject-access/gateway-client';
import { SubjectAccessBusyError, type SubjectAccessDocument, type SubjectAccessExporter } from './subject-access/subject-access-export';

/** How the privacy subgraph answers a data-subject access request: the exporter, reading through the gateway. */
export interface SubjectAccessSource {
  /** Made on first use: a schema the export cannot read in full refuses exports, not the subgraph's start. */
  exporter: () => SubjectAccessExporter;
  gateway: GatewayClient;
  /** Callers (subject and client) with an export under way: one at a time each. */
  running: Set<string>;
}

export class PrivacyLoaders {
  private readonly loaders: RequestLoaders;

  private readonly accessLog: AccessLogRepository;
  private readonly inventory: DataInventorySource;
  private readonly subjectAccessSource: SubjectAccessSource;

  constructor(
    resources: { accessLog: AccessLogRepository; inventory: DataInventorySource; subjectAccess: SubjectAccessSource },
    private readonly principal: Principal,
    observeBatch: BatchObserver,
  ) {
    this.accessLog = resources.accessLog;
    this.inventory = resources.inventory;
    this.subjectAccessSource = resources.subjectAccess;
    this.loaders = new RequestLoaders('audit store', observeBatch);
  }

  /** The data inventory over the last `days` days (audit-store failures answer UPSTREAM_UNAVAILABLE, like the trail's). */
  dataInventory(days: number): Promise<InventoryReport> {
    return this.loaders.run(() => this.inventory.report(days));
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

  private exports = 0;

  /** One customer's export, read as this request's caller: one per operation, one at a time per caller. */
  async subjectAccess(customerId: string, requestId: string): Promise<SubjectAccessDocument> {
    const { exporter, gateway, running } = this.subjectAccessSource;
    if (++this.exports > 1) throw new UserInputError('One operation asks for one subject-access export', 'customerId');
    const caller = `${this.principal.clientId}\n${this.principal.subject}`;
    if (running.has(caller)) throw new SubjectAccessBusyError();
    running.add(caller);
    try {
      return await exporter().export(customerId, this.principal, gateway.runAs(this.principal, requestId), requestId);
    } finally {
      running.delete(caller);
    }
  }
}

export type PrivacyContext = SubgraphContext<PrivacyLoaders>;
