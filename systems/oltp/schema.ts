import type { Knex } from 'knex';
import { migrateToLatest } from '../migration-source';
import * as customers from './migrations/001-customers';
import * as commerce from './migrations/002-commerce';
import * as relationship from './migrations/003-relationship';
import * as dataSubjectRequests from './migrations/004-data-subject-requests';
import * as customerSearch from './migrations/005-customer-search';
import * as frontLineWrites from './migrations/006-front-line-writes';
import * as prospects from './migrations/007-prospects';

const oltpMigrations = [customers, commerce, relationship, dataSubjectRequests, customerSearch, frontLineWrites, prospects];

export function migrateOltp(db: Knex): Promise<void> {
  return migrateToLatest(db, oltpMigrations, 'oltp_migrations');
}
