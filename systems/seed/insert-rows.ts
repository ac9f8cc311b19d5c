import { isMysql, type Knex } from '../../platform/database';
import type { Row, RowBuffer } from './row-buffer';

/** Both MySQL (65,535) and SQLite (32,766) accept this many bound values per statement. */
const MAX_BOUND_VALUES = 30_000;
/** SQLite compiles a multi-row insert into a compound SELECT, limited to 500 terms. */
const MAX_ROWS_PER_STATEMENT = { mysql: 2_000, sqlite: 500 };

/** Multi-row INSERTs, as large as the drivers allow, all in one transaction. */
export async function insertBuffer(db: Knex, buffer: RowBuffer): Promise<void> {
  if (buffer.size === 0) return;
  await db.transaction(async (trx) => {
    for (const [table, rows] of buffer.entries()) await insertRows(trx, table, rows);
  });
}

export async function insertRows(db: Knex, table: string, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const dialect = isMysql(db) ? 'mysql' : 'sqlite';
  const perStatement = Math.min(MAX_ROWS_PER_STATEMENT[dialect], Math.floor(MAX_BOUND_VALUES / Object.keys(rows[0]).length));
  for (let start = 0; start < rows.length; start += perStatement) {
    await db(table).insert(rows.slice(start, start + perStatement));
  }
}
