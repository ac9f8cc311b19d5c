import type { Knex } from '../../platform/database';
import { topRowsPerGroup } from '../../platform/top-rows-per-group';
import type { AccessLogEntry } from './access-log.type';

type Row = Record<string, any>;

export interface AccessLogSearch {
  from?: string;
  to?: string;
  subject?: string;
  limit: number;
}

/** Reads the gateway's audit store (never writes it). */
export class AccessLogRepository {
  constructor(private readonly db: Knex) {}

  /** The newest `limit` entries per customer, in one statement. */
  async newestForCustomers(customerIds: readonly string[], limit: number): Promise<AccessLogEntry[]> {
    const source = this.db('audit_record_customers as c').join('audit_records as r', 'r.id', 'c.record_id').select('r.*', 'c.customer_id');
    const rows: Row[] = await topRowsPerGroup(this.db, {
      from: source, groupColumn: 'customer_id', groupKeys: customerIds, limit, orderBy: [{ column: 'id', direction: 'desc' }],
    });
    return rows.map((row) => ({ ...toEntry(row), customerId: String(row.customer_id) }));
  }

  async search({ from, to, subject, limit }: AccessLogSearch): Promise<AccessLogEntry[]> {
    const query = this.db('audit_records').orderBy('id', 'desc').limit(limit);
    if (from) query.where('at', '>=', from);
    if (to) query.where('at', '<', to);
    if (subject) query.where('subject', subject);
    const rows: Row[] = await query;
    return rows.map(toEntry);
  }

  async ping(): Promise<void> {
    await this.db('audit_records').count({ n: '*' });
  }
}

function toEntry(row: Row): AccessLogEntry {
  return {
    id: String(row.id), at: row.at, subject: row.subject, clientId: row.client_id, clientKind: row.client_kind, purpose: row.purpose,
    operationName: row.operation_name ?? null, operationHash: row.operation_hash, requestId: row.request_id,
    customerIds: JSON.parse(row.customer_ids), fields: JSON.parse(row.fields), maskedPaths: JSON.parse(row.masked_paths), deniedPaths: JSON.parse(row.denied_paths),
  };
}
