import type { Knex } from '../platform/database';
import type { Coverage, DataQuality, Freshness } from '../policy/data-inventory';

/** The systems of record, as read-only connections; a system left out (null) is reported as not measured. */
export interface QualitySystems {
  oltp: Knex | null;
  warehouse: Knex | null;
  archive: Knex | null;
}

type SystemName = keyof QualitySystems;

/** Where a classified field's values are in a system: rows of `table` belonging to a customer (in the archive: an account). */
export interface CoverageMapping {
  system: SystemName;
  table: string;
  /** The column naming whose row it is: the customer (OLTP: customer number, warehouse: surrogate key) or, in the archive, the account. */
  subjectColumn: string;
  /** The column that must be non-null to count; without it, any row counts. */
  valueColumn?: string;
  /** A table joined in (left join) for the value, `on` being [column of `table`, column of the joined table]. */
  join?: { table: string; on: [string, string] };
}

const oltp = (table: string, valueColumn?: string, subjectColumn = 'customer_id'): CoverageMapping => ({
  system: 'oltp',
  table,
  subjectColumn,
  valueColumn,
});
const customers = (valueColumn: string) => oltp('customers', valueColumn, 'id');
const warehouse = (table: string): CoverageMapping => ({ system: 'warehouse', table, subjectColumn: 'customer_key' });
const archive = (table: string): CoverageMapping => ({ system: 'archive', table, subjectColumn: 'account_number' });

/**
 * Each classified coordinate whose values a system holds, and where. A test holds this table and
 * NOT_MEASURABLE together to every classified coordinate of the supergraph, so a new field is mapped
 * (or said not to be measurable) when it is classified.
 */
export const COVERAGE_MAPPINGS: Readonly<Record<string, CoverageMapping>> = {
  'Customer.firstName': customers('first_name'),
  'Customer.lastName': customers('last_name'),
  'Customer.name': customers('last_name'),
  'Customer.email': customers('email'),
  'Customer.phone': customers('phone'),
  'Customer.dateOfBirth': customers('date_of_birth'),
  'Customer.customerSince': customers('created_at'),
  'Customer.household': customers('household_id'),
  'Customer.restriction': customers('processing_restricted'),
  'Household.name': {
    system: 'oltp',
    table: 'customers',
    subjectColumn: 'customers.id',
    valueColumn: 'households.name',
    join: { table: 'households', on: ['customers.household_id', 'households.id'] },
  },
  'Customer.accounts': oltp('accounts'),
  'Customer.addresses': oltp('addresses'),
  'Address.line1': oltp('addresses', 'line1'),
  'Address.line2': oltp('addresses', 'line2'),
  'Customer.consents': oltp('consents'),
  'Customer.orders': oltp('orders'),
  'Customer.invoices': oltp('invoices'),
  'Customer.payments': oltp('payments'),
  'Payment.cardLast4': oltp('payments', 'card_last4'),
  'Payment.iban': oltp('payments', 'iban'),
  'Customer.interactions': oltp('interactions'),
  'Customer.offers': oltp('offers'),
  'Customer.archivedOrders': archive('archived_orders'),
  'Customer.archivedInvoices': archive('archived_invoices'),
  'Customer.archivedInteractions': archive('archived_interactions'),
  'Customer.legacyAccounts': archive('legacy_accounts'),
  'Customer.segment': warehouse('fact_customer_score'),
  'Customer.valueTier': warehouse('fact_customer_score'),
  'Customer.lifetimeValue': warehouse('fact_customer_score'),
  'Customer.churnRisk': warehouse('fact_customer_score'),
  'Customer.riskRating': warehouse('fact_customer_score'),
  'Customer.riskHistory': warehouse('fact_customer_score'),
  'Customer.scoresAsOf': warehouse('fact_customer_score'),
  'Customer.monthlySummaries': warehouse('fact_customer_month'),
  'Customer.profitability': warehouse('fact_customer_month'),
  'Customer.costToServe': warehouse('fact_contact_cost'),
};

/** Classified coordinates no system of record holds values of, with the reason (reported as coverage null with it). */
export const NOT_MEASURABLE: Readonly<Record<string, string>> = {
  'Query.customer': 'a lookup of one customer, not data held',
  'Query.customers': 'a lookup of customers, not data held',
  'Query.findCustomers': 'a search for customers, not data held',
  'Customer.accessLog': "the gateway's audit trail, not a system of record",
  'Query.accessLog': "the gateway's audit trail, not a system of record",
  'Query.dataInventory': 'this inventory, computed when asked',
  'Query.customersWhere': 'a list of customers chosen by the scores and facts above, not data held',
  'Query.prospects': 'a lookup of prospects, not data held',
  'Prospect.name': "a prospect's, not a customer's: coverage counts customers",
  'Prospect.email': "a prospect's, not a customer's: coverage counts customers",
  'Prospect.phone': "a prospect's, not a customer's: coverage counts customers",
  'Prospect.product': "a prospect's, not a customer's: coverage counts customers",
  'Prospect.enquiredAt': "a prospect's, not a customer's: coverage counts customers",
  'Prospect.contactConsent': "a prospect's, not a customer's: coverage counts customers",
  'Prospect.sourceChannel': "a prospect's, not a customer's: coverage counts customers",
  'Query.subjectAccess': "a copy of one customer's data, made when asked from the fields above",
};

