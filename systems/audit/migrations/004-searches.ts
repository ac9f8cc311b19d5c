import type { Knex } from 'knex';
import { AUDIT_TABLES } from '../tables';

export const name = '004-searches';

/**
 * The searches an operation ran (`Query.findCustomers`): a JSON list of `{ kind, termHash }`, the term
 * only as its keyed hash, never in clear; null for every operation that searched nothing (and every
 * row stored before), so the hash chain of those rows is what it was.
 */
export async function up(db: Knex): Promise<void> {
  if (await db.schema.hasColumn(AUDIT_TABLES.operations, 'searches')) return;
  await db.schema.alterTable(AUDIT_TABLES.operations, (t) => {
    t.text('searches').nullable();
  });
}

/** The audit trail is never dropped by a rollback. */
export async function down(): Promise<void> {}
