import type { GatewayConfig } from '../../gateway/gateway-config';
import { DEFAULT_SUPERGRAPH_PATH } from '../../platform/supergraph-file';
import { PERSISTED_OPERATIONS_DIR } from '../../gateway/persisted/manifest';
import { mintDevelopmentToken, type TokenRequest } from '../../gateway/identity/development-token';
import type { WarehouseCacheOptions } from '../../subgraphs/analytics/warehouse-answer-cache';
import type { IdentityConfig } from '../../gateway/identity/identity-config';
import { DEFAULT_POLICY_PATH, loadPolicy } from '../../policy/policy';
import { createLogger, type Logger } from '../../platform/logger';
import { type Stack, startStack } from '../../scripts/start-stack';
import type { TestSystems } from './backends';
import { RecordingProxy } from './recording-proxy';
import type { SubgraphName } from '../../contracts/subgraphs';
import { internalTokenKey, signInternalToken } from '../../contracts/internal-token';
import type { Principal } from '../../contracts/principal';

const host = '127.0.0.1';
export const TEST_INTERNAL_SECRET = 'test-internal-token-secret-0123456789abcdef';
export const TEST_IDENTITY: IdentityConfig = {
  secret: 'test-jwt-secret-0123456789abcdef-0123456789',
  issuer: 'customer-graph-test',
  audience: 'customer-graph',
  internalTokenSecret: TEST_INTERNAL_SECRET,
};

/** The real stack (archive API, three subgraphs, gateway) on ephemeral ports. */
export interface TestStackOptions {
  identity?: IdentityConfig;
  policyPath?: string;
  gateway?: Partial<GatewayConfig>;
  /** Off by default, so statement counts measure the query plan; the cache has its own tests. */
  warehouseCache?: WarehouseCacheOptions;
  logger?: (service: string) => Logger;
  /** The crm's write connection (OLTP_WRITE_DATABASE_URL); the OLTP's own URL by default. */
  oltpWriteDatabaseUrl?: string;
  /**
   * The URL a service connects with as its own database user (systems/database-users.ts), given the
   * user's name and the system's URL; by default every service connects as the systems' URLs say.
   */
  asUser?: (user: string, url: string) => string;
}

/** The test stack, and what was asked through a recording proxy (of each subgraph by the gateway, of the records API by archive). */
export interface TestStack extends Stack {
  recorded: Record<SubgraphName | 'archiveApi', RecordingProxy>;
}

export async function startTestStack(systems: TestSystems, options: TestStackOptions = {}): Promise<TestStack> {
  const { urls, audit } = systems;
  const as = options.asUser ?? ((_user: string, url: string) => url);
  const service = { port: 0, host, internalTokenSecret: TEST_INTERNAL_SECRET, production: false };
  const recorded: Partial<Record<SubgraphName | 'archiveApi', RecordingProxy>> = {};
  const closeProxies = () => Promise.all(Object.values(recorded).map((proxy) => proxy.close()));
  const routeTo = async (service: SubgraphName | 'archiveApi', url: string) => {
    recorded[service] = await RecordingProxy.start(url);
    return recorded[service].url;
  };
  const stack = await startStack(
    {
      archiveApi: { port: 0, host, databaseUrl: as('archive_api', urls.archive) },
      crm: {
        ...service,
        oltpDatabaseUrl: as('crm', urls.oltp),
        oltpWriteDatabaseUrl: options.oltpWriteDatabaseUrl ?? (options.asUser ? as('crm_writer', urls.oltp) : undefined),
      },
      archive: { ...service, archiveApiUrl: '' },
      analytics: {
        ...service,
        warehouseDatabaseUrl: as('analytics', urls.warehouse),
        oltpDatabaseUrl: as('analytics', urls.oltp),
        warehouseCache: options.warehouseCache ?? { entries: 0, checkEveryMs: 0 },
      },
      privacy: {
        ...service,
        auditDatabaseUrl: as('privacy', audit.databaseUrl),
        systemUrls: { oltp: as('privacy', urls.oltp), warehouse: as('privacy', urls.warehouse), archive: as('privacy', urls.archive) },
        policyPath: options.policyPath ?? DEFAULT_POLICY_PATH,
      },
      gateway: testGatewayConfig({ ...systems, audit: { ...audit, databaseUrl: as('gateway', audit.databaseUrl) } }, options),
    },
    options.logger ?? testLogger,
    { routeTo },
  ).catch(async (error: unknown) => {
    await closeProxies();
    throw error;
  });
  return {
    ...stack,
    recorded: recorded as TestStack['recorded'],
    stop: async () => {
      await stack.stop();
      await closeProxies();
    },
  };
}

