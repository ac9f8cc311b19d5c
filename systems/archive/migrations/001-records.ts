import type { Knex } from 'knex';

export const name = '001-records';

/** Records that retention moved out of the OLTP, keyed by the legacy account number. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('archived_orders', (t) => {
    t.bigInteger('id').unsigned().primary();
    t.string('account_number', 20).notNullable();
    t.string('order_number', 20).notNullable();
    t.dateTime('placed_at').notNullable();
    t.string('status', 16).notNullable();
    t.decimal('total_amount', 12, 2).notNullable();
    t.string('currency', 3).notNullable();
    t.integer('line_count').notNullable();
    t.index(['account_number', 'placed_at', 'id'], 'archived_orders_account_idx');
  });
  await db.schema.createTable('archived_invoices', (t) => {
    t.bigInteger('id').unsigned().primary();
    t.string('account_number', 20).notNullable();
    t.string('invoice_number', 20).notNullable();
    t.date('issued_on').notNullable();
    t.decimal('amount', 12, 2).notNullable();
    t.string('currency', 3).notNullable();
    t.string('status', 16).notNullable();
    t.index(['account_number', 'issued_on', 'id'], 'archived_invoices_account_idx');
  });
  await db.schema.createTable('archived_interactions', (t) => {
    t.bigInteger('id').unsigned().primary();
    t.string('account_number', 20).notNullable();
    t.string('kind', 16).notNullable();
    t.string('channel', 16).notNullable();
    t.dateTime('occurred_at').notNullable();
    t.string('subject', 160).notNullable();
    t.string('status', 16).notNullable();
    t.string('resolution', 240).nullable();
    t.decimal('handling_cost', 10, 2).notNullable();
    t.index(['account_number', 'occurred_at', 'id'], 'archived_interactions_account_idx');
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['archived_interactions', 'archived_invoices', 'archived_orders']) {
    await db.schema.dropTableIfExists(table);
  }
}
