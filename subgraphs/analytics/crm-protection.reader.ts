import type { Knex } from '../../platform/database';
import { bool } from '../../platform/sql-values';

/** What the crm's system of record says now about a listed customer. */
export interface CurrentProtection {
  /** Processing restricted or an erasure pending. */
  restricted: boolean;
  /** Whether the customer's consent to the topic asked about is granted. */
  consented: boolean;
}

/**
 * Reads restriction and one consent topic for a page of customers from the OLTP database the crm
 * subgraph owns (read-only): the warehouse knows neither first hand, and a list must honour a
 * withdrawal or a restriction from the moment the crm recorded it, not from the next warehouse load.
 * One statement per page. A customer the OLTP does not hold is absent from the answer, so never listed.
 */
export class CrmProtectionReader {
  constructor(private readonly oltp: Knex) {}

  async current(crmIds: readonly string[], topic: string): Promise<Map<string, CurrentProtection>> {
    if (crmIds.length === 0) return new Map();
    const rows: Array<Record<string, unknown>> = await this.oltp('customers as c')
      .leftJoin('consents as k', (join) => join.on('k.customer_id', 'c.id').andOn('k.topic', this.oltp.raw('?', [topic])))
      .whereIn('c.id', [...crmIds])
      .select('c.id', 'c.processing_restricted', 'c.erasure_requested_at', 'k.granted');
    return new Map(
      rows.map((row) => [
        String(row.id),
        { restricted: bool(row.processing_restricted) || row.erasure_requested_at != null, consented: bool(row.granted) },
      ]),
    );
  }
}
