import '../platform/no-telemetry';
import { LRUCache } from 'lru-cache';
import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { createServiceApp } from '../platform/service-app';
import type { GraphQLSchema } from 'graphql';
import { type RunningService, startHttpService } from '../platform/http-service';
import { sendGraphQLError } from '../platform/graphql-error-response';
import { jsonFallbackHandlers } from '../platform/json-fallback-handlers';
import type { Logger } from '../platform/logger';
import { internalTokenKey, verifyInternalToken } from '../contracts/internal-token';
import type { Principal } from '../contracts/principal';
import type { SubgraphContext } from './context';
import { maskUnexpectedErrors } from '../platform/mask-unexpected-errors';
import type { BatchObserver } from './loaders';
import type { Knex } from '../platform/database';
import { metricsEndpoint } from '../platform/metrics';
import { operationLogPlugin } from '../platform/operation-log.plugin';
import { SubgraphMetrics } from './subgraph-metrics';
import { ErrorCode } from '../contracts/error-codes';
import { compiledExecution } from './compiled-execution';

/** What every subgraph service is started with, whatever its system of record. */
export interface SubgraphServiceOptions {
  port: number;
  /** The variable that sets `port` (e.g. CRM_PORT): named when the port is taken. */
  portVariable?: string;
  host?: string;
  logger: Logger;
  /** Shared with the gateway; only calls carrying a token signed with it are answered. */
  internalTokenSecret: string;
  /** Bearer token for /metrics (in production /metrics exists only with it). */
  metricsToken?: string;
  production?: boolean;
}

/** The common options out of a subgraph's own (which also name its system of record). */
export function serviceOptionsOf(options: SubgraphServiceOptions): SubgraphServiceOptions {
  const { port, portVariable, host, logger, internalTokenSecret, metricsToken, production } = options;
  return { port, portVariable, host, logger, internalTokenSecret, metricsToken, production };
}

interface SubgraphOptions<Loaders> extends SubgraphServiceOptions {
  name: string;
  schema: GraphQLSchema;
  /** Called once per request: loaders never outlive the request that made them. */
  createLoaders: (principal: Principal, observeBatch: BatchObserver) => Loaders;
  /** Databases whose statements are counted at /metrics. */
  databases?: Array<{ system: string; db: Knex }>;
  /** Resolves when the system behind the subgraph answers; rejects otherwise. */
  checkReady: () => Promise<void>;
  /** Closes connection pools after the last request finished. */
  onStop?: () => Promise<void>;
}

export type RunningSubgraph = RunningService;

/**
 * A subgraph process: GraphQL at /graphql, `GET /health` (alive) and `GET /ready`
 * (its system of record answers). Unexpected errors are logged, never returned.
 */
export async function startSubgraph<Loaders>(options: SubgraphOptions<Loaders>): Promise<RunningSubgraph> {
  const { logger } = options;
  const apollo = new ApolloServer<SubgraphContext<Loaders>>({
    gateway: compiledExecution(options.schema),
    includeStacktraceInErrorResponses: false,
    // Our own signal handler drains HTTP first and stops the services in order.
    stopOnTerminationSignals: false,
    formatError: maskUnexpectedErrors(logger),
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      operationLogPlugin<SubgraphContext<Loaders>>(logger, 'debug'),
    ],
  });
  await apollo.start();

  const metrics = new SubgraphMetrics(options.name);
  for (const { system, db } of options.databases ?? []) metrics.countStatements(system, db);
  const app = createServiceApp();
  if (options.metricsToken || !options.production) app.get('/metrics', metricsEndpoint(metrics.registry, options.metricsToken));
  app.get('/health', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/ready', async (_req, res) => {
    try {
      await options.checkReady();
      res.json({ status: 'ready' });
    } catch (error) {
      logger.warn({ err: error }, 'not ready');
      res.status(503).json({ status: 'unavailable' });
    }
  });
  const tokenKey = internalTokenKey(options.internalTokenSecret);
  // The gateway reuses a caller's token for half its life; verifying it once is enough.
  // Kept until the token's `exp` (wall-clock), read at every look-up.
  const verified = new LRUCache<string, Principal>({ max: 10_000, perf: Date, ttlResolution: 0 });
  const principalOf = async (token: string): Promise<Principal> => {
    const cached = verified.get(token);
    if (cached) return cached;
    const { principal, expiresAt } = await verifyInternalToken(token, options.name, tokenKey);
    const now = Date.now();
    // A ttl of 0 would mean "forever": a token past its expiry (within the clock tolerance) is not kept.
    if (expiresAt * 1000 > now) verified.set(token, principal, { ttl: expiresAt * 1000 - now, start: now });
    return principal;
  };
  // The verified caller, from the token step to Apollo's context, typed (never `res.locals`).
  const principals = new WeakMap<express.Request, Principal>();
  app.use(
    '/graphql',
    async (req, res, next) => {
      try {
        const token = /^Bearer (.+)$/.exec(req.header('authorization') ?? '')?.[1] ?? '';
        principals.set(req, await principalOf(token));
        next();
      } catch {
        sendGraphQLError(req, res, { status: 401, code: ErrorCode.Unauthenticated, message: 'This service answers the gateway only' });
      }
    },
    express.json({ limit: '2mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const principal = principals.get(req);
        // Only a request the token step let through gets here; fail closed should that ever change.
        if (!principal) throw new Error('No verified caller for this request');
        // New for every request, so no per-request cache is shared between callers.
        return {
          requestId: req.header('x-request-id') ?? randomUUID(),
          principal,
          loaders: options.createLoaders(principal, metrics.observeBatch),
        };
      },
    }),
  );

  app.use(jsonFallbackHandlers(logger));

  return startHttpService({
    name: options.name,
    app,
    port: options.port,
    portVariable: options.portVariable,
    host: options.host,
    logger,
    path: '/graphql',
    onStop: async () => {
      await apollo.stop();
      await options.onStop?.();
    },
  });
}
