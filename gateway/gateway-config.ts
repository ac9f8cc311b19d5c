import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { EnvReader } from '../platform/env-reader';
import { DEFAULT_PORTS, SUBGRAPH_NAMES, type SubgraphName } from '../contracts/subgraphs';
import { readHost, readMetricsToken, readProduction } from '../platform/service-defaults';
import { PERSISTED_OPERATIONS_DIR } from './persisted/manifest';
import type { PersistedOperationsMode } from './persisted/resolve-persisted-operation';
import { auditDatabaseUrlFrom } from '../platform/system-urls';
import { DEFAULT_POLICY_PATH } from '../policy/policy';
import { DEFAULT_SUPERGRAPH_PATH } from '../platform/supergraph-file';
import { fromProjectRoot } from '../platform/project-root';
import { type IdentityConfig, readIdentityConfig } from './identity/identity-config';
import type { RateLimitConfig } from './limits/rate-limits';
import { readCorsOrigins } from './cors';

export const DEFAULT_SUBGRAPH_TIMEOUT_MS = 10_000;
/**
 * Requests in flight to each subgraph from one gateway process; more wait their turn in the gateway.
 * A subgraph's CPU per request grows with the requests it holds at once (their objects outlive young
 * collections): measured on a page of 100 customers, the crm's 9.2 ms at 16 in flight were 14.2 at 50.
 */
export const DEFAULT_SUBGRAPH_CONNECTIONS = 16;
const PRIVACY_TIMEOUT_MS = 60_000;

export interface GatewayConfig {
  port: number;
  /** GATEWAY_PORT: named when the port is taken. */
  portVariable?: string;
  host: string;
  supergraphPath: string;
  /** Where each subgraph really is, when not at the routing URL in the supergraph. */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  identity: IdentityConfig;
  policyPath: string;
  audit: { databaseUrl: string; spoolFile: string };
  persistedOperations: { dir: string; mode: PersistedOperationsMode };
  /** Shared cache for automatic persisted queries across replicas; in memory without it. */
  redisUrl?: string;
  production: boolean;
  rateLimits: RateLimitConfig;
  /** Bearer token a scraper must present at /metrics (in production /metrics exists only with it). */
  metricsToken?: string;
  /** How long the gateway waits for each subgraph before answering without it. */
  subgraphTimeoutsMs: Record<SubgraphName, number>;
  /** SUBGRAPH_CONNECTIONS: requests in flight to each subgraph from this process (DEFAULT_SUBGRAPH_CONNECTIONS when not given). */
  subgraphConnections?: number;
  /** Processes serving the port (GATEWAY_WORKERS, a number or `all` for one per core). */
  workers: number;
  /** Apollo Sandbox at GET /graphql (on in development; in production only with SANDBOX=on). */
  sandbox: boolean;
  /** CORS_ORIGINS: the browser origins allowed to call /graphql (exact origins; none by default). */
  corsOrigins: string[];
}

/**
 * GATEWAY_PORT, HOST, SUPERGRAPH_PATH, POLICY_PATH, CRM_URL, ARCHIVE_URL, ANALYTICS_URL, PRIVACY_URL,
 * AUDIT_DATABASE_URL, AUDIT_SPOOL_FILE, GATEWAY_WORKERS, RATE_LIMIT_PER_CLIENT, RATE_LIMIT_PER_SUBJECT,
 * SUBGRAPH_TIMEOUT_MS (and CRM_TIMEOUT_MS etc. per subgraph), SUBGRAPH_CONNECTIONS, METRICS_TOKEN, CORS_ORIGINS and the identity settings
 * (every one described in docs/operations.md).
 */
export function readGatewayConfig(env: EnvReader): GatewayConfig {
  const subgraphUrls: Partial<Record<SubgraphName, string>> = {};
  const timeout = (variable: string, fallback: number) => env.integer(variable, fallback, { min: 100, max: 300_000 });
  const defaultTimeout = timeout('SUBGRAPH_TIMEOUT_MS', DEFAULT_SUBGRAPH_TIMEOUT_MS);
  const subgraphTimeoutsMs = {} as Record<SubgraphName, number>;
  for (const name of SUBGRAPH_NAMES) {
    const url = env.optionalUrl(`${name.toUpperCase()}_URL`, ['http:', 'https:']);
    if (url) subgraphUrls[name] = url;
    // A subject-access export reads many pages through the gateway before the privacy subgraph answers.
    const fallback = name === 'privacy' && env.string('SUBGRAPH_TIMEOUT_MS', '') === '' ? PRIVACY_TIMEOUT_MS : defaultTimeout;
    subgraphTimeoutsMs[name] = timeout(`${name.toUpperCase()}_TIMEOUT_MS`, fallback);
  }
  const supergraphPath = env.string('SUPERGRAPH_PATH', DEFAULT_SUPERGRAPH_PATH);
  if (!existsSync(supergraphPath)) env.reject(`SUPERGRAPH_PATH must name an existing file (got "${supergraphPath}")`);
  const production = readProduction(env);
  const policyPath = env.string('POLICY_PATH', DEFAULT_POLICY_PATH);
  if (!existsSync(policyPath)) env.reject(`POLICY_PATH must name an existing file (got "${policyPath}")`);
  return {
    port: env.port('GATEWAY_PORT', DEFAULT_PORTS.gateway),
    portVariable: 'GATEWAY_PORT',
    host: readHost(env),
    supergraphPath,
    subgraphUrls,
    identity: readIdentityConfig(env),
    policyPath,
    audit: {
      databaseUrl: auditDatabaseUrlFrom(env),
      spoolFile: env.string('AUDIT_SPOOL_FILE', fromProjectRoot('data', 'audit-spool.jsonl')),
    },
    persistedOperations: {
      dir: env.string('PERSISTED_OPERATIONS_DIR', PERSISTED_OPERATIONS_DIR),
      mode: env.oneOf('PERSISTED_OPERATIONS', ['allow', 'require'] as const, 'allow'),
    },
    redisUrl: env.optionalUrl('REDIS_URL', ['redis:', 'rediss:']),
    production,
    rateLimits: {
      perClientPerMinute: env.integer('RATE_LIMIT_PER_CLIENT', 6000, { min: 0, max: 100_000_000 }),
      perSubjectPerMinute: env.integer('RATE_LIMIT_PER_SUBJECT', 600, { min: 0, max: 100_000_000 }),
    },
    metricsToken: readMetricsToken(env),
    subgraphTimeoutsMs,
    subgraphConnections: env.integer('SUBGRAPH_CONNECTIONS', DEFAULT_SUBGRAPH_CONNECTIONS, { min: 1, max: 1024 }),
    workers: env.string('GATEWAY_WORKERS', '1') === 'all' ? availableParallelism() : env.integer('GATEWAY_WORKERS', 1, { min: 1, max: 64 }),
    sandbox: production
      ? env.oneOf('SANDBOX', ['on', 'off'] as const, 'off') === 'on'
      : env.oneOf('SANDBOX', ['on', 'off'] as const, 'on') === 'on',
    corsOrigins: readCorsOrigins(env),
  };
}
