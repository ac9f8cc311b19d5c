import type { Knex } from 'knex';

export const name = '003-relationship';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('interactions', (t) => {
    t.bigInteger('id').unsigned().primary();
    t.bigInteger('customer_id').unsigned().notNullable();
    t.string('kind', 16).notNullable();
    t.string('channel', 16).notNullable();
    t.string('business_unit', 40).notNullable();
    t.dateTime('occurred_at').notNullable();
    t.string('subject', 160).notNullable();
    t.decimal('handling_cost', 10, 2).notNullable();
    t.string('status', 16).notNullable();
    t.string('resolution', 240).nullable();
    t.index(['customer_id', 'occurred_at'], 'interactions_customer_occurred_idx');
  });
  await db.schema.createTable('offers', (t) => {
    t.bigInteger('id').unsigned().primary();
    t.bigInteger('customer_id').unsigned().notNullable();
    t.string('product', 80).notNullable();
    t.string('channel', 16).notNullable();
    t.dateTime('offered_at').notNullable();
    t.string('response', 16).nullable();
    t.dateTime('responded_at').nullable();
    t.index(['customer_id', 'offered_at'], 'offers_customer_offered_idx');
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['offers', 'interactions']) await db.schema.dropTableIfExists(table);
}
