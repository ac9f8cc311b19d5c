import type { Knex } from 'knex';
import { migrateToLatest } from '../migration-source';
import * as operations from './migrations/001-operations';
import * as hashChain from './migrations/002-hash-chain';
import * as purges from './migrations/003-purges';
import * as searches from './migrations/004-searches';
import * as customerRowsInAppendOrder from './migrations/005-customer-rows-in-append-order';

const auditMigrations = [operations, hashChain, purges, searches, customerRowsInAppendOrder];

export function migrateAudit(db: Knex): Promise<void> {
  return migrateToLatest(db, auditMigrations, 'audit_migrations');
}
