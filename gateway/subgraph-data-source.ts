import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { signInternalToken } from '../platform/internal-token';
import type { Logger } from '../platform/logger';
import { ErrorCode } from '../resolvers/errors';
import type { GatewayContext } from './gateway-context';

/**
 * How the gateway calls a subgraph. Every call carries a short-lived token signed for
 * that subgraph with the caller inside (subgraphs answer nothing else) and the request
 * id, so logs line up across services. A failed call (refused, timed out, non-2xx)
 * becomes one stable error: the stock message names internal hosts and URLs.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  declare readonly name: string;
  declare readonly logger: Logger;
  declare readonly internalTokenKey: Uint8Array;

  constructor(config: { name: string; url: string; logger: Logger; internalTokenKey: Uint8Array }) {
    super(config);
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    // Health checks and schema loading have no caller; this gateway does neither through data sources.
    if (!('principal' in context) || !context.principal) throw new Error('subgraph call without a caller');
    request.http?.headers.set('authorization', `Bearer ${await signInternalToken(context.principal, this.name, this.internalTokenKey)}`);
    request.http?.headers.set('x-request-id', context.requestId);
  }

  override didEncounterError(error: Error): never {
    this.logger.warn({ subgraph: this.name, err: error }, 'subgraph call failed');
    throw new GraphQLError(`The ${this.name} service is not available right now`, {
      extensions: { code: ErrorCode.SubgraphUnavailable, serviceName: this.name },
    });
  }
}
