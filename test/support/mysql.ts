import path from 'node:path';
import { connectDatabase } from '../../platform/database';

export const TEST_MYSQL_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

/** Set by the global setup once it has tried to reach MariaDB/MySQL. */
export const MYSQL_AVAILABLE_FLAG = 'CUSTOMER_GRAPH_TEST_MYSQL';

export async function mysqlReachable(url = TEST_MYSQL_URL): Promise<boolean> {
  const db = connectDatabase(url, { poolMax: 1 });
  try {
    await db.raw('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await db.destroy();
  }
}

export function mysqlAvailable(): boolean {
  return process.env[MYSQL_AVAILABLE_FLAG] === '1';
}

/**
 * `describe` for a suite that runs on MariaDB/MySQL only. Locally, when the server is not
 * reachable, the suite is skipped under the global setup's notice; under CI it runs, and so
 * fails, as the global setup does.
 */
export function describeMysql(name: string, suite: () => void): void {
  (mysqlAvailable() || process.env.CI === 'true' ? describe : describe.skip)(name, suite);
}

/** The backends a store test runs on: SQLite always, MariaDB/MySQL when reachable. */
export function storeBackends(): Array<'mysql' | 'sqlite'> {
  return mysqlAvailable() ? ['mysql', 'sqlite'] : ['sqlite'];
}

/** A database URL for one store test: a database of its own on MariaDB, a file in `dir` on SQLite. */
export function storeTestUrl(backend: 'mysql' | 'sqlite', dir: string, name: string): string {
  return backend === 'mysql'
    ? `${TEST_MYSQL_URL.replace(/\/+$/, '')}/cgt_${name}_${process.pid}`
    : `sqlite:${path.join(dir, `${name}.sqlite`)}`;
}
