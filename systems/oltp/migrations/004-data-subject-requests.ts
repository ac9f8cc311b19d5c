import { isMysql, type Knex } from '../../../platform/database';

export const name = '004-data-subject-requests';

/** The longest idempotency key and reason a data-subject request may carry (the API checks them first). */
export const IDEMPOTENCY_KEY_LENGTH = 100;
export const REASON_LENGTH = 500;

/**
 * Every data-subject request the crm recorded (consent granted or withdrawn, restriction requested
 * or lifted, erasure requested), written in the same transaction as the change it made. The
 * idempotency key is unique: a retried request finds its first recording instead of applying twice.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('data_subject_requests', (t) => {
    t.bigIncrements('id').primary();
    t.bigInteger('customer_id').unsigned().notNullable().index('data_subject_requests_customer_idx');
    t.string('kind', 24).notNullable();
    t.string('topic', 16).nullable();
    t.string('reason', REASON_LENGTH).notNullable();
    const key = t.string('idempotency_key', IDEMPOTENCY_KEY_LENGTH).notNullable().unique('data_subject_requests_key_uq');
    // Keys are compared byte for byte: in MySQL's default collation `abc` and `ABC` would be one key.
    if (isMysql(db)) key.collate('utf8mb4_bin');
    t.string('requested_by', 200).notNullable();
    t.string('client_id', 100).notNullable();
    t.string('purpose', 40).notNullable();
    t.dateTime('recorded_at').notNullable();
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('data_subject_requests');
}
