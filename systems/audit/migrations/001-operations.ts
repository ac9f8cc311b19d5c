import type { Knex } from 'knex';
import { AUDIT_TABLES } from '../tables';

export const name = '001-operations';

/**
 * One row per operation (or refused attempt), plus one row per customer it concerned,
 * keyed by customer first: "who read this customer" is an indexed lookup. Stores that an
 * earlier version created without a migrations table already have them: left as they are.
 */
export async function up(db: Knex): Promise<void> {
  if (!(await db.schema.hasTable(AUDIT_TABLES.operations))) {
    await db.schema.createTable(AUDIT_TABLES.operations, (t) => {
      t.bigIncrements('id').primary();
      t.string('record_key', 64).notNullable().unique('audit_operations_record_key_uq');
      t.string('kind', 16).notNullable();
      t.string('at', 30).notNullable().index('audit_operations_at_idx');
      t.string('request_id', 128).notNullable();
      t.string('client_request_id', 128).nullable();
      t.string('subject', 200).notNullable().index('audit_operations_subject_idx');
      t.string('client_id', 200).notNullable();
      t.string('client_kind', 16).notNullable();
      t.string('purpose', 64).notNullable();
      t.string('operation_name', 200).nullable();
      t.string('operation_hash', 64).notNullable();
      t.string('refusal', 64).nullable();
      t.text('returned').notNullable();
      t.text('masked').notNullable();
      t.text('denied').notNullable();
    });
  }
  if (!(await db.schema.hasTable(AUDIT_TABLES.operationCustomers))) {
    await db.schema.createTable(AUDIT_TABLES.operationCustomers, (t) => {
      t.string('customer_id', 20).notNullable();
      t.bigInteger('operation_id').unsigned().notNullable().index('audit_operation_customers_operation_idx');
      t.text('returned').notNullable();
      t.text('masked').notNullable();
      t.text('denied').notNullable();
      t.primary(['customer_id', 'operation_id']);
    });
  }
}

/** The audit trail is never dropped by a rollback. */
export async function down(): Promise<void> {}
