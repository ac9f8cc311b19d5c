import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SystemUrls } from '../../platform/system-urls';
import { seedSystems } from '../../systems/seed/seed-systems';
import { dropSystemDatabase, openSystemDatabase } from '../../systems/system-database';
import { mysqlAvailable, TEST_MYSQL_URL } from './mysql';

export type Backend = 'mysql' | 'sqlite';

/** The backends this run covers: SQLite always, MariaDB/MySQL when reachable. */
export function testBackends(): Backend[] {
  return mysqlAvailable() ? ['mysql', 'sqlite'] : ['sqlite'];
}

export interface TestSystems {
  urls: SystemUrls;
  /** The gateway's audit store and spool file. */
  audit: { databaseUrl: string; spoolFile: string };
  drop(): Promise<void>;
}

/** Fresh, uniquely named OLTP, archive and warehouse databases, seeded deterministically. */
export async function createTestSystems(backend: Backend, customers: number, seed = 'test'): Promise<TestSystems> {
  const systems = backend === 'mysql' ? mysqlUrls() : sqliteUrls();
  await seedSystems({ urls: systems.urls, customers, seed, recreate: true });
  if (backend === 'mysql') await (await openSystemDatabase(systems.audit.databaseUrl, { recreate: true })).destroy();
  return systems;
}

function mysqlUrls(): TestSystems {
  const suffix = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const base = TEST_MYSQL_URL.replace(/\/+$/, '');
  const urls = {
    oltp: `${base}/cgt_${suffix}_oltp`,
    archive: `${base}/cgt_${suffix}_archive`,
    warehouse: `${base}/cgt_${suffix}_warehouse`,
  };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'customer-graph-'));
  const audit = { databaseUrl: `${base}/cgt_${suffix}_audit`, spoolFile: path.join(dir, 'audit-spool.jsonl') };
  return {
    urls,
    audit,
    drop: async () => {
      await Promise.all([...Object.values(urls), audit.databaseUrl].map(dropSystemDatabase));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function sqliteUrls(): TestSystems {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'customer-graph-'));
  const urls = {
    oltp: `sqlite:${path.join(dir, 'oltp.sqlite')}`,
    archive: `sqlite:${path.join(dir, 'archive.sqlite')}`,
    warehouse: `sqlite:${path.join(dir, 'warehouse.sqlite')}`,
  };
  const audit = { databaseUrl: `sqlite:${path.join(dir, 'audit.sqlite')}`, spoolFile: path.join(dir, 'audit-spool.jsonl') };
  return { urls, audit, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}