/** One statement per system and table: the counts of every mapping on it, and the totals from the OLTP. */
export async function measureCoverage(systems: QualitySystems): Promise<DataQuality['coverage']> {
  const result: DataQuality['coverage'] = new Map();
  for (const [coordinate, reason] of Object.entries(NOT_MEASURABLE))
    result.set(coordinate, { coverage: null, note: `not measurable: ${reason}` });
  const totals = await answerOf('oltp', systems.oltp, async (db) => {
    const [row] = await db.select({
      customers: db('customers').count('*'),
      accounts: db('accounts').count('*'),
    });
    return { customer: Number(row.customers), account: Number(row.accounts) };
  });
  const groups = new Map<string, Array<[string, CoverageMapping]>>();
  for (const entry of Object.entries(COVERAGE_MAPPINGS)) {
    const [, mapping] = entry;
    const key = `${mapping.system}|${mapping.table}|${mapping.join?.table ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  for (const group of groups.values()) {
    const { system, table, join } = group[0][1];
    const counts = await answerOf(system, systems[system], async (db) => {
      const query = db(table);
      if (join) query.leftJoin(join.table, join.on[0], join.on[1]);
      for (const [index, [, mapping]] of group.entries()) {
        const value = mapping.valueColumn ?? mapping.subjectColumn;
        query.select(db.raw('COUNT(DISTINCT CASE WHEN ?? IS NOT NULL THEN ?? END) AS ??', [value, mapping.subjectColumn, `c${index}`]));
      }
      const [row] = await query;
      return group.map((_, index) => Number(row[`c${index}`]));
    });
    group.forEach(([coordinate, mapping], index) => {
      const unit = mapping.system === 'archive' ? 'account' : 'customer';
      if (typeof totals === 'string' || typeof counts === 'string') {
        result.set(coordinate, { coverage: null, note: typeof totals === 'string' ? totals : String(counts) });
        return;
      }
      const total = totals[unit];
      const coverage: Coverage = {
        system: mapping.system,
        source: qualified(table, mapping.valueColumn ?? mapping.subjectColumn),
        unit,
        withValue: counts[index],
        total,
        share: total === 0 ? null : counts[index] / total,
      };
      result.set(coordinate, { coverage, note: null });
    });
  }
  return result;
}

/** What the freshness of each system is read from: the newest value of a column (of a joined table, for the warehouse's months). */
const FRESHNESS_SOURCES: Array<{ system: 'warehouse' | 'archive'; table: string; column: string; join?: CoverageMapping['join'] }> = [
  { system: 'warehouse', table: 'warehouse_load', column: 'loaded_at' },
  { system: 'warehouse', table: 'fact_customer_score', column: 'scored_on' },
  {
    system: 'warehouse',
    table: 'fact_customer_month',
    column: 'dim_month.first_day',
    join: { table: 'dim_month', on: ['fact_customer_month.month_key', 'dim_month.month_key'] },
  },
  { system: 'archive', table: 'archived_orders', column: 'placed_at' },
  { system: 'archive', table: 'archived_invoices', column: 'issued_on' },
  { system: 'archive', table: 'archived_interactions', column: 'occurred_at' },
];

/** The warehouse's last load and newest facts, the archive's newest records: one MAX per source. */
export async function measureFreshness(systems: QualitySystems): Promise<Freshness[]> {
  const freshness: Freshness[] = [];
  for (const { system, table, column, join } of FRESHNESS_SOURCES) {
    const source = qualified(table, column);
    const newest = await answerOf(system, systems[system], async (db) => {
      const query = db(table);
      if (join) query.join(join.table, join.on[0], join.on[1]);
      const [row] = await query.max({ newest: column });
      return isoOf(row.newest);
    });
    freshness.push(
      typeof newest === 'object' ? { system, source, newest: newest.value, note: null } : { system, source, newest: null, note: newest },
    );
  }
  return freshness;
}

/** Coverage and freshness, measured on the systems (aggregate counts and maxima only). */
export async function measureDataQuality(systems: QualitySystems): Promise<DataQuality> {
  const [coverage, freshness] = await Promise.all([measureCoverage(systems), measureFreshness(systems)]);
  return { coverage, freshness };
}

/**
 * Measures at most once per `ttlMs` (concurrent callers share one measurement), so asking often
 * costs the systems nothing more; a failed measurement is not kept.
 */
export function cachedDataQuality(systems: QualitySystems, ttlMs: number, now: () => number = Date.now): () => Promise<DataQuality> {
  let cached: { at: number; quality: Promise<DataQuality> } | undefined;
  return () => {
    if (!cached || now() - cached.at >= ttlMs) {
      const quality = measureDataQuality(systems);
      const entry = { at: now(), quality };
      cached = entry;
      quality.catch(() => {
        if (cached === entry) cached = undefined;
      });
    }
    return cached.quality;
  };
}

/** The work's answer, or why there is none (as a note: the system is not connected, or did not answer). */
async function answerOf<T>(system: SystemName, db: Knex | null, work: (db: Knex) => Promise<T>): Promise<T | string> {
  if (!db) return `not measured: the ${system} is not connected`;
  try {
    return await work(db);
  } catch {
    return `not measured: the ${system} did not answer`;
  }
}

/** A stored date or time as ISO 8601 (MySQL gives `YYYY-MM-DD HH:MM:SS` strings, SQLite what was stored). */
function isoOf(value: unknown): { value: string | null } {
  if (value === null || value === undefined) return { value: null };
  if (value instanceof Date) return { value: value.toISOString() };
  if (typeof value === 'number') return { value: new Date(value).toISOString() };
  return { value: String(value).replace(' ', 'T') };
}

function qualified(table: string, column: string): string {
  return column.includes('.') ? column : `${table}.${column}`;
}
