import { isMysql, type Knex } from '../../../platform/database';
import { customerSearchKeys } from '../search-keys';

export const name = '005-customer-search';

const BATCH = 500;

/**
 * What the crm finds a customer by (`Query.findCustomers`), each an indexed column: the e-mail
 * address lower-cased, the phone number as international digits, the last name and the full name
 * folded (lower case, no accents; see ../search-keys.ts), and the postal code of an address. The
 * keys are compared byte for byte (in MySQL `utf8mb4_bin`), so a prefix is a plain range of the index.
 * Existing customers get their keys here; the seed writes them with every customer.
 */
export async function up(db: Knex): Promise<void> {
  const binary = isMysql(db);
  await db.schema.alterTable('customers', (t) => {
    for (const [column, length] of [
      ['email_key', 160],
      ['phone_key', 40],
      ['last_name_key', 80],
      ['full_name_key', 161],
    ] as const) {
      const c = t.string(column, length).nullable();
      if (binary) c.collate('utf8mb4_bin');
    }
    t.index(['email_key'], 'customers_email_key_idx');
    t.index(['phone_key'], 'customers_phone_key_idx');
    t.index(['last_name_key'], 'customers_last_name_key_idx');
    t.index(['full_name_key'], 'customers_full_name_key_idx');
  });
  await db.schema.alterTable('addresses', (t) => {
    t.index(['postal_code', 'customer_id'], 'addresses_postal_code_idx');
  });
  let after = -1;
  for (;;) {
    const rows: { id: number | string; first_name: string; last_name: string; email: string; phone: string | null }[] = await db(
      'customers',
    )
      .select('id', 'first_name', 'last_name', 'email', 'phone')
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH);
    if (rows.length === 0) break;
    await db.transaction(async (trx) => {
      for (const row of rows) await trx('customers').where('id', row.id).update(customerSearchKeys(row));
    });
    after = Number(rows[rows.length - 1].id);
  }
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('addresses', (t) => t.dropIndex(['postal_code', 'customer_id'], 'addresses_postal_code_idx'));
  await db.schema.alterTable('customers', (t) => {
    t.dropIndex(['email_key'], 'customers_email_key_idx');
    t.dropIndex(['phone_key'], 'customers_phone_key_idx');
    t.dropIndex(['last_name_key'], 'customers_last_name_key_idx');
    t.dropIndex(['full_name_key'], 'customers_full_name_key_idx');
    t.dropColumns('email_key', 'phone_key', 'last_name_key', 'full_name_key');
  });
}
