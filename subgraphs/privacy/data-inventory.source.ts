import type { DocumentNode } from 'graphql';
import type { Knex } from '../../platform/database';
import type { InventoryReport } from '../../policy/data-inventory';
import type { Policy } from '../../policy/policy';
import { cachedDataQuality, type QualitySystems } from '../../systems/data-quality';
import { buildInventoryReport } from '../../systems/data-inventory-report';
import type { SubgraphContext } from '../../subgraph-kit/context';
import { type BatchObserver, RequestLoaders } from '../../subgraph-kit/loaders';
import type { AccessLogRepository } from './access-log.repository';
import { PrivacyLoaders } from './loaders';

/** The systems are measured at most this often, however often the inventory is asked for. */
const QUALITY_TTL_MS = 60_000;

/**
 * What `Query.dataInventory` is built from: the supergraph's classification and the policy (read at
 * start), the audit store's reads and the systems' counts, with the builder the command uses.
 */
export class DataInventorySource {
  private readonly quality: ReturnType<typeof cachedDataQuality>;

  constructor(
    private readonly supergraph: DocumentNode,
    private readonly policy: Policy,
    private readonly audit: Knex,
    systems: QualitySystems,
  ) {
    this.quality = cachedDataQuality(systems, QUALITY_TTL_MS);
  }

  report(days: number): Promise<InventoryReport> {
    return buildInventoryReport({ supergraph: this.supergraph, policy: this.policy, days, audit: this.audit, quality: this.quality });
  }
}

/** The privacy subgraph's loaders, and the inventory (whose audit-store failures answer UPSTREAM_UNAVAILABLE like the trail's). */
export class InventoryLoaders extends PrivacyLoaders {
  private readonly auditStore: RequestLoaders;

  constructor(
    accessLog: AccessLogRepository,
    observeBatch: BatchObserver,
    private readonly inventory: DataInventorySource,
  ) {
    super(accessLog, observeBatch);
    this.auditStore = new RequestLoaders('audit store', observeBatch);
  }

  dataInventory(days: number): Promise<InventoryReport> {
    return this.auditStore.run(() => this.inventory.report(days));
  }
}

export type InventoryContext = SubgraphContext<InventoryLoaders>;
