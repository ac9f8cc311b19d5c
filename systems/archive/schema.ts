import type { Knex } from 'knex';
import { migrateToLatest } from '../migration-source';
import * as records from './migrations/001-records';
import * as legacyAccounts from './migrations/002-legacy-accounts';

export function migrateArchive(db: Knex): Promise<void> {
  return migrateToLatest(db, [records, legacyAccounts], 'archive_migrations');
}
