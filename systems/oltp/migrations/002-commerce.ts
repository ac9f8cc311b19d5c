import type { Knex } from 'knex';

export const name = '002-commerce';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('orders', (t) => {
    t.bigInteger('id').unsigned().primary();
    t.bigInteger('customer_id').unsigned().notNullable();
    t.bigInteger('account_id').unsigned().notNullable();
    t.string('order_number', 20).notNullable();
    t.dateTime('placed_at').notNullable();
    t.string('status', 16).notNullable();
    t.decimal('total_amount', 12, 2).notNullable();
    t.string('currency', 3).notNullable();
    t.index(['customer_id', 'placed_at'], 'orders_customer_placed_idx');
  });
  await db.schema.createTable('order_lines', (t) => {
    t.bigInteger('order_id').unsigned().notNullable();
    t.integer('line_no').notNullable();
    t.string('sku', 20).notNullable();
    t.string('description', 120).notNullable();
    t.integer('quantity').notNullable();
    t.decimal('unit_price', 12, 2).notNullable();
    t.primary(['order_id', 'line_no']);
  });
  await db.schema.createTable('invoices', (t) => {
    t.bigInteger('id').unsigned().primary();
    t.bigInteger('customer_id').unsigned().notNullable();
    t.bigInteger('order_id').unsigned().nullable();
    t.string('invoice_number', 20).notNullable();
    t.date('issued_on').notNullable();
    t.date('due_on').notNullable();
    t.decimal('amount', 12, 2).notNullable();
    t.string('currency', 3).notNullable();
    t.string('status', 16).notNullable();
    t.index(['customer_id', 'issued_on'], 'invoices_customer_issued_idx');
  });
  await db.schema.createTable('payments', (t) => {
    t.bigInteger('id').unsigned().primary();
    t.bigInteger('customer_id').unsigned().notNullable();
    t.bigInteger('invoice_id').unsigned().nullable();
    t.dateTime('paid_at').notNullable();
    t.decimal('amount', 12, 2).notNullable();
    t.string('currency', 3).notNullable();
    t.string('method', 8).notNullable();
    t.string('card_last4', 4).nullable();
    t.string('iban', 34).nullable();
    t.index(['customer_id', 'paid_at'], 'payments_customer_paid_idx');
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['payments', 'invoices', 'order_lines', 'orders']) await db.schema.dropTableIfExists(table);
}
