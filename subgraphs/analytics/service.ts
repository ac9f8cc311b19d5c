import 'reflect-metadata';
import type { Logger } from '../../platform/logger';
import { connectDatabase } from '../../platform/database';
import { systemUrlsFrom } from '../../platform/system-urls';
import { defineSubgraph } from '../../subgraph-kit/define-subgraph';
import { CrmProtectionReader } from './crm-protection.reader';
import { AnalyticsLoaders } from './loaders';
import { buildAnalyticsSchema } from './schema';
import { DEFAULT_WAREHOUSE_CACHE, WarehouseAnswerCache, type WarehouseCacheOptions } from './warehouse-answer-cache';
import { WarehouseRepository } from './warehouse.repository';

/**
 * The analytics subgraph over the warehouse, read-only, and — read-only, two connections — the OLTP
 * database, for the one thing the warehouse cannot know: who may be listed now (restriction, consent).
 * ANALYTICS_PORT, HOST, WAREHOUSE_DATABASE_URL, OLTP_DATABASE_URL, WAREHOUSE_CACHE_ENTRIES,
 * WAREHOUSE_LOAD_CHECK_SECONDS.
 */
export const analyticsSubgraph = defineSubgraph({
  name: 'analytics',
  readSettings: (env) => ({
    warehouseDatabaseUrl: systemUrlsFrom(env).warehouse,
    oltpDatabaseUrl: systemUrlsFrom(env).oltp,
    warehouseCache: {
      entries: env.integer('WAREHOUSE_CACHE_ENTRIES', DEFAULT_WAREHOUSE_CACHE.entries, { min: 0, max: 10_000_000 }),
      checkEveryMs:
        env.integer('WAREHOUSE_LOAD_CHECK_SECONDS', DEFAULT_WAREHOUSE_CACHE.checkEveryMs / 1000, { min: 0, max: 86_400 }) * 1000,
    },
  }),
  buildSchema: buildAnalyticsSchema,
  connect: (settings: { warehouseDatabaseUrl: string; oltpDatabaseUrl: string; warehouseCache: WarehouseCacheOptions; logger: Logger }) => {
    const { logger } = settings;
    const db = connectDatabase(settings.warehouseDatabaseUrl, { readOnly: true, logger });
    const oltp = connectDatabase(settings.oltpDatabaseUrl, { readOnly: true, poolMax: 2, logger });
    const warehouse = new WarehouseRepository(db);
    const crm = new CrmProtectionReader(oltp);
    return { db, oltp, warehouse, crm, cache: new WarehouseAnswerCache(() => warehouse.currentLoad(), settings.warehouseCache) };
  },
  createLoaders: ({ warehouse, cache, crm }, principal, observeBatch) =>
    new AnalyticsLoaders(warehouse, cache, principal, observeBatch, crm),
  // Ready with the warehouse: should the OLTP not answer, only customersWhere fails (UPSTREAM_UNAVAILABLE).
  checkReady: ({ warehouse }) => warehouse.ping(),
  databases: ({ db, oltp }) => [
    { system: 'warehouse', db },
    { system: 'oltp', db: oltp },
  ],
  stop: async ({ db, oltp }) => {
    await Promise.all([db.destroy(), oltp.destroy()]);
  },
});
