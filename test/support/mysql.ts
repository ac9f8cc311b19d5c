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
