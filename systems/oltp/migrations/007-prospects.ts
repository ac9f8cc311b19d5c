import type { Knex } from 'knex';

export const name = '007-prospects';

/**
 * Enquiries from people who are not (yet) customers: who asked, how to reach them, about which
 * product, when, through which channel, and whether they agreed to be contacted (one flag, for every
 * channel: the enquiry form asks once). Listed by product in number order from a day on, hence the index.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('prospects', (t) => {
    t.bigInteger('id').unsigned().primary();
    t.string('name', 160).notNullable();
    t.string('email', 160).notNullable();
    t.string('phone', 40).nullable();
    t.string('product', 80).notNullable();
    t.dateTime('enquired_at').notNullable();
    t.boolean('contact_consent').notNullable();
    t.string('source_channel', 16).notNullable();
    t.index(['product', 'id', 'enquired_at'], 'prospects_product_idx');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('prospects');
}
