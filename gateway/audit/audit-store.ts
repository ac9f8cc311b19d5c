import { randomUUID } from 'node:crypto';
import { connectDatabase, type Knex } from '../../platform/database';
import type { AuditRecord } from './audit-record';

/**
 * The audit trail's own database (embedded SQLite by default, MySQL via
 * AUDIT_DATABASE_URL): one append-only row per record, plus one row per customer
 * returned so "who read this customer" is an indexed lookup. A batch costs four
 * statements plus one per 250 rows of either table, and a record whose key is already
 * stored is skipped.
 */
export class AuditStore {
  private migrated?: Promise<void>;

  constructor(private readonly db: Knex) {}

  /** Creates or upgrades the tables, once per store; a failed attempt is retried on the next call. */
  migrate(): Promise<void> {
    this.migrated ??= this.createTables().catch((error: unknown) => {
      this.migrated = undefined;
      throw error;
    });
    return this.migrated;
  }

  private async createTables(): Promise<void> {
    if (!(await this.db.schema.hasTable('audit_records'))) {
      await this.db.schema.createTable('audit_records', (t) => {
        t.bigIncrements('id').primary();
        t.string('at', 30).notNullable().index('audit_records_at_idx');
        t.string('request_id', 128).notNullable();
        t.string('subject', 200).notNullable().index('audit_records_subject_idx');
        t.string('client_id', 200).notNullable();
        t.string('client_kind', 16).notNullable();
        t.string('purpose', 64).notNullable();
        t.string('operation_name', 200).nullable();
        t.string('operation_hash', 64).notNullable();
        t.text('fields').notNullable();
        t.text('masked_paths').notNullable();
        t.text('denied_paths').notNullable();
        t.text('customer_ids').notNullable();
      });
    }
    // Added after the first release: stores created before it get the column (older rows have none).
    if (!(await this.db.schema.hasColumn('audit_records', 'record_key'))) {
      await this.db.schema.alterTable('audit_records', (t) => {
        t.string('record_key', 64).nullable().unique('audit_records_record_key_uq');
      });
    }
    if (!(await this.db.schema.hasTable('audit_record_customers'))) {
      await this.db.schema.createTable('audit_record_customers', (t) => {
        t.string('customer_id', 20).notNullable();
        t.bigInteger('record_id').unsigned().notNullable();
        t.primary(['customer_id', 'record_id']);
      });
    }
  }

  /** Appends records in one transaction: all of them or none. */
  async append(records: AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    // Created on first use, and retried until it works: a store that is down at start is not fatal.
    await this.migrate();
    const keyed = records.map((record) => ({ ...record, key: record.key ?? randomUUID() }));
    await this.db.transaction(async (trx) => {
      const stored = new Set(await this.storedKeys(trx, keyed.map((r) => r.key)));
      const fresh = keyed.filter((record) => !stored.has(record.key));
      if (fresh.length === 0) return;
      for (const rows of chunks(fresh.map(toRow), INSERT_CHUNK)) await trx('audit_records').insert(rows);
      const ids = new Map((await trx('audit_records').whereIn('record_key', fresh.map((r) => r.key)).select('id', 'record_key')).map((row) => [row.record_key, row.id]));
      const customers = fresh.flatMap((record) => record.customerIds.map((customerId) => ({ customer_id: bounded(customerId, 20), record_id: ids.get(record.key) })));
      for (const rows of chunks(customers, INSERT_CHUNK)) await trx('audit_record_customers').insert(rows);
    });
  }

  private async storedKeys(trx: Knex.Transaction, keys: string[]): Promise<string[]> {
    const rows: Array<{ record_key: string }> = await trx('audit_records').whereIn('record_key', keys).select('record_key');
    return rows.map((row) => row.record_key);
  }
}

/** Creates the audit store's tables if they are missing (before any reader starts). */
export async function prepareAuditStore(databaseUrl: string): Promise<void> {
  const db = connectDatabase(databaseUrl);
  try {
    await new AuditStore(db).migrate();
  } finally {
    await db.destroy();
  }
}

/** Rows per INSERT: under SQLite's 500-term limit for a multi-row insert and the placeholder limits. */
const INSERT_CHUNK = 250;

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

function toRow(record: AuditRecord & { key: string }) {
  return {
    record_key: record.key, at: record.at, request_id: bounded(record.requestId, 128), subject: bounded(record.subject, 200), client_id: bounded(record.clientId, 200),
    client_kind: record.clientKind, purpose: bounded(record.purpose, 64), operation_name: record.operationName === null ? null : bounded(record.operationName, 200),
    operation_hash: record.operationHash, fields: JSON.stringify(record.fields), masked_paths: JSON.stringify(record.maskedPaths),
    denied_paths: JSON.stringify(record.deniedPaths), customer_ids: JSON.stringify(record.customerIds),
  };
}

/** Caller-chosen text (operation names, subjects) must not make a record unwritable. */
function bounded(value: string, length: number): string {
  return value.length <= length ? value : `${value.slice(0, length - 1)}…`;
}
