import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from '../platform/logger';
import { maskUnexpectedErrors } from '../resolvers/errors';

/**
 * Subgraph errors reach the client with their own code. When a subgraph cannot be
 * reached at all, the gateway's message names internal hosts, so it is replaced.
 */
export function formatGatewayError(logger: Logger) {
  const mask = maskUnexpectedErrors(logger);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const service = formatted.extensions?.serviceName;
    if (typeof service === 'string' && formatted.extensions?.code === 'INTERNAL_SERVER_ERROR' && /request to .* failed/.test(formatted.message)) {
      logger.warn({ service, message: formatted.message }, 'subgraph unreachable');
      return {
        message: `The ${service} service is not available right now`,
        path: formatted.path,
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: service },
      };
    }
    if (typeof service === 'string' && formatted.extensions?.code === 'INTERNAL_SERVER_ERROR') {
      // Already masked by the subgraph: keep as it is.
      return { message: formatted.message, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: service } };
    }
    return mask(formatted, error);
  };
}
