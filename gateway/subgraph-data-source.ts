import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { BoundedCache } from '../platform/bounded-cache';
import { GraphQLError } from 'graphql';
import { INTERNAL_TOKEN_TTL_SECONDS, signInternalToken } from '../platform/internal-token';
import type { Logger } from '../platform/logger';
import { principalKey } from '../resolvers/context';
import { ErrorCode } from '../resolvers/errors';
import { deduplicateRepresentations, expandEntities } from './deduplicated-representations';
import { failedFetchErrors } from './failed-fetch-errors';
import type { GatewayContext } from './gateway-context';
import type { GatewayMetrics } from './observability/gateway-metrics';
import { SubgraphConnection } from './subgraph-call';

/**
 * How the gateway calls a subgraph. Every call carries a short-lived token signed for
 * that subgraph with the caller inside (subgraphs answer nothing else) and the request
 * id, so logs line up across services. An entity reached at several places in the
 * response is asked for once. A failed call (refused, timed out, non-2xx) becomes
 * one stable error at the paths it would have filled: the stock message names
 * internal hosts and URLs, and has no path.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  declare readonly name: string;
  declare readonly logger: Logger;
  declare readonly internalTokenKey: Uint8Array;
  private readonly tokens = new BoundedCache<string>(10_000);

  declare readonly metrics?: GatewayMetrics;
  private readonly connection: SubgraphConnection;

  constructor(config: { name: string; url: string; logger: Logger; internalTokenKey: Uint8Array; timeoutMs: number; metrics?: GatewayMetrics }) {
    const { timeoutMs, ...rest } = config;
    const connection = new SubgraphConnection(timeoutMs);
    super({ ...rest, fetcher: connection.fetch as unknown as RemoteGraphQLDataSource['fetcher'] });
    this.connection = connection;
  }

  /** Closes the kept-alive connections (the gateway is stopping). */
  close(): Promise<void> {
    return this.connection.close();
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const done = this.metrics?.subgraphFetchDuration.startTimer({ subgraph: this.name });
    try {
      return await this.deduplicatedProcess(options);
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions.serviceName === this.name) return failedFetchErrors(error, options.request);
      throw error;
    } finally {
      done?.();
    }
  }

  private async deduplicatedProcess(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const representations = options.request.variables?.representations;
    if (!Array.isArray(representations) || representations.length < 2) return super.process(options);
    const { unique, positions } = deduplicateRepresentations(representations);
    if (unique.length === representations.length) return super.process(options);
    const request = { ...options.request, variables: { ...options.request.variables, representations: unique } };
    return expandEntities(await super.process({ ...options, request }), positions);
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    // Health checks and schema loading have no caller; this gateway does neither through data sources.
    if (!('principal' in context) || !context.principal) throw new Error('subgraph call without a caller');
    request.http?.headers.set('authorization', `Bearer ${await this.tokenFor(context.principal)}`);
    request.http?.headers.set('x-request-id', context.requestId);
  }

  /** A caller's token for this subgraph is reused for half its life instead of signed per call. */
  private async tokenFor(principal: GatewayContext['principal']): Promise<string> {
    const key = principalKey(principal);
    const cached = this.tokens.get(key);
    if (cached) return cached;
    const token = await signInternalToken(principal, this.name, this.internalTokenKey);
    this.tokens.set(key, token, Date.now() + (INTERNAL_TOKEN_TTL_SECONDS * 1000) / 2);
    return token;
  }

  override didEncounterError(error: Error): never {
    // A value the gateway passes through untouched (a custom scalar) that the subgraph refuses
    // is the caller's mistake, not an outage: its message names only the variable and the type.
    const refused = badUserInputIn(error);
    if (refused) throw new GraphQLError(refused, { extensions: { code: ErrorCode.BadUserInput, serviceName: this.name } });
    this.metrics?.subgraphFetchFailures.inc({ subgraph: this.name });
    this.logger.warn({ subgraph: this.name, err: error }, 'subgraph call failed');
    throw new GraphQLError(`The ${this.name} service is not available right now`, {
      extensions: { code: ErrorCode.SubgraphUnavailable, serviceName: this.name },
    });
  }
}

/** The subgraph's message when it answered 400 because of a variable's value, else undefined. */
function badUserInputIn(error: Error): string | undefined {
  const response = (error as GraphQLError).extensions?.response as { status?: number; body?: { errors?: Array<{ message?: string; extensions?: { code?: string } }> } } | undefined;
  const refusal = response?.status === 400 ? response.body?.errors?.[0] : undefined;
  return refusal?.extensions?.code === ErrorCode.BadUserInput && typeof refusal.message === 'string' ? refusal.message : undefined;
}
