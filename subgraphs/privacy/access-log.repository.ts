import { jsonStringList } from '../../systems/audit/json-list';
import type { Knex } from '../../platform/database';
import { topRowsPerGroup } from '../../platform/top-rows-per-group';
import type { AccessLogEntry, CustomerAccessEntry, SearchEntry } from './access-log.type';
import { AUDIT_TABLES, fitColumn, OPERATION_FACT_COLUMNS, OPERATION_TEXT_WIDTHS } from '../../systems/audit/tables';

// biome-ignore lint/suspicious/noExplicitAny: a driver row, read column by column by the mapper that takes it
type Row = Record<string, any>;

/** The audit store's tables (systems/audit), which the gateway writes: one row per operation, one per customer it concerned. */
const { operations: OPERATIONS_TABLE, operationCustomers: OPERATION_CUSTOMERS_TABLE } = AUDIT_TABLES;

/** What the trail is narrowed to; every criterion is optional and they combine with AND. */
export interface AccessLogFilter {
  /** At or after (ISO 8601, as stored). */
  from?: string;
  /** Before (ISO 8601, as stored). */
  to?: string;
  subject?: string;
  clientId?: string;
  purpose?: string;
  kind?: string;
  customerId?: string;
  /** True: only operations that searched customers (`Query.findCustomers`); false: only the others. */
  searched?: boolean;
}

/** The first page of a filtered trail (what the audit store's own tests read back with). */
export interface AccessLogSearch extends AccessLogFilter {
  limit: number;
}

/** A page of the trail, newest first: records with an id below `beforeId` (all when absent), at most `limit`. */
export interface AccessLogPageRequest {
  filter: AccessLogFilter;
  beforeId?: number;
  limit: number;
}

/** The operation's columns but its own coordinate lists (a customer's entry carries the customer's). */
const OPERATION_COLUMNS = ['id', ...OPERATION_FACT_COLUMNS, 'searches'];

/** Reads the gateway's audit store (never writes it). */
export class AccessLogRepository {
  constructor(private readonly db: Knex) {}

  /** The newest `limit` entries per customer, in one statement: each says what that customer had returned, masked and withheld. */
  async newestForCustomers(customerIds: readonly string[], limit: number): Promise<AccessLogEntry[]> {
    const source = this.db(`${OPERATION_CUSTOMERS_TABLE} as c`)
      .join(`${OPERATIONS_TABLE} as o`, 'o.id', 'c.operation_id')
      .select(OPERATION_COLUMNS.map((column) => `o.${column}`))
      .select('c.customer_id', 'c.returned', 'c.masked', 'c.denied');
    const rows: Row[] = await topRowsPerGroup(this.db, {
      from: source,
      groupColumn: 'customer_id',
      groupKeys: customerIds,
      limit,
      orderBy: [{ column: 'id', direction: 'desc' }],
    });
    return rows.map((row) => {
      const customer = toCustomer(row);
      return { ...toEntry(row, customer), customers: [customer], customerId: customer.customerId };
    });
  }

  /**
   * A page of entries newest first (id descending, keyset on the id): one statement for the page and one for its customers,
   * whatever the page's position in the trail. Each entry lists every customer, and its lists are the union over the whole operation.
   */
  async page({ filter, beforeId, limit }: AccessLogPageRequest): Promise<AccessLogEntry[]> {
    const { from, to, subject, clientId, purpose, kind, customerId, searched } = filter;
    const query = this.db(OPERATIONS_TABLE).orderBy('id', 'desc').limit(limit);
    if (beforeId !== undefined) query.where('id', '<', beforeId);
    if (from) query.where('at', '>=', from);
    if (to) query.where('at', '<', to);
    // Cut like the stored text, so a filter with the full text finds a record whose text was cut.
    if (subject) query.where('subject', fitColumn(subject, OPERATION_TEXT_WIDTHS.subject));
    if (clientId) query.where('client_id', fitColumn(clientId, OPERATION_TEXT_WIDTHS.client_id));
    if (purpose) query.where('purpose', fitColumn(purpose, OPERATION_TEXT_WIDTHS.purpose));
    if (kind) query.where('kind', kind);
    // Null for every operation that searched nothing (audit migration 004).
    if (searched === true) query.whereNotNull('searches');
    if (searched === false) query.whereNull('searches');
    if (customerId) query.whereIn('id', this.db(OPERATION_CUSTOMERS_TABLE).where('customer_id', customerId).select('operation_id'));
    const rows: Row[] = await query;
    const customers = await this.customersOf(rows.map((row) => row.id));
    return rows.map((row) => {
      const own = customers.get(String(row.id)) ?? [];
      const entry = toEntry(
        row,
        { returned: jsonStringList(row.returned), masked: jsonStringList(row.masked), denied: jsonStringList(row.denied) },
        own,
      );
      return { ...entry, customers: own, customerIds: own.map((c) => c.customerId) };
    });
  }

