import type { EnvReader } from './env-reader';
import { DEV_INTERNAL_TOKEN_SECRET } from '../contracts/internal-token';

/** The interface every service listens on (`0.0.0.0` in containers). */
export function readHost(env: EnvReader): string {
  const host = env.string('HOST', '127.0.0.1');
  if (!/^[A-Za-z0-9.:-]+$/.test(host)) env.reject(`HOST must be a host name or IP address (got "${host}")`);
  return host;
}

export function readProduction(env: EnvReader): boolean {
  return env.oneOf('NODE_ENV', ['development', 'production', 'test'], 'development') === 'production';
}

/**
 * A secret that has a published development default. In production the default
 * would let anyone mint tokens, so it must be set.
 */
export function readSecret(env: EnvReader, name: string, developmentDefault: string, production: boolean): string {
  const value = env.string(name, '');
  if (value) {
    if (value.length < 32) env.reject(`${name} must be at least 32 characters`);
    return value;
  }
  if (production) env.reject(`${name} must be set in production`);
  return developmentDefault;
}

/** INTERNAL_TOKEN_SECRET: shared by the gateway and every subgraph. */
export function readInternalTokenSecret(env: EnvReader): string {
  return readSecret(env, 'INTERNAL_TOKEN_SECRET', DEV_INTERNAL_TOKEN_SECRET, readProduction(env));
}

/** METRICS_TOKEN: what a Prometheus scraper presents at /metrics (at least 16 characters). */
export function readMetricsToken(env: EnvReader): string | undefined {
  const token = env.string('METRICS_TOKEN', '');
  if (token === '') return undefined;
  if (token.length < 16) env.reject('METRICS_TOKEN must be at least 16 characters');
  return token;
}

export interface SubgraphServiceConfig {
  host: string;
  internalTokenSecret: string;
  metricsToken?: string;
  production: boolean;
}

/** HOST, INTERNAL_TOKEN_SECRET, METRICS_TOKEN and NODE_ENV: read alike by every subgraph. */
export function readSubgraphServiceConfig(env: EnvReader): SubgraphServiceConfig {
  return {
    host: readHost(env),
    internalTokenSecret: readInternalTokenSecret(env),
    metricsToken: readMetricsToken(env),
    production: readProduction(env),
  };
}
