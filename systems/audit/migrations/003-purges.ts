import type { Knex } from 'knex';
import { AUDIT_TABLES } from '../tables';

export const name = '003-purges';

/**
 * One row per retention purge: its cutoff, how many operation records it removed, and per
 * chain the last purged (seq, hash) — where verification picks the chain up again. Kept apart
 * from `audit_operations`, which the privacy subgraph reads as accesses to personal data, and
 * never purged itself. Each row is chained like an operation (its own writer's chain).
 */
export async function up(db: Knex): Promise<void> {
  if (await db.schema.hasTable(AUDIT_TABLES.purges)) return;
  await db.schema.createTable(AUDIT_TABLES.purges, (t) => {
    t.bigIncrements('id').primary();
    t.string('at', 30).notNullable();
    t.string('cutoff', 30).notNullable();
    t.integer('removed').unsigned().notNullable();
    t.text('checkpoints', 'mediumtext').notNullable();
    t.string('chain', 128).notNullable();
    t.integer('seq').unsigned().notNullable();
    t.string('prev_hash', 64).notNullable();
    t.string('hash', 64).notNullable();
    t.unique(['chain', 'seq'], { indexName: 'audit_purges_chain_seq_uq' });
  });
}

/** The audit trail is never dropped by a rollback. */
export async function down(): Promise<void> {}
