import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '../platform/logger';
import type { GatewayContext } from './gateway-context';

/** One JSON log line per operation: request id, operation, duration and error codes (never variables). */
export function requestLogPlugin(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operationName, errors, response }) {
          logger.info(
            {
              requestId: contextValue.requestId,
              operationName: operationName ?? null,
              status: response.http.status ?? 200,
              durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
              errorCodes: errors?.map((error) => error.extensions?.code ?? 'UNKNOWN'),
            },
            'graphql request',
          );
        },
      };
    },
  };
}
