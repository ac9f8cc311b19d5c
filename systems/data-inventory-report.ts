import type { DocumentNode } from 'graphql';
import type { Knex } from '../platform/database';
import { type DataQuality, type InventoryReport, inventoryReport } from '../policy/data-inventory';
import type { Policy } from '../policy/policy';
import { fieldReadsSince } from './audit/observed-reads';
import { AUDIT_TABLES } from './audit/tables';

/**
 * The data inventory over the last `days`: the reads the audit store observed since then and what
 * the systems measured. `npm run -s data:inventory` and `Query.dataInventory` both build it here.
 */
export async function buildInventoryReport(input: {
  supergraph: DocumentNode;
  policy: Policy;
  days: number;
  /** The audit store (null: no store yet, so no reads). */
  audit: Knex | null;
  quality: () => Promise<DataQuality>;
  now?: Date;
}): Promise<InventoryReport> {
  const { supergraph, policy, days, audit, quality, now = new Date() } = input;
  const since = new Date(now.getTime() - days * 86_400_000).toISOString();
  const [observed, measured] = await Promise.all([
    audit && (await audit.schema.hasTable(AUDIT_TABLES.operations)) ? fieldReadsSince(audit, since) : [],
    quality(),
  ]);
  return inventoryReport(supergraph, policy, { since, days, observed, quality: measured });
}
