import { connectDatabase, type Knex } from '../../platform/database';
import type { AuditRecord } from './audit-record';

/**
 * The audit trail's own database (embedded SQLite by default, MySQL via
 * AUDIT_DATABASE_URL): one append-only row per record, plus one row per customer
 * returned so "who read this customer" is an indexed lookup.
 */
export class AuditStore {
  private migrated?: Promise<void>;

  constructor(private readonly db: Knex) {}

  async migrate(): Promise<void> {
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
    this.migrated ??= this.migrate().catch((error: unknown) => {
      this.migrated = undefined;
      throw error;
    });
    await this.migrated;
    await this.db.transaction(async (trx) => {
      for (const record of records) {
        const [id] = await trx('audit_records').insert({
          at: record.at, request_id: bounded(record.requestId, 128), subject: bounded(record.subject, 200), client_id: bounded(record.clientId, 200),
          client_kind: record.clientKind, purpose: bounded(record.purpose, 64), operation_name: record.operationName === null ? null : bounded(record.operationName, 200),
          operation_hash: record.operationHash, fields: JSON.stringify(record.fields), masked_paths: JSON.stringify(record.maskedPaths),
          denied_paths: JSON.stringify(record.deniedPaths), customer_ids: JSON.stringify(record.customerIds),
        });
        if (record.customerIds.length > 0) {
          await trx('audit_record_customers').insert(record.customerIds.map((customerId) => ({ customer_id: bounded(customerId, 20), record_id: id })));
        }
      }
    });
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

/** Caller-chosen text (operation names, subjects) must not make a record unwritable. */
function bounded(value: string, length: number): string {
  return value.length <= length ? value : `${value.slice(0, length - 1)}…`;
}
