import '../platform/no-telemetry';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { AuditStore } from '../gateway/audit/audit-store';
import type { AuditRecord } from '../gateway/audit/audit-record';
import { cpuTimeMs } from '../platform/process-tree';
import { dropSystemDatabase, openSystemDatabase } from '../systems/system-database';
import { BENCH_MYSQL_BASE, localMariadbPid } from './bench-data';

/** What our gateway records for one page of customers read by the data-protection officer. */
function pageRecord(customers: number, total: number): AuditRecord {
  const first = 1_000_000 + Math.floor(Math.random() * Math.max(1, total - customers));
  const returned = ['Customer.archivedOrders', 'Customer.name', 'Customer.segment', 'Customer.valueTier'];
  const none: string[] = [];
  return {
    key: randomUUID(),
    kind: 'read',
    at: new Date().toISOString(),
    requestId: randomUUID(),
    clientRequestId: null,
    subject: 'bench@example.com',
    clientId: 'bench',
    clientKind: 'first-party',
    purpose: 'data_protection',
    operationName: 'CustomerPage',
    operationHash: 'a'.repeat(64),
    refusal: null,
    returned: none,
    masked: none,
    denied: none,
    customers: Array.from({ length: customers }, (_, i) => ({ customerId: String(first + i), returned, masked: none, denied: none })),
  };
}

/**
 * `npm run bench:audit [-- --records 1800 --batch 36 --customers 100]`: the audit trail's writes alone,
 * as the gateway makes them (the audit store, batches of records of a page of customers each), into a new
 * database on the MariaDB at BENCH_MYSQL_URL, which must run on this machine: prints MariaDB's CPU and this
 * process's per record. The database is dropped afterwards.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      records: { type: 'string', default: '1800' },
      batch: { type: 'string', default: '36' },
      customers: { type: 'string', default: '100' },
    },
  });
  const [records, batch, customers] = [values.records, values.batch, values.customers].map(Number);
  if (![records, batch, customers].every((n) => Number.isInteger(n) && n > 0))
    throw new Error('--records, --batch and --customers take whole numbers above 0');
  const mariadb = localMariadbPid();
  if (mariadb === undefined)
    throw new Error('BENCH_MYSQL_URL names no MariaDB or MySQL server running on this machine: its CPU cannot be read');
  const url = `${BENCH_MYSQL_BASE}/cg_bench_audit_writes_${process.pid}`;
  const db = await openSystemDatabase(url, { recreate: true });
  try {
    const store = new AuditStore(db);
    await store.append([pageRecord(customers, 10_000)]);
    const [server, own, started] = [cpuTimeMs(mariadb), process.cpuUsage(), Date.now()];
    for (let done = 0; done < records; done += batch) {
      await store.append(Array.from({ length: Math.min(batch, records - done) }, () => pageRecord(customers, 10_000)));
    }
    const ownMs = (({ user, system }) => (user + system) / 1000)(process.cpuUsage(own));
    const perRecord = (ms: number) => (ms / records).toFixed(3);
    console.log(
      `${records} records of ${customers} customers, ${batch} a batch, in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
        `MariaDB ${perRecord(cpuTimeMs(mariadb) - server)} ms of CPU per record, the writer ${perRecord(ownMs)}`,
    );
  } finally {
    await db.destroy();
    await dropSystemDatabase(url);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