/** The gateway's configuration in tests; rate limits are off unless a test turns them on. */
export function testGatewayConfig(systems: TestSystems, options: TestStackOptions = {}): GatewayConfig {
  const { identity = TEST_IDENTITY, policyPath = DEFAULT_POLICY_PATH, gateway = {} } = options;
  return {
    port: 0,
    host,
    supergraphPath: DEFAULT_SUPERGRAPH_PATH,
    subgraphUrls: {},
    identity,
    policyPath,
    audit: systems.audit,
    persistedOperations: { dir: PERSISTED_OPERATIONS_DIR, mode: 'allow' },
    production: false,
    sandbox: true,
    corsOrigins: [],
    workers: 1,
    rateLimits: { perClientPerMinute: 0, perSubjectPerMinute: 0 },
    subgraphTimeoutsMs: { crm: 10_000, archive: 10_000, analytics: 10_000, privacy: 10_000 },
    ...gateway,
  };
}

export const testLogger = (service: string) => createLogger(service, process.env.LOG_LEVEL ?? 'silent');

export interface GraphQLResponse {
  status: number;
  body: {
    data?: any;
    errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
    extensions?: Record<string, any>;
  };
  text: string;
}

/** Runs a registered operation by id, as a partner's Apollo Client persisted-query link does. */
export function postPersisted(url: string, id: string, variables: Record<string, unknown>, token: string): Promise<GraphQLResponse> {
  return post(url, { variables, extensions: { persistedQuery: { version: 1, sha256Hash: id } } }, token);
}

/** A token for a demo role of the policy, as the identity provider would issue it. */
export function tokenFor(role: string, request: Omit<TokenRequest, 'role'> = {}): Promise<string> {
  return mintDevelopmentToken({ role, ...request }, TEST_IDENTITY, loadPolicy(), { production: false });
}

let dpoToken: Promise<string> | undefined;

/**
 * POSTs an operation to the gateway over HTTP, as a client would: as the data-protection
 * officer (who may read everything) unless another token is given.
 */
export async function postGraphQL(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse> {
  dpoToken ??= tokenFor('dpo');
  return post(url, { query, variables }, token ?? (await dpoToken), headers);
}

async function post(url: string, body: unknown, token: string, headers: Record<string, string> = {}): Promise<GraphQLResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text), text };
}

/** Select with `PROTECTION_FIELDS` (as the data-protection officer); read with `protectionOf`. */
export const PROTECTION_FIELDS = 'restriction { restricted } consents { topic granted }';

export function protectionOf(customer: { restriction: { restricted: boolean }; consents: Array<{ topic: string; granted: boolean }> }) {
  return {
    restricted: customer.restriction.restricted,
    consentedTopics: customer.consents.filter((c) => c.granted).map((c) => c.topic.toLowerCase()),
  };
}

/** Calls a subgraph directly, as the gateway would for `caller` (its own internal token): the subgraph's re-check alone decides. */
export async function postToSubgraph(
  url: string,
  subgraph: SubgraphName,
  caller: Principal,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{ status: number; body: GraphQLResponse['body'] }> {
  const token = await signInternalToken(caller, subgraph, internalTokenKey(TEST_INTERNAL_SECRET));
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse['body'] };
}
