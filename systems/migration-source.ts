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

export async function migrateToLatest(db: Knex, migrations: NamedMigration[], tableName: string): Promise<void> {
  await db.migrate.latest({ migrationSource: migrationSource(migrations), tableName });
}
