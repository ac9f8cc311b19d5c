import type { Knex } from 'knex';
import { AUDIT_TABLES } from '../tables';

export const name = '002-hash-chain';

/**
 * Tamper evidence: every operation row carries its writer's chain (a writer id), its place in
 * that chain (`seq`, 1, 2, …), the hash of the previous row of the chain (`prev_hash`) and its
 * own sha256 (`hash`, over the row and its customer rows: gateway/audit/audit-chain.ts). Rows
 * stored before this migration keep them null: unchained, before the chain began.
 */
export async function up(db: Knex): Promise<void> {
  if (await db.schema.hasColumn(AUDIT_TABLES.operations, 'chain')) return;
  await db.schema.alterTable(AUDIT_TABLES.operations, (t) => {
    t.string('chain', 128).nullable();
    t.integer('seq').unsigned().nullable();
    t.string('prev_hash', 64).nullable();
    t.string('hash', 64).nullable();
    t.unique(['chain', 'seq'], { indexName: 'audit_operations_chain_seq_uq' });
  });
}

/** The audit trail is never dropped by a rollback. */
export async function down(): Promise<void> {}
