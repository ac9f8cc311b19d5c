import { isMysql, type Knex } from '../../../platform/database';
import { AUDIT_TABLES } from '../tables';

export const name = '005-customer-rows-in-append-order';

const TABLE = AUDIT_TABLES.operationCustomers;
const BY_CUSTOMER = 'audit_operation_customers_customer_idx';
const BY_OPERATION = 'audit_operation_customers_operation_idx';

/**
 * The customer rows keyed by operation first, in the order they are written, with "who read this
 * customer" on a narrow index of its own. Keyed by customer first (001), every page of a hundred
 * customers wrote into a hundred places of the widest tree: once the trail outgrew the database's
 * memory, each stored row cost a page read and a split (about three times the CPU per row at two
 * million rows on MariaDB). The index by operation alone is the key's prefix now, and goes.
 */
export async function up(db: Knex): Promise<void> {
  if (isMysql(db)) return upMysql(db);
  return upSqlite(db);
}

async function upMysql(db: Knex): Promise<void> {
  const [key] = await db.raw(
    `SELECT column_name AS name FROM information_schema.key_column_usage
     WHERE table_schema = DATABASE() AND table_name = ? AND constraint_name = 'PRIMARY' ORDER BY ordinal_position`,
    [TABLE],
  );
  if ((key as Array<{ name: string }>).map((column) => column.name).join(',') === 'operation_id,customer_id') return;
  const [indexes] = await db.raw(
    'SELECT DISTINCT index_name AS name FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = ?',
    [TABLE],
  );
  const has = (index: string) => (indexes as Array<{ name: string }>).some((row) => row.name === index);
  // One statement: the table is rebuilt once, and is never without a key.
  const changes = [
    'DROP PRIMARY KEY',
    'ADD PRIMARY KEY (operation_id, customer_id)',
    ...(has(BY_CUSTOMER) ? [] : [`ADD INDEX ${BY_CUSTOMER} (customer_id, operation_id)`]),
    ...(has(BY_OPERATION) ? [`DROP INDEX ${BY_OPERATION}`] : []),
  ];
  await db.raw(`ALTER TABLE ${TABLE} ${changes.join(', ')}`);
}

/** SQLite cannot change a table's key: the rows move to a table made with the new one (in the migration's transaction). */
async function upSqlite(db: Knex): Promise<void> {
  const columns: Array<{ name: string; pk: number }> = await db.raw(`PRAGMA table_info(${TABLE})`);
  const key = columns
    .filter((column) => column.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((column) => column.name);
  if (key.join(',') === 'operation_id,customer_id') return;
  const rebuilt = `${TABLE}_005`;
  await db.schema.dropTableIfExists(rebuilt);
  await db.schema.createTable(rebuilt, (t) => {
    t.string('customer_id', 20).notNullable();
    t.bigInteger('operation_id').unsigned().notNullable();
    t.text('returned').notNullable();
    t.text('masked').notNullable();
    t.text('denied').notNullable();
    t.primary(['operation_id', 'customer_id']);
  });
  const copied = 'customer_id, operation_id, returned, masked, denied';
  await db.raw(`INSERT INTO ${rebuilt} (${copied}) SELECT ${copied} FROM ${TABLE}`);
  await db.schema.dropTable(TABLE);
  await db.schema.renameTable(rebuilt, TABLE);
  await db.schema.alterTable(TABLE, (t) => {
    t.index(['customer_id', 'operation_id'], BY_CUSTOMER);
  });
}

/** The audit trail is never dropped by a rollback. */
export async function down(): Promise<void> {}
