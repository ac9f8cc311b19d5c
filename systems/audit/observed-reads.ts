import { jsonStringList } from './json-list';
import type { Knex } from 'knex';
import { AUDIT_TABLES } from './tables';

/** What one client read of one field for one purpose, since a time (from the operation rows' coordinate lists). */
export interface FieldReads {
  coordinate: string;
  clientId: string;
  purpose: string;
  reads: number;
  lastAt: string;
}

const PAGE = 1000;

/**
 * Every read operation (and write, whose answer reads too) since `since` (ISO time), paged by id so memory stays bounded (two
 * statements a page): each coordinate it returned or returned masked, outside any customer or
 * of any of its customers, counts one read for its client and purpose.
 */
export async function fieldReadsSince(db: Knex, since: string): Promise<FieldReads[]> {
  const totals = new Map<string, FieldReads>();
  for (let after = 0; ; ) {
    const rows: Array<{ id: number; at: string; client_id: string; purpose: string; returned: string; masked: string }> = await db(
      AUDIT_TABLES.operations,
    )
      .select('id', 'at', 'client_id', 'purpose', 'returned', 'masked')
      // A write's answer reads the customer written too (its Mutation coordinates are no field the inventory lists).
      .whereIn('kind', ['read', 'write'])
      .andWhere('at', '>=', since)
      .andWhere('id', '>', after)
      .orderBy('id')
      .limit(PAGE);
    if (rows.length === 0) break;
    after = Number(rows[rows.length - 1].id);
    const perCustomer = await customerCoordinates(
      db,
      rows.map((row) => row.id),
    );
    for (const row of rows) {
      const read = [...jsonStringList(row.returned), ...jsonStringList(row.masked), ...(perCustomer.get(Number(row.id)) ?? [])];
      for (const coordinate of new Set(read)) {
        const key = `${coordinate}|${row.client_id}|${row.purpose}`;
        const total = totals.get(key) ?? { coordinate, clientId: row.client_id, purpose: row.purpose, reads: 0, lastAt: row.at };
        total.reads += 1;
        if (row.at > total.lastAt) total.lastAt = row.at;
        totals.set(key, total);
      }
    }
  }
  return [...totals.values()];
}

/** What each operation returned of its customers (returned or masked), in one statement per page. */
async function customerCoordinates(db: Knex, operationIds: number[]): Promise<Map<number, string[]>> {
  const rows: Array<{ operation_id: number; returned: string; masked: string }> = await db(AUDIT_TABLES.operationCustomers)
    .select('operation_id', 'returned', 'masked')
    .whereIn('operation_id', operationIds);
  const byOperation = new Map<number, string[]>();
  for (const row of rows) {
    const list = byOperation.get(Number(row.operation_id)) ?? [];
    list.push(...jsonStringList(row.returned), ...jsonStringList(row.masked));
    byOperation.set(Number(row.operation_id), list);
  }
  return byOperation;
}
