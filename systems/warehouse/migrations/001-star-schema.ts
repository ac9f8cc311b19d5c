import type { Knex } from 'knex';

export const name = '001-star-schema';

/**
 * A star schema with its own surrogate keys. The CRM customer number is only the
 * natural key of the customer dimension.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('dim_customer', (t) => {
    t.integer('customer_key').unsigned().primary();
    t.string('crm_customer_id', 20).notNullable().unique('dim_customer_crm_uq');
    t.string('region', 40).notNullable();
    t.date('first_seen_on').notNullable();
  });
  await db.schema.createTable('dim_month', (t) => {
    t.integer('month_key').unsigned().primary();
    t.date('first_day').notNullable().unique('dim_month_first_day_uq');
    t.integer('year').notNullable();
    t.integer('month').notNullable();
  });
  await db.schema.createTable('dim_channel', (t) => {
    t.integer('channel_key').unsigned().primary();
    t.string('name', 16).notNullable().unique('dim_channel_name_uq');
  });
  await db.schema.createTable('fact_customer_month', (t) => {
    t.integer('customer_key').unsigned().notNullable();
    t.integer('month_key').unsigned().notNullable();
    t.decimal('revenue', 12, 2).notNullable();
    t.decimal('margin', 12, 2).notNullable();
    t.integer('orders').notNullable();
    t.integer('contacts').notNullable();
    t.integer('complaints').notNullable();
    t.decimal('cost_to_serve', 12, 2).notNullable();
    t.primary(['customer_key', 'month_key']);
  });
  await db.schema.createTable('fact_contact_cost', (t) => {
    t.integer('customer_key').unsigned().notNullable();
    t.integer('month_key').unsigned().notNullable();
    t.integer('channel_key').unsigned().notNullable();
    t.integer('contacts').notNullable();
    t.decimal('cost', 12, 2).notNullable();
    t.primary(['customer_key', 'month_key', 'channel_key']);
  });
  await db.schema.createTable('warehouse_load', (t) => {
    t.integer('load_key').unsigned().primary();
    t.dateTime('loaded_at').notNullable();
  });
  await db.schema.createTable('fact_customer_score', (t) => {
    t.integer('customer_key').unsigned().notNullable();
    t.date('scored_on').notNullable();
    t.integer('load_key').unsigned().notNullable();
    t.string('segment', 24).notNullable();
    t.string('value_tier', 16).notNullable();
    t.decimal('lifetime_value', 12, 2).notNullable();
    t.decimal('churn_risk', 5, 4).notNullable();
    t.string('risk_rating', 8).notNullable();
    t.date('risk_since').notNullable();
    t.primary(['customer_key', 'scored_on']);
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of [
    'fact_customer_score',
    'warehouse_load',
    'fact_contact_cost',
    'fact_customer_month',
    'dim_channel',
    'dim_month',
    'dim_customer',
  ]) {
    await db.schema.dropTableIfExists(table);
  }
}
