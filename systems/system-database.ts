import { rmSync } from 'node:fs';
import { connectDatabase, databaseDialect, type Knex, sqliteFilename } from '../platform/database';

/**
 * Creates (or, with `recreate`, drops and creates) the database a URL names, then
 * connects to it. Only the stand-in systems do this; subgraphs read on read-only connections.
 */
export async function openSystemDatabase(url: string, options: { recreate?: boolean } = {}): Promise<Knex> {
  if (databaseDialect(url) === 'sqlite') {
    if (options.recreate) removeSqliteFiles(url);
    const db = connectDatabase(url);
    await db.raw('PRAGMA journal_mode = WAL');
    return db;
  }
  await onDatabaseServer(url, async (server, name) => {
    if (options.recreate) await server.raw(`DROP DATABASE IF EXISTS \`${name}\``);
    await server.raw(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  });
  return connectDatabase(url, { poolMax: 4 });
}

/** Drops the database a URL names (tests clean up after themselves; nothing in production drops a system). */
export async function dropSystemDatabase(url: string): Promise<void> {
  if (databaseDialect(url) === 'sqlite') return removeSqliteFiles(url);
  await onDatabaseServer(url, (server, name) => server.raw(`DROP DATABASE IF EXISTS \`${name}\``));
}

async function onDatabaseServer(url: string, work: (server: Knex, databaseName: string) => Promise<unknown>): Promise<void> {
  const parsed = new URL(url);
  const name = parsed.pathname.replace(/^\//, '');
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Database name "${name}" must be letters, digits and underscores`);
  parsed.pathname = '/';
  const server = connectDatabase(parsed.toString(), { poolMax: 1 });
  try {
    await work(server, name);
  } finally {
    await server.destroy();
  }
}

function removeSqliteFiles(url: string): void {
  const file = sqliteFilename(url);
  if (file === ':memory:') return;
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}
