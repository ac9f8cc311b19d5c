import { type Env, EnvReader } from '../platform/env-reader';
import { fromProjectRoot } from '../platform/project-root';
import type { SystemUrls } from './seed/seed-systems';

const DATABASE_PROTOCOLS = ['mysql:', 'mariadb:', 'sqlite:'];

/** Where the systems of record live: the environment's URLs, or embedded SQLite files under data/. */
export function systemUrlsFrom(env: EnvReader): SystemUrls {
  return {
    oltp: env.url('OLTP_DATABASE_URL', embedded('oltp'), DATABASE_PROTOCOLS),
    archive: env.url('ARCHIVE_DATABASE_URL', embedded('archive'), DATABASE_PROTOCOLS),
    warehouse: env.url('WAREHOUSE_DATABASE_URL', embedded('warehouse'), DATABASE_PROTOCOLS),
  };
}

export function readSystemUrls(source: Env = process.env): SystemUrls {
  const env = new EnvReader(source);
  const urls = systemUrlsFrom(env);
  env.assertValid();
  return urls;
}

function embedded(system: string): string {
  return `sqlite:${fromProjectRoot('data', `${system}.sqlite`)}`;
}
