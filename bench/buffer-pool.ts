import { connectDatabase } from '../platform/database';
import type { BenchSystemUrls } from './bench-data';

/** What MariaDB's buffer pool holds of the bench's data when measuring starts. */
export interface BufferPoolState {
  bufferPoolMB: number;
  /** Tables and indexes of the bench's systems of record. */
  benchDataMB: number;
  /** Every table and index was read into the pool before anything was measured. */
  warmed: boolean;
}

/**
 * Reads every table and index of the bench's systems of record once, so that what is measured is the
 * product and not which pages earlier runs left in the pool: MariaDB reads around the operating system's
 * cache (O_DIRECT), so a page not in its buffer pool is a disk read. When the data does not fit in the
 * pool nothing is read (it would only evict itself) and the caller is told: figures then include disk
 * reads, which grow with the data, not with the gateway.
 */
export async function warmBufferPool(urls: BenchSystemUrls, log: (message: string) => void): Promise<BufferPoolState> {
  const databases = [...new Set(Object.values(urls).map((url) => new URL(url).pathname.slice(1)))];
  const server = connectDatabase(new URL('/', urls.oltp).href, { poolMax: 1 });
  try {
    const [[pool]] = await server.raw('SELECT @@innodb_buffer_pool_size AS bytes');
    const [[data]] = await server.raw(
      'SELECT COALESCE(SUM(data_length + index_length), 0) AS bytes FROM information_schema.tables WHERE table_schema IN (?)',
      [databases],
    );
    const state = { bufferPoolMB: megabytes(pool.bytes), benchDataMB: megabytes(data.bytes), warmed: false };
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
      // A count through one index reads every page of it; through PRIMARY, every row.
      await server.raw('SELECT COUNT(*) AS n FROM ??.?? FORCE INDEX (??)', [db, tbl, idx]);
    }
    log(
      `  read ${state.benchDataMB} MB of tables and indexes into MariaDB's buffer pool in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    return { ...state, warmed: true };
  } finally {
    await server.destroy();
  }
}

const megabytes = (bytes: unknown) => Math.round(Number(bytes) / 1024 / 1024);