  /** The newest `limit` entries that match: the first page, without a cursor. */
  search({ limit, ...filter }: AccessLogSearch): Promise<AccessLogEntry[]> {
    return this.page({ filter, limit });
  }

  /** The customers of these operations, in one statement. */
  async customersOf(operationIds: ReadonlyArray<string | number>): Promise<Map<string, CustomerAccessEntry[]>> {
    const byOperation = new Map<string, CustomerAccessEntry[]>();
    if (operationIds.length === 0) return byOperation;
    const rows: Row[] = await this.db(OPERATION_CUSTOMERS_TABLE)
      .whereIn('operation_id', [...operationIds])
      .orderBy([{ column: 'operation_id' }, { column: 'customer_id' }]);
    for (const row of rows) {
      const list = byOperation.get(String(row.operation_id)) ?? [];
      list.push(toCustomer(row));
      byOperation.set(String(row.operation_id), list);
    }
    return byOperation;
  }

  /** The ids of the customers of these operations (for `customerIds` on a customer's entries), in one statement. */
  async customerIdsOf(operationIds: readonly string[]): Promise<Array<{ operationId: string; customerIds: string[] }>> {
    const rows: Row[] = await this.db(OPERATION_CUSTOMERS_TABLE)
      .whereIn('operation_id', [...operationIds])
      .select('operation_id', 'customer_id')
      .orderBy([{ column: 'operation_id' }, { column: 'customer_id' }]);
    const byOperation = new Map(operationIds.map((id) => [id, [] as string[]]));
    for (const row of rows) byOperation.get(String(row.operation_id))?.push(String(row.customer_id));
    return [...byOperation].map(([operationId, customerIds]) => ({ operationId, customerIds }));
  }

  async ping(): Promise<void> {
    await this.db(OPERATIONS_TABLE).select('id').limit(1);
  }
}

interface Lists {
  returned: string[];
  masked: string[];
  denied: string[];
}

function toCustomer(row: Row): CustomerAccessEntry {
  return {
    customerId: String(row.customer_id),
    returned: jsonStringList(row.returned),
    masked: jsonStringList(row.masked),
    denied: jsonStringList(row.denied),
  };
}

/** An entry whose lists are `own` plus those of `customers`, each coordinate once. */
function toEntry(row: Row, own: Lists, customers: Lists[] = []): Omit<AccessLogEntry, 'customers'> {
  const union = (pick: (lists: Lists) => string[]) => [...new Set([own, ...customers].flatMap(pick))];
  const masked = union((l) => l.masked);
  const denied = union((l) => l.denied);
  return {
    id: String(row.id),
    kind: row.kind,
    at: row.at,
    subject: row.subject,
    clientId: row.client_id,
    clientKind: row.client_kind,
    purpose: row.purpose,
    operationName: row.operation_name ?? null,
    operationHash: row.operation_hash,
    requestId: row.request_id,
    clientRequestId: row.client_request_id ?? null,
    refusal: row.refusal ?? null,
    searches: searchesOf(row.searches),
    fields: union((l) => l.returned),
    masked,
    denied,
    maskedPaths: masked,
    deniedPaths: denied,
  };
}

/** The `searches` column (audit migration 004): a JSON list of `{ kind, termHash }`; anything else reads as none. */
function searchesOf(json: unknown): SearchEntry[] {
  if (json === null || json === undefined) return [];
  try {
    const list = JSON.parse(String(json)) as unknown;
    if (!Array.isArray(list)) return [];
    return list.flatMap((item) =>
      item && typeof item.kind === 'string' && typeof item.termHash === 'string' ? [{ kind: item.kind, termHash: item.termHash }] : [],
    );
  } catch {
    return [];
  }
}
