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

/** Where the records API is reached (ARCHIVE_API_URL): the archive subgraph's records, the crm's legacy account numbers. */
export function archiveApiUrlFrom(env: EnvReader): string {
  return env.url('ARCHIVE_API_URL', DEFAULT_ARCHIVE_API_URL);
}

export const DEFAULT_ARCHIVE_API_URL = `http://127.0.0.1:${DEFAULT_PORTS.archiveApi}`;
