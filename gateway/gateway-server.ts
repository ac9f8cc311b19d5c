import '../platform/no-telemetry';
import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { KeyvAdapter } from '@apollo/utils.keyvadapter';
import { connectRedis } from './redis-connection';
import { maxTokensOf, operationLimitsPlugin } from './plugins/operation-limits.plugin';
import { rateLimits } from './limits/rate-limits';
import { createServiceApp } from '../platform/service-app';
import { connectDatabase } from '../platform/database';
import { createMetricsRegistry, metricsEndpoint, presentsToken } from '../platform/metrics';
import { operationLogPlugin } from '../platform/operation-log.plugin';
import { type RunningService, startHttpService } from '../platform/http-service';
import { jsonFallbackHandlers } from '../platform/json-fallback-handlers';
import type { Logger } from '../platform/logger';
import { DEV_INTERNAL_TOKEN_SECRET, internalTokenKey } from '../contracts/internal-token';
import { loadPolicy } from '../policy/policy';
import { maskUnexpectedErrors } from '../platform/mask-unexpected-errors';
import { TokenVerifier } from './identity/token-verifier';
import { DEFAULT_SUBGRAPH_CONNECTIONS, DEFAULT_SUBGRAPH_TIMEOUT_MS, type GatewayConfig } from './gateway-config';
import type { SubgraphName } from '../contracts/subgraphs';
import type { GatewayContext } from './gateway-context';
import { checkSubgraphs } from './readiness';
import { GatewayMetrics } from './observability/gateway-metrics';
import { SubgraphDataSource } from './subgraph-data-source';
import { AuditStore } from './audit/audit-store';
import { AuditTrail } from './audit/audit-trail';
import { searchTermKey } from './protection/search-record';
import { ProtectedGateway } from './protection/protected-gateway';
import { PersistedOperations } from './persisted/persisted-operations';
import { frontSteps, GRAPHQL_PATH, graphqlEndpoint } from './front';
import { sandboxPlugin } from './plugins/sandbox.plugin';
import { schemaAccessPlugin } from './plugins/schema-access.plugin';
import { operationResolutionPlugin } from './plugins/operation-resolution.plugin';
import { refusalAuditPlugin } from './plugins/refusal-audit.plugin';
import { admissionPlugin } from './plugins/admission.plugin';

export type RunningGateway = RunningService & { audit: AuditTrail };

/**
 * The gateway: @apollo/gateway over the committed, pre-composed supergraph, served by
 * Apollo Server on express. In front of GraphQL: the steps of `front.ts` (request ids,
 * identity, rate limits, body, registered operations, Apollo); inside Apollo: the plugins of
 * `plugins/`; around execution: the data-protection rules, masking and the audit trail.
 * `GET /health` (alive) and `GET /ready` (every subgraph ready).
 */
