import type { Knex } from 'knex';

export const name = '002-legacy-accounts';

/**
 * Account numbers of the systems the OLTP replaced, and the account each became. The OLTP was
 * migrated without them; customers still quote them from old letters, so the archive answers for them.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('legacy_accounts', (t) => {
    t.string('legacy_account_number', 20).primary();
    t.string('account_number', 20).notNullable().index('legacy_accounts_account_idx');
    t.date('renumbered_on').notNullable();
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('legacy_accounts');
}
