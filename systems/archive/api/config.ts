import type { EnvReader } from '../../../platform/env-reader';
import { DEFAULT_PORTS } from '../../../contracts/subgraphs';
import { readHost } from '../../../platform/service-defaults';
import { systemUrlsFrom } from '../../../platform/system-urls';

export interface ArchiveApiConfig {
  port: number;
  /** The variable `port` was read from: named when the port is taken. */
  portVariable?: string;
  host: string;
  databaseUrl: string;
}

/** ARCHIVE_API_PORT, HOST, ARCHIVE_DATABASE_URL. */
export function readArchiveApiConfig(env: EnvReader): ArchiveApiConfig {
  return {
    port: env.port('ARCHIVE_API_PORT', DEFAULT_PORTS.archiveApi),
    portVariable: 'ARCHIVE_API_PORT',
    host: readHost(env),
    databaseUrl: systemUrlsFrom(env).archive,
  };
}