export async function startGateway(config: GatewayConfig, logger: Logger): Promise<RunningGateway> {
  const auditDb = connectDatabase(config.audit.databaseUrl, { logger });
  const auditStore = new AuditStore(auditDb);
  // Ready for the privacy subgraph before the first write; a store that is down now is retried on write.
  await auditStore
    .migrate()
    .catch((error: unknown) => logger.error({ err: error }, 'audit store not reachable at start; records are spooled until it is'));
  const registry = createMetricsRegistry('gateway');
  const audit: AuditTrail = new AuditTrail(auditStore, logger, {
    spoolFile: config.audit.spoolFile,
    onWritten: (records) => metrics.auditRecordsWritten.inc(records),
    onRefused: (records) => metrics.auditRecordsRefused.inc(records),
  });
  const metrics = new GatewayMetrics(registry, () => audit.pending);
  audit.start();

  const subgraphUrls: Record<string, string> = {};
  const dataSources: SubgraphDataSource[] = [];
  const policy = loadPolicy(config.policyPath);
  const tokenKey = internalTokenKey(config.identity.internalTokenSecret);
  // Behind a real identity provider, the published development secret must not let anyone act as an officer.
  const delegationKey = config.identity.jwksUrl && config.identity.internalTokenSecret === DEV_INTERNAL_TOKEN_SECRET ? undefined : tokenKey;
  const verifier = new TokenVerifier(config.identity, delegationKey);
  const supergraphSdl = readFileSync(config.supergraphPath, 'utf8');
  const apolloGateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => {
      const effective = config.subgraphUrls[name as keyof GatewayConfig['subgraphUrls']] ?? url!;
      subgraphUrls[name] = effective;
      const dataSource = new SubgraphDataSource({
        name,
        url: effective,
        logger,
        internalTokenKey: tokenKey,
        timeoutMs: config.subgraphTimeoutsMs[name as SubgraphName] ?? DEFAULT_SUBGRAPH_TIMEOUT_MS,
        connections: config.subgraphConnections ?? DEFAULT_SUBGRAPH_CONNECTIONS,
        metrics,
      });
      dataSources.push(dataSource);
      return dataSource;
    },
    logger,
  });
  const gateway = new ProtectedGateway(
    apolloGateway,
    supergraphSdl,
    policy,
    audit.record,
    logger,
    searchTermKey(config.identity.internalTokenSecret),
  );
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, logger) : undefined;
  const limits = rateLimits(config.rateLimits, redis?.client, (clientId) => metrics.rateLimited.inc({ client: clientId }));
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    includeStacktraceInErrorResponses: false,
    // Our own signal handler drains HTTP first and stops the services in order.
    stopOnTerminationSignals: false,
    // Allowed here, decided per caller by the schema-access plugin.
    introspection: true,
    // Automatic persisted queries for first-party clients, shared by replicas through Redis;
    // off when only registered operations may run.
    persistedQueries:
      config.persistedOperations.mode === 'require' ? false : { cache: redis ? new KeyvAdapter(redis.apqCache) : undefined },
    // One operation per HTTP request, and no simple (CSRF-able) requests from browsers.
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    // No document is even parsed past the largest token limit of any client kind.
    parseOptions: { maxTokens: maxTokensOf(policy) },
    formatError: maskUnexpectedErrors(logger),
    plugins: [
      sandboxPlugin(config.sandbox),
      operationResolutionPlugin(),
      schemaAccessPlugin({ production: config.production }),
      operationLimitsPlugin(policy),
      admissionPlugin(gateway.plans, policy),
      refusalAuditPlugin(audit.record),
      operationLogPlugin<GatewayContext>(logger, 'info', (operation) => metrics.observe(operation)),
    ],
  });
  await apollo.start();
  const operations = new PersistedOperations(config.persistedOperations.dir, logger);
  const reloadOperations = () => {
    try {
      operations.reload();
    } catch (error) {
      logger.error({ err: error }, 'persisted operations not reloaded; the previous ones stay in use');
    }
  };
  process.on('SIGHUP', reloadOperations);

  const app = createServiceApp();
  app.get('/health', (_req, res) => void res.json({ status: 'ok' }));
  // Operation names and clients are worth protecting: in production only with METRICS_TOKEN.
  if (config.metricsToken || !config.production) app.get('/metrics', metricsEndpoint(registry, config.metricsToken));
  app.get('/ready', async (req, res) => {
    const readiness = await checkSubgraphs(subgraphUrls);
    const status = readiness.ready ? 'ready' : 'unavailable';
    // Which subgraph is down, and where it lives, is for operators: in production only with METRICS_TOKEN.
    const detailed =
      !config.production || (config.metricsToken !== undefined && presentsToken(req.header('authorization'), config.metricsToken));
    res.status(readiness.ready ? 200 : 503).json(detailed ? { status, subgraphs: readiness.subgraphs } : { status });
  });
  app.use(
    graphqlEndpoint(
      frontSteps({
        verifier,
        policy,
        sandbox: config.sandbox,
        corsOrigins: config.corsOrigins,
        limits,
        operations,
        persistedOperations: config.persistedOperations.mode,
        apollo,
        logger,
        audit: audit.record,
        onUnauthenticated: (reason) => metrics.unauthenticated.inc({ reason }),
      }),
    ),
  );

  app.use(jsonFallbackHandlers(logger));

  const service = await startHttpService({
    name: 'gateway',
    app,
    port: config.port,
    portVariable: config.portVariable,
    host: config.host,
    logger,
    path: GRAPHQL_PATH,
    // After the last response: nothing more can be recorded, so the trail is flushed last.
    onStop: async () => {
      process.off('SIGHUP', reloadOperations);
      await apollo.stop();
      await Promise.all(dataSources.map((dataSource) => dataSource.close()));
      await redis?.disconnect();
      await audit.stop();
      await auditDb.destroy();
    },
  });
  return { ...service, audit };
}
