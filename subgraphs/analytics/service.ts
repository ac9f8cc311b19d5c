import 'reflect-metadata';
import { connectDatabase } from '../../platform/database';
import { systemUrlsFrom } from '../../platform/system-urls';
import { defineSubgraph } from '../../subgraph-kit/define-subgraph';
import { AnalyticsLoaders } from './loaders';
import { buildAnalyticsSchema } from './schema';
import { DEFAULT_WAREHOUSE_CACHE, WarehouseAnswerCache, type WarehouseCacheOptions } from './warehouse-answer-cache';
import { WarehouseRepository } from './warehouse.repository';

/**
 * The analytics subgraph over the warehouse, read-only.
 * ANALYTICS_PORT, HOST, WAREHOUSE_DATABASE_URL, WAREHOUSE_CACHE_ENTRIES, WAREHOUSE_LOAD_CHECK_SECONDS.
 */
export const analyticsSubgraph = defineSubgraph({
  name: 'analytics',
  readSettings: (env) => ({
    warehouseDatabaseUrl: systemUrlsFrom(env).warehouse,
    warehouseCache: {
      entries: env.integer('WAREHOUSE_CACHE_ENTRIES', DEFAULT_WAREHOUSE_CACHE.entries, { min: 0, max: 10_000_000 }),
      checkEveryMs:
        env.integer('WAREHOUSE_LOAD_CHECK_SECONDS', DEFAULT_WAREHOUSE_CACHE.checkEveryMs / 1000, { min: 0, max: 86_400 }) * 1000,
    },
  }),
  buildSchema: buildAnalyticsSchema,
  connect: ({ warehouseDatabaseUrl, warehouseCache }: { warehouseDatabaseUrl: string; warehouseCache: WarehouseCacheOptions }) => {
    const db = connectDatabase(warehouseDatabaseUrl, { readOnly: true });
    const warehouse = new WarehouseRepository(db);
    return { db, warehouse, cache: new WarehouseAnswerCache(() => warehouse.currentLoad(), warehouseCache) };
  },
  createLoaders: ({ warehouse, cache }, principal, observeBatch) => new AnalyticsLoaders(warehouse, cache, principal, observeBatch),
  checkReady: ({ warehouse }) => warehouse.ping(),
  databases: ({ db }) => [{ system: 'warehouse', db }],
  stop: ({ db }) => db.destroy(),
});
