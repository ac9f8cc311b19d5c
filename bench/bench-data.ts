import { connectDatabase } from '../platform/database';
import { processIdNamed } from '../platform/process-tree';
import { seedSystems } from '../systems/seed/seed-systems';

/** The MariaDB server the bench reads and writes (BENCH_MYSQL_URL), without a database. */
export const BENCH_MYSQL_BASE = (process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306').replace(/\/+$/, '');

/** MariaDB's process id when the bench's server runs on this machine (its CPU is then read); undefined otherwise. */
export function localMariadbPid(): number | undefined {
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(BENCH_MYSQL_BASE).hostname);
  return local ? (processIdNamed('mariadbd') ?? processIdNamed('mysqld')) : undefined;
}

/** The audit store every bench run's gateway (and the privacy subgraph behind it) writes and reads. */
export const BENCH_AUDIT_URL = `${BENCH_MYSQL_BASE}/cg_bench_audit`;

/** Node's flags that write V8 CPU profiles into `dir` (none without one). */
export function cpuProfileFlags(dir: string | undefined): string[] {
  return dir ? ['--cpu-prof', '--cpu-prof-dir', dir] : [];
}

export interface BenchSystemUrls {
  oltp: string;
  archive: string;
  warehouse: string;
}

/** The bench's systems of record for `customers` customers (`cg_bench_<customers>_<system>`), seeded once and reused. */
export async function benchSystems(customers: number, log: (message: string) => void): Promise<BenchSystemUrls> {
  const database = (system: string) => `cg_bench_${customers}_${system}`;
  const urls = {
    oltp: `${BENCH_MYSQL_BASE}/${database('oltp')}`,
    archive: `${BENCH_MYSQL_BASE}/${database('archive')}`,
    warehouse: `${BENCH_MYSQL_BASE}/${database('warehouse')}`,
  };
  if ((await seededCustomers(database('oltp'))) !== customers) {
    log(`Seeding ${customers} customers into MariaDB (once; later runs reuse them)…`);
    const report = await seedSystems({ urls, customers, recreate: true });
    log(`  ${report.rows} rows in ${report.seconds.toFixed(0)} s`);
  }
  return urls;
}

/** Customers in an OLTP stand-in on the server, asked without connecting to a database that may not exist yet. */
async function seededCustomers(database: string): Promise<number> {
  const server = connectDatabase(BENCH_MYSQL_BASE, { poolMax: 1 });
  try {
    const [tables] = await server.raw(
      "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ? AND table_name = 'customers'",
      [database],
    );
    if (Number(tables[0].n) === 0) return 0;
    const row = await server.withSchema(database).from('customers').count({ n: '*' }).first();
    return Number(row?.n ?? 0);
  } finally {
    await server.destroy();
  }
}
