import type { EnvReader } from '../../platform/env-reader';
import { DEFAULT_PORTS, readHost, readInternalTokenSecret } from '../../platform/service-defaults';
import { systemUrlsFrom } from '../../platform/system-urls';

export interface CrmConfig {
  port: number;
  host: string;
  internalTokenSecret: string;
  oltpDatabaseUrl: string;
}

/** CRM_PORT, HOST, OLTP_DATABASE_URL. */
export function readCrmConfig(env: EnvReader): CrmConfig {
  return { port: env.port('CRM_PORT', DEFAULT_PORTS.crm), host: readHost(env), internalTokenSecret: readInternalTokenSecret(env), oltpDatabaseUrl: systemUrlsFrom(env).oltp };
}
