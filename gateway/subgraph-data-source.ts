import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { BoundedCache } from '../platform/bounded-cache';
import { GraphQLError } from 'graphql';
import { INTERNAL_TOKEN_TTL_SECONDS, signInternalToken } from '../platform/internal-token';
import type { Logger } from '../platform/logger';
import { principalKey } from '../resolvers/context';
import { ErrorCode } from '../resolvers/errors';
import { deduplicateRepresentations, expandEntities } from './deduplicated-representations';
import type { GatewayContext } from './gateway-context';

/**
 * How the gateway calls a subgraph. Every call carries a short-lived token signed for
 * that subgraph with the caller inside (subgraphs answer nothing else) and the request
 * id, so logs line up across services. An entity reached at several places in the
 * response is asked for once. A failed call (refused, timed out, non-2xx)
 * becomes one stable error: the stock message names internal hosts and URLs.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  declare readonly name: string;
  declare readonly logger: Logger;
  declare readonly internalTokenKey: Uint8Array;
  private readonly tokens = new BoundedCache<string>(10_000);

  constructor(config: { name: string; url: string; logger: Logger; internalTokenKey: Uint8Array }) {
    // Node's own fetch (undici) keeps connections alive and is lighter than the default client.
    super({ ...config, fetcher: globalThis.fetch as unknown as RemoteGraphQLDataSource['fetcher'] });
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
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
    this.logger.warn({ subgraph: this.name, err: error }, 'subgraph call failed');
    throw new GraphQLError(`The ${this.name} service is not available right now`, {
      extensions: { code: ErrorCode.SubgraphUnavailable, serviceName: this.name },
    });
  }
}
