import type { Knex } from 'knex';
import { migrateToLatest } from '../migration-source';
import * as starSchema from './migrations/001-star-schema';

export function migrateWarehouse(db: Knex): Promise<void> {
  return migrateToLatest(db, [starSchema], 'warehouse_migrations');
}
