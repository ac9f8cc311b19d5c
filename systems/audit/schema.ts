import type { Knex } from 'knex';
import { migrateToLatest } from '../migration-source';
import * as operations from './migrations/001-operations';

const auditMigrations = [operations];

export function migrateAudit(db: Knex): Promise<void> {
  return migrateToLatest(db, auditMigrations, 'audit_migrations');
}
