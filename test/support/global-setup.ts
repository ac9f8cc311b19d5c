import { MYSQL_AVAILABLE_FLAG, mysqlReachable, TEST_MYSQL_URL } from './mysql';

/**
 * Decides once whether the MariaDB/MySQL suites run. Locally an unreachable server
 * is a loud skip; under CI it is a failure.
 */
export default async function globalSetup(): Promise<void> {
  const reachable = await mysqlReachable();
  process.env[MYSQL_AVAILABLE_FLAG] = reachable ? '1' : '0';
  if (reachable) return;
  const message = `MariaDB/MySQL is not reachable at ${TEST_MYSQL_URL} (set TEST_MYSQL_URL)`;
  if (process.env.CI === 'true') throw new Error(`${message}: CI needs it.`);
  console.warn(`\n*** ${message}: SKIPPING the MySQL suites; only SQLite runs. ***\n`);
}
