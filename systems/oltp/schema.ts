import type { Knex } from 'knex';
import { migrateToLatest } from '../migration-source';
import * as customers from './migrations/001-customers';
import * as commerce from './migrations/002-commerce';
import * as relationship from './migrations/003-relationship';
import * as dataSubjectRequests from './migrations/004-data-subject-requests';
import * as prospects from './migrations/005-prospects';

const oltpMigrations = [customers, commerce, relationship, dataSubjectRequests, prospects];

export function migrateOltp(db: Knex): Promise<void> {
  return migrateToLatest(db, oltpMigrations, 'oltp_migrations');
}
