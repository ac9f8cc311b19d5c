import type { Knex } from 'knex';
import { migrateToLatest } from '../migration-source';
import * as records from './migrations/001-records';

export function migrateArchive(db: Knex): Promise<void> {
  return migrateToLatest(db, [records], 'archive_migrations');
}
