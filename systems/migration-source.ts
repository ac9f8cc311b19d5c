import type { Knex } from 'knex';

interface NamedMigration extends Knex.Migration {
  name: string;
}

/**
 * Feeds knex the migrations as imported modules rather than a folder scan, so the
 * same list runs from TypeScript sources, from dist/ and inside a container.
 */
function migrationSource(migrations: NamedMigration[]): Knex.MigrationSource<NamedMigration> {
  return {
    getMigrations: async () => migrations,
    getMigrationName: (migration) => migration.name,
    getMigration: async (migration) => migration,
  };
}

/**
 * Runs the migrations not yet applied. When all of them are, nothing else is asked of the database
 * than reading the migrations table: a service whose user may only read or append there (the
 * gateway on the audit store) starts on a store that a user with the rights migrated before it.
 */
export async function migrateToLatest(db: Knex, migrations: NamedMigration[], tableName: string): Promise<void> {
  if (await allApplied(db, migrations, tableName)) return;
  await db.migrate.latest({ migrationSource: migrationSource(migrations), tableName });
}

/** Whether the migrations table lists every migration; a table that is missing or cannot be read says no. */
async function allApplied(db: Knex, migrations: NamedMigration[], tableName: string): Promise<boolean> {
  const rows: Array<{ name: string }> | undefined = await db(tableName)
    .select('name')
    .catch(() => undefined);
  if (!rows) return false;
  const applied = new Set(rows.map((row) => row.name));
  return migrations.every((migration) => applied.has(migration.name));
}
