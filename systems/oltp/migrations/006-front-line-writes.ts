import { isMysql, type Knex } from '../../../platform/database';
import { IDEMPOTENCY_KEY_LENGTH } from './004-data-subject-requests';

export const name = '006-front-line-writes';

/**
 * The request log of the front line's writes (a contact logged, a case resolved, an offer made or
 * answered), each row written in the same transaction as the interaction or offer it made or
 * changed. `arguments` is the request as sent (JSON), `answer` the record as it was answered
 * (JSON): a retried request with the same idempotency key (unique, compared byte for byte) gets
 * that first answer back and changes nothing.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('front_line_writes', (t) => {
    t.bigIncrements('id').primary();
    const key = t.string('idempotency_key', IDEMPOTENCY_KEY_LENGTH).notNullable().unique('front_line_writes_key_uq');
    if (isMysql(db)) key.collate('utf8mb4_bin');
    t.string('kind', 24).notNullable();
    t.bigInteger('customer_id').unsigned().notNullable().index('front_line_writes_customer_idx');
    t.bigInteger('record_id').unsigned().notNullable();
    t.text('arguments').notNullable();
    t.text('answer').notNullable();
    t.string('requested_by', 200).notNullable();
    t.string('client_id', 100).notNullable();
    t.string('purpose', 40).notNullable();
    t.dateTime('recorded_at').notNullable();
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('front_line_writes');
}
