import type { EnvReader } from '../../platform/env-reader';
import { DEFAULT_PORTS, readHost, readInternalTokenSecret } from '../../platform/service-defaults';
import { systemUrlsFrom } from '../../platform/system-urls';

export interface AnalyticsConfig {
  port: number;
  host: string;
  internalTokenSecret: string;
  warehouseDatabaseUrl: string;
}

/** ANALYTICS_PORT, HOST, WAREHOUSE_DATABASE_URL. */
export function readAnalyticsConfig(env: EnvReader): AnalyticsConfig {
  return { port: env.port('ANALYTICS_PORT', DEFAULT_PORTS.analytics), host: readHost(env), internalTokenSecret: readInternalTokenSecret(env), warehouseDatabaseUrl: systemUrlsFrom(env).warehouse };
}
