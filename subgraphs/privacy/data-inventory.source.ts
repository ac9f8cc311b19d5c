import type { DocumentNode } from 'graphql';
import type { Knex } from '../../platform/database';
import type { InventoryReport } from '../../policy/data-inventory';
import type { Policy } from '../../policy/policy';
import { cachedDataQuality, type QualitySystems } from '../../systems/data-quality';
import { buildInventoryReport } from '../../systems/data-inventory-report';

/**
 * The systems are measured, and the trail's reads for a period counted, at most this often however often
 * the inventory is asked for (concurrent requests share one count): a long period walks the whole trail.
 */
const TTL_MS = 60_000;

/** Reports kept, one per period asked for (the oldest goes first). */
const MAX_REPORTS = 8;

/**
 * What `Query.dataInventory` is built from: the supergraph's classification and the policy (read at
 * start), the audit store's reads and the systems' counts, with the builder the command uses.
 */
export class DataInventorySource {
  private readonly quality: ReturnType<typeof cachedDataQuality>;
  private readonly reports = new Map<number, { at: number; report: Promise<InventoryReport> }>();

  constructor(
    private readonly supergraph: DocumentNode,
    private readonly policy: Policy,
    private readonly audit: Knex,
    systems: QualitySystems,
  ) {
    this.quality = cachedDataQuality(systems, TTL_MS);
  }

  report(days: number): Promise<InventoryReport> {
    const cached = this.reports.get(days);
    if (cached && Date.now() - cached.at < TTL_MS) return cached.report;
    const report = buildInventoryReport({
      supergraph: this.supergraph,
      policy: this.policy,
      days,
      audit: this.audit,
      quality: this.quality,
    });
    const entry = { at: Date.now(), report };
    this.reports.delete(days);
    this.reports.set(days, entry);
    for (const key of this.reports.keys()) if (this.reports.size > MAX_REPORTS) this.reports.delete(key);
    report.catch(() => {
      if (this.reports.get(days) === entry) this.reports.delete(days);
    });
    return report;
  }
}
