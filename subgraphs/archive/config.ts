import type { EnvReader } from '../../platform/env-reader';
import { DEFAULT_PORTS } from '../../contracts/subgraphs';
import { readSubgraphServiceConfig, type SubgraphServiceConfig } from '../../platform/service-defaults';

export interface ArchiveConfig extends SubgraphServiceConfig {
  port: number;
  /** The variable `port` was read from: named when the port is taken. */
  portVariable?: string;
  /** The records archive's HTTP API. */
  archiveApiUrl: string;
}

/** ARCHIVE_PORT, HOST, ARCHIVE_API_URL. */
export function readArchiveConfig(env: EnvReader): ArchiveConfig {
  return {
    port: env.port('ARCHIVE_PORT', DEFAULT_PORTS.archive),
    portVariable: 'ARCHIVE_PORT',
    ...readSubgraphServiceConfig(env),
    archiveApiUrl: env.url('ARCHIVE_API_URL', `http://127.0.0.1:${DEFAULT_PORTS.archiveApi}`),
  };
}
