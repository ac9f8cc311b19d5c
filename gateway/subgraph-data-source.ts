import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import type { Logger } from '../platform/logger';
import { ErrorCode } from '../resolvers/errors';
import type { GatewayContext } from './gateway-context';

/**
 * How the gateway calls a subgraph. Forwards the request id so logs line up across
 * services, and turns a failed call (refused, timed out, non-2xx) into one stable
 * error: the stock message names internal hosts and URLs, which clients must not see.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  declare readonly name: string;
  declare readonly logger: Logger;

  constructor(config: { name: string; url: string; logger: Logger }) {
    super(config);
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if ('requestId' in context && context.requestId) request.http?.headers.set('x-request-id', context.requestId);
  }

  override didEncounterError(error: Error): never {
    this.logger.warn({ subgraph: this.name, err: error }, 'subgraph call failed');
    throw new GraphQLError(`The ${this.name} service is not available right now`, {
      extensions: { code: ErrorCode.SubgraphUnavailable, serviceName: this.name },
    });
  }
}
