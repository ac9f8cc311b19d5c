import type { EnvReader } from './env-reader';

/** Where each service listens unless told otherwise; the composed supergraph routes to these. */
export const DEFAULT_PORTS = { gateway: 4000, crm: 4001, archive: 4002, analytics: 4003, archiveApi: 4010 } as const;

/** The interface every service listens on (`0.0.0.0` in containers). */
export function readHost(env: EnvReader): string {
  const host = env.string('HOST', '127.0.0.1');
  if (!/^[A-Za-z0-9.:-]+$/.test(host)) env.reject(`HOST must be a host name or IP address (got "${host}")`);
  return host;
}
