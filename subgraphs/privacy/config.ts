import type { EnvReader } from '../../platform/env-reader';
import { DEFAULT_PORTS, readHost, readInternalTokenSecret } from '../../platform/service-defaults';
import { auditDatabaseUrlFrom } from '../../platform/system-urls';

export interface PrivacyConfig {
  port: number;
  host: string;
  internalTokenSecret: string;
  auditDatabaseUrl: string;
}

/** PRIVACY_PORT, HOST, AUDIT_DATABASE_URL. */
export function readPrivacyConfig(env: EnvReader): PrivacyConfig {
  return {
    port: env.port('PRIVACY_PORT', DEFAULT_PORTS.privacy),
    host: readHost(env),
    internalTokenSecret: readInternalTokenSecret(env),
    auditDatabaseUrl: auditDatabaseUrlFrom(env),
  };
}
