import type { EnvReader } from '../../platform/env-reader';
import { DEFAULT_PORTS, readHost, readInternalTokenSecret } from '../../platform/service-defaults';

export interface ArchiveConfig {
  port: number;
  host: string;
  internalTokenSecret: string;
  /** The records archive's HTTP API. */
  archiveApiUrl: string;
}

/** ARCHIVE_PORT, HOST, ARCHIVE_API_URL. */
export function readArchiveConfig(env: EnvReader): ArchiveConfig {
  return {
    port: env.port('ARCHIVE_PORT', DEFAULT_PORTS.archive),
    host: readHost(env), internalTokenSecret: readInternalTokenSecret(env),
    archiveApiUrl: env.url('ARCHIVE_API_URL', `http://127.0.0.1:${DEFAULT_PORTS.archiveApi}`),
  };
}
