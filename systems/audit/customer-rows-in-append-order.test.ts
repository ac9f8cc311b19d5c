import { isMysql, type Knex } from '../../platform/database';
import { storeBackends } from '../../test/support/mysql';
import { freshStoreDatabase } from '../../test/support/store-database';
import type { AuditRecord } from '../../gateway/audit/audit-record';
import { AuditStore } from '../../gateway/audit/audit-store';
import { verifyAuditChains } from '../../gateway/audit/audit-chain';
import { AccessLogRepository } from '../../subgraphs/privacy/access-log.repository';
import { migrateToLatest } from '../migration-source';
import * as operations from './migrations/001-operations';
import * as hashChain from './migrations/002-hash-chain';
import * as purges from './migrations/003-purges';
import * as searches from './migrations/004-searches';
import { migrateAudit } from './schema';

const RECORD: Omit<AuditRecord, 'key' | 'customers'> = {
  kind: 'read',
  at: '2026-11-01T09:00:00.000Z',
  requestId: 'gw-1',
  clientRequestId: null,
  subject: 'agent@example.com',
  clientId: 'desk-app',
  clientKind: 'first-party',
  purpose: 'customer_service',
  operationName: 'Page',
  operationHash: 'a'.repeat(64),
  refusal: null,
  returned: [],
  masked: [],
  denied: [],
};

const customer = (customerId: string) => ({ customerId, returned: ['Customer.name'], masked: [], denied: [] });

/** The customer rows' key, in order, and the table's other indexes with their columns. */
async function layout(db: Knex): Promise<{ key: string[]; indexes: Record<string, string[]> }> {
  if (isMysql(db)) {
    const [rows] = await db.raw(
      `SELECT index_name AS name, column_name AS col FROM information_schema.statistics
       WHERE table_schema = DATABASE() AND table_name = 'audit_operation_customers' ORDER BY index_name, seq_in_index`,
    );
    const indexes: Record<string, string[]> = {};
    for (const { name, col } of rows as Array<{ name: string; col: string }>) (indexes[name] ??= []).push(col);
    const { PRIMARY: key, ...others } = indexes;
    return { key, indexes: others };
  }
  const columns: Array<{ name: string; pk: number }> = await db.raw('PRAGMA table_info(audit_operation_customers)');
  const key = columns
    .filter((column) => column.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((column) => column.name);
  const list: Array<{ name: string }> = await db.raw('PRAGMA index_list(audit_operation_customers)');
  const indexes: Record<string, string[]> = {};
  for (const { name } of list.filter((index) => !index.name.startsWith('sqlite_'))) {
    const info: Array<{ name: string }> = await db.raw(`PRAGMA index_info(${name})`);
    indexes[name] = info.map((column) => column.name);
  }
  return { key, indexes };
}

describe.each(storeBackends())('the audit store customer rows in append order on %s', (backend) => {
  const fresh = freshStoreDatabase(backend, 'audit_append_order');

  it('are keyed by operation first, with "who read this customer" on an index of its own', async () => {
    await migrateAudit(fresh.db);
    expect(await layout(fresh.db)).toEqual({
      key: ['operation_id', 'customer_id'],
      indexes: { audit_operation_customers_customer_idx: ['customer_id', 'operation_id'] },
    });
  });

  it('keeps every row of a store keyed by customer first, its chains verified and its customers found', async () => {
    const { db } = fresh;
    await migrateToLatest(db, [operations, hashChain, purges, searches], 'audit_migrations');
    expect((await layout(db)).key).toEqual(['customer_id', 'operation_id']);
    const before = new AuditStore(db, { writerId: 'writer-1' });
    await before.append([
      { ...RECORD, key: 'k-1', customers: [customer('1000002'), customer('1000001')] },
      { ...RECORD, key: 'k-2', customers: [customer('1000001')] },
    ]);
    const rows = () => db('audit_operation_customers').orderBy(['operation_id', 'customer_id']).select();
    const stored = await rows();

    await migrateAudit(db);
    expect(await layout(db)).toEqual({
      key: ['operation_id', 'customer_id'],
      indexes: { audit_operation_customers_customer_idx: ['customer_id', 'operation_id'] },
    });
    expect(await rows()).toEqual(stored);
    expect(stored.map((row) => [row.operation_id, row.customer_id])).toEqual([
      [1, '1000001'],
      [1, '1000002'],
      [2, '1000001'],
    ]);
    await new AuditStore(db, { writerId: 'writer-1' }).append([{ ...RECORD, key: 'k-3', customers: [customer('1000001')] }]);
    expect((await verifyAuditChains(db)).problems).toEqual([]);
    const read = await new AccessLogRepository(db).search({ customerId: '1000001', limit: 10 });
    expect(read.map((entry) => entry.customerIds)).toEqual([['1000001'], ['1000001'], ['1000001', '1000002']]);
  });
});
