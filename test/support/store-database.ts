import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from '../../platform/database';
import { dropSystemDatabase, openSystemDatabase } from '../../systems/system-database';
import { storeTestUrl } from './mysql';

export interface StoreDatabase {
  /** A temporary folder of the test's own (the SQLite file lives there; spool files may too). */
  dir: string;
  url: string;
  db: Knex;
}

/**
 * For each test of the suite, a new empty database on `backend` (and a temporary folder), dropped
 * and removed after it. Read the fields inside the tests and hooks, not when the suite is defined.
 */
export function freshStoreDatabase(backend: 'mysql' | 'sqlite', name: string): StoreDatabase {
  const current = {} as StoreDatabase;
  beforeEach(async () => {
    current.dir = mkdtempSync(path.join(os.tmpdir(), `${name}-`));
    current.url = storeTestUrl(backend, current.dir, name);
    current.db = await openSystemDatabase(current.url, { recreate: true });
  });
  afterEach(async () => {
    await current.db.destroy();
    await dropSystemDatabase(current.url);
    rmSync(current.dir, { recursive: true, force: true });
  });
  return current;
}
