import { type Env, EnvReader } from './env-reader';
import { fromProjectRoot } from './project-root';

/** Where the company's systems of record are. */
export interface SystemUrls {
  oltp: string;
  archive: string;
  warehouse: string;
}

export const DATABASE_PROTOCOLS = ['mysql:', 'mariadb:', 'sqlite:'];

/** The environment's URLs, or the embedded SQLite stand-ins under data/. */
export function systemUrlsFrom(env: EnvReader): SystemUrls {
  return {
    oltp: env.url('OLTP_DATABASE_URL', embeddedSystemUrl('oltp'), DATABASE_PROTOCOLS),
    archive: env.url('ARCHIVE_DATABASE_URL', embeddedSystemUrl('archive'), DATABASE_PROTOCOLS),
    warehouse: env.url('WAREHOUSE_DATABASE_URL', embeddedSystemUrl('warehouse'), DATABASE_PROTOCOLS),
  };
}

export function readSystemUrls(source: Env = process.env): SystemUrls {
  const env = new EnvReader(source);
  const urls = systemUrlsFrom(env);
  env.assertValid();
  return urls;
}

function embeddedSystemUrl(system: keyof SystemUrls): string {
  return `sqlite:${fromProjectRoot('data', `${system}.sqlite`)}`;
}

/** AUDIT_DATABASE_URL: the gateway's own audit store (embedded SQLite by default). */
export function auditDatabaseUrlFrom(env: EnvReader): string {
  return env.url('AUDIT_DATABASE_URL', `sqlite:${fromProjectRoot('data', 'audit.sqlite')}`, DATABASE_PROTOCOLS);
}
