import type { EnvReader } from '../../platform/env-reader';
import { DEFAULT_PORTS } from '../../contracts/subgraphs';
import { readSubgraphServiceConfig, type SubgraphServiceConfig } from '../../platform/service-defaults';
import { systemUrlsFrom } from '../../platform/system-urls';
import { DEFAULT_WAREHOUSE_CACHE, type WarehouseCacheOptions } from './warehouse-answer-cache';

export interface AnalyticsConfig extends SubgraphServiceConfig {
  port: number;
  /** The variable `port` was read from: named when the port is taken. */
  portVariable?: string;
  warehouseDatabaseUrl: string;
  warehouseCache: WarehouseCacheOptions;
}

/** ANALYTICS_PORT, HOST, WAREHOUSE_DATABASE_URL, WAREHOUSE_CACHE_ENTRIES, WAREHOUSE_LOAD_CHECK_SECONDS. */
export function readAnalyticsConfig(env: EnvReader): AnalyticsConfig {
  return {
    port: env.port('ANALYTICS_PORT', DEFAULT_PORTS.analytics),
    portVariable: 'ANALYTICS_PORT',
    ...readSubgraphServiceConfig(env),
    warehouseDatabaseUrl: systemUrlsFrom(env).warehouse,
    warehouseCache: {
      entries: env.integer('WAREHOUSE_CACHE_ENTRIES', DEFAULT_WAREHOUSE_CACHE.entries, { min: 0, max: 10_000_000 }),
      checkEveryMs:
        env.integer('WAREHOUSE_LOAD_CHECK_SECONDS', DEFAULT_WAREHOUSE_CACHE.checkEveryMs / 1000, { min: 0, max: 86_400 }) * 1000,
    },
  };
}
