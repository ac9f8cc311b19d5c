import { describeMysql } from '../test/support/mysql';
import { freshStoreDatabase } from '../test/support/store-database';
import { warmBufferPool } from './buffer-pool';

describeMysql("warming MariaDB's buffer pool with the bench's data", () => {
  const fresh = freshStoreDatabase('mysql', 'warm_pool');
  const logged: string[] = [];
  const log = (line: string) => logged.push(line);
  beforeEach(() => {
    logged.length = 0;
  });

  it('reads every index of every table once, whatever their names hold, and says how much it read', async () => {
    // Names that knex's identifier binding would read as syntax: a dot, a backtick, " as ".
    await fresh.db.raw('CREATE TABLE `odd.na``me` (id INT PRIMARY KEY, email VARCHAR(40) NOT NULL, INDEX `by email as x` (email))');
    const rows = Array.from({ length: 300 }, (_, i) => `(${i + 1}, 'c${i}@example.com')`).join(',');
    await fresh.db.raw(`INSERT INTO \`odd.na\`\`me\` (id, email) VALUES ${rows}`);
    const rowsStepped = async () => Number((await fresh.db.raw("SHOW GLOBAL STATUS LIKE 'Handler_read_next'"))[0][0].Value);
    const [[pool]] = await fresh.db.raw('SELECT @@innodb_buffer_pool_size AS bytes');
    const before = await rowsStepped();

    const state = await warmBufferPool({ oltp: fresh.url, archive: fresh.url, warehouse: fresh.url }, log);

    expect(state).toEqual({ bufferPoolMB: Math.round(Number(pool.bytes) / 1024 / 1024), benchDataMB: 0, indexesRead: 2, warmed: true });
    // Both indexes scanned whole (PRIMARY and the email index): 299 steps after the first row of each.
    expect((await rowsStepped()) - before).toBeGreaterThanOrEqual(2 * 299);
    expect(logged).toEqual([expect.stringMatching(/^ {2}read 0 MB of tables and indexes into MariaDB's buffer pool in \d+ s$/)]);
  });

  it('only says so when the server does not answer, and refuses systems spread over several servers', async () => {
    const nowhere = 'mysql://root@127.0.0.1:1/cg_bench_none';
    expect(await warmBufferPool({ oltp: nowhere, archive: nowhere, warehouse: nowhere }, log)).toEqual({
      bufferPoolMB: 0,
      benchDataMB: 0,
      indexesRead: 0,
      warmed: false,
    });
    expect(logged).toEqual([expect.stringMatching(/^ {2}could not read the bench data into MariaDB's buffer pool \(.+\): figures may/)]);
    await expect(warmBufferPool({ oltp: fresh.url, archive: nowhere, warehouse: fresh.url }, log)).rejects.toThrow(
      'The bench keeps every system of record on one MariaDB server (BENCH_MYSQL_URL)',
    );
  });
});
