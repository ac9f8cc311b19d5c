import type { EnvReader } from '../../platform/env-reader';
import { DEFAULT_PORTS } from '../../contracts/subgraphs';
import { readSubgraphServiceConfig, type SubgraphServiceConfig } from '../../platform/service-defaults';
import { auditDatabaseUrlFrom } from '../../platform/system-urls';

export interface PrivacyConfig extends SubgraphServiceConfig {
  port: number;
  /** The variable `port` was read from: named when the port is taken. */
  portVariable?: string;
  auditDatabaseUrl: string;
}

/** PRIVACY_PORT, HOST, AUDIT_DATABASE_URL. */
export function readPrivacyConfig(env: EnvReader): PrivacyConfig {
  return {
    port: env.port('PRIVACY_PORT', DEFAULT_PORTS.privacy),
    portVariable: 'PRIVACY_PORT',
    ...readSubgraphServiceConfig(env),
    auditDatabaseUrl: auditDatabaseUrlFrom(env),
  };
}
