import { describeMysql } from '../test/support/mysql';
import { freshStoreDatabase } from '../test/support/store-database';
import { warmBufferPool } from './buffer-pool';

describeMysql("warming MariaDB's buffer pool with the bench's data", () => {
  const fresh = freshStoreDatabase('mysql', 'warm_pool');

  it('reads every index of every table once and says how much it read', async () => {
    await fresh.db.schema.createTable('customers', (table) => {
      table.integer('id').primary();
      table.string('email', 40).notNullable().index();
    });
    await fresh.db('customers').insert(Array.from({ length: 300 }, (_, i) => ({ id: i + 1, email: `c${i}@example.com` })));
    const rowsStepped = async () => Number((await fresh.db.raw("SHOW GLOBAL STATUS LIKE 'Handler_read_next'"))[0][0].Value);
    const [[pool]] = await fresh.db.raw('SELECT @@innodb_buffer_pool_size AS bytes');
    const logged: string[] = [];
    const before = await rowsStepped();

    const state = await warmBufferPool({ oltp: fresh.url, archive: fresh.url, warehouse: fresh.url }, (line) => logged.push(line));

    // Both indexes of the one table scanned whole (PRIMARY and the email index): 299 steps after the first row of each.
    expect((await rowsStepped()) - before).toBeGreaterThanOrEqual(2 * 299);
    expect(state).toEqual({ bufferPoolMB: Math.round(Number(pool.bytes) / 1024 / 1024), benchDataMB: 0, warmed: true });
    expect(logged).toEqual([expect.stringMatching(/^ {2}read 0 MB of tables and indexes into MariaDB's buffer pool in \d+ s$/)]);
  });
});
