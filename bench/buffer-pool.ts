import { connectDatabase } from '../platform/database';
import type { BenchSystemUrls } from './bench-data';

/** What MariaDB's buffer pool holds of the bench's data when measuring starts. */
export interface BufferPoolState {
  bufferPoolMB: number;
  /** Tables and indexes of the bench's systems of record. */
  benchDataMB: number;
  /** Indexes read whole into the pool before anything was measured (a table's rows are its PRIMARY index). */
  indexesRead: number;
  warmed: boolean;
}

/**
 * Reads every index of the bench's systems of record once (the rows with PRIMARY, all but long texts kept off
 * the row), so that what is measured is the product and not which pages earlier runs left in the pool: MariaDB
 * reads around the operating system's cache (O_DIRECT), so a page not in its buffer pool is a disk read. When the
 * data does not fit in the pool nothing is read (it would only evict itself) and the caller is told: figures then
 * include disk reads, which grow with the data, not with the gateway. A server that will not say is only a notice.
 */
export async function warmBufferPool(urls: BenchSystemUrls, log: (message: string) => void): Promise<BufferPoolState> {
  const servers = new Set(Object.values(urls).map((url) => new URL('/', url).href));
  if (servers.size > 1) throw new Error('The bench keeps every system of record on one MariaDB server (BENCH_MYSQL_URL)');
  const databases = [...new Set(Object.values(urls).map((url) => decodeURIComponent(new URL(url).pathname.slice(1))))];
  const server = connectDatabase([...servers][0], { poolMax: 1 });
  const state: BufferPoolState = { bufferPoolMB: 0, benchDataMB: 0, indexesRead: 0, warmed: false };
  try {
    const [[pool]] = await server.raw('SELECT @@innodb_buffer_pool_size AS bytes');
    const [[data]] = await server.raw(
      'SELECT COALESCE(SUM(data_length + index_length), 0) AS bytes FROM information_schema.tables WHERE table_schema IN (?)',
      [databases],
    );
    state.bufferPoolMB = megabytes(pool.bytes);
    state.benchDataMB = megabytes(data.bytes);
    if (Number(data.bytes) > Number(pool.bytes)) {
      log(
        `MariaDB's buffer pool (${state.bufferPoolMB} MB) cannot hold the bench data (${state.benchDataMB} MB): ` +
          'reads go to disk and latencies grow with the data (docs/performance.md, "A million customers").',
      );
      return state;
    }
    const [indexes] = await server.raw(
      'SELECT DISTINCT table_schema AS db, table_name AS tbl, index_name AS idx FROM information_schema.statistics ' +
        'WHERE table_schema IN (?)',
      [databases],
    );
    const started = Date.now();
    for (const { db, tbl, idx } of indexes as Array<{ db: string; tbl: string; idx: string }>) {
      // A count through one index reads every page of it.
      await server.raw(`SELECT COUNT(*) AS n FROM ${identifier(db)}.${identifier(tbl)} FORCE INDEX (${identifier(idx)})`);
      state.indexesRead++;
    }
    log(
      `  read ${state.benchDataMB} MB of tables and indexes into MariaDB's buffer pool in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    state.warmed = true;
    return state;
  } catch (error) {
    log(`  could not read the bench data into MariaDB's buffer pool (${(error as Error).message}): figures may include disk reads`);
    return state;
  } finally {
    await server.destroy();
  }
}

/** A name as MySQL quotes it, whatever it holds (knex's `??` would read a dot or " as " in it as syntax). */
function identifier(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

const megabytes = (bytes: unknown) => Math.round(Number(bytes) / 1024 / 1024);
