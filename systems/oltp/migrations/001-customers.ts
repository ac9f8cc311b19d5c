import type { Knex } from 'knex';

export const name = '001-customers';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('households', (t) => {
    t.bigInteger('id').unsigned().primary();
    t.string('name', 120).notNullable();
    t.dateTime('created_at').notNullable();
  });
  await db.schema.createTable('customers', (t) => {
    t.bigInteger('id').unsigned().primary();
    t.bigInteger('household_id').unsigned().nullable().index('customers_household_idx');
    t.string('first_name', 80).notNullable();
    t.string('last_name', 80).notNullable();
    t.string('email', 160).notNullable();
    t.string('phone', 40).nullable();
    t.date('date_of_birth').nullable();
    t.boolean('processing_restricted').notNullable().defaultTo(false);
    t.dateTime('restricted_at').nullable();
    t.dateTime('erasure_requested_at').nullable();
    t.dateTime('created_at').notNullable();
  });
  await db.schema.createTable('accounts', (t) => {
    t.bigInteger('id').unsigned().primary();
    t.bigInteger('customer_id').unsigned().notNullable().index('accounts_customer_idx');
    t.string('account_number', 20).notNullable().unique('accounts_number_uq');
    t.string('business_unit', 40).notNullable();
    t.string('status', 16).notNullable();
    t.date('opened_at').notNullable();
  });
  await db.schema.createTable('addresses', (t) => {
    t.bigInteger('id').unsigned().primary();
    t.bigInteger('customer_id').unsigned().notNullable().index('addresses_customer_idx');
    t.string('kind', 16).notNullable();
    t.string('line1', 120).notNullable();
    t.string('line2', 120).nullable();
    t.string('postal_code', 16).notNullable();
    t.string('city', 80).notNullable();
    t.string('country', 2).notNullable();
  });
  await db.schema.createTable('consents', (t) => {
    t.bigInteger('customer_id').unsigned().notNullable();
    t.string('topic', 16).notNullable();
    t.boolean('granted').notNullable();
    t.dateTime('recorded_at').notNullable();
    t.primary(['customer_id', 'topic']);
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['consents', 'addresses', 'accounts', 'customers', 'households']) {
    await db.schema.dropTableIfExists(table);
  }
}
