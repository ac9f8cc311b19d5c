import type { EnvReader } from '../../platform/env-reader';
import { DEFAULT_PORTS } from '../../contracts/subgraphs';
import { readSubgraphServiceConfig, type SubgraphServiceConfig } from '../../platform/service-defaults';
import { systemUrlsFrom } from '../../platform/system-urls';

export interface CrmConfig extends SubgraphServiceConfig {
  port: number;
  /** The variable `port` was read from: named when the port is taken. */
  portVariable?: string;
  oltpDatabaseUrl: string;
}

/** CRM_PORT, HOST, OLTP_DATABASE_URL. */
export function readCrmConfig(env: EnvReader): CrmConfig {
  return {
    port: env.port('CRM_PORT', DEFAULT_PORTS.crm),
    portVariable: 'CRM_PORT',
    ...readSubgraphServiceConfig(env),
    oltpDatabaseUrl: systemUrlsFrom(env).oltp,
  };
}
