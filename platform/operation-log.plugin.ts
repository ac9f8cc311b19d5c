import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from './logger';

/** What is known about an operation once its response is ready. */
export interface FinishedOperation {
  requestId: string;
  operationName: string | null;
  clientId: string | null;
  status: number;
  seconds: number;
  errorCodes: string[];
}

/**
 * One JSON log line per operation, in the gateway and in every subgraph, with the request
 * id the gateway passes on (so one request can be followed across services); never
 * variables. `observe` receives the same facts (the gateway turns them into metrics).
 */
export function operationLogPlugin<
  Context extends { requestId: string; clientRequestId?: string | null; principal?: { clientId: string } },
>(logger: Logger, level: 'info' | 'debug', observe?: (operation: FinishedOperation) => void): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operationName, errors, response }) {
          const operation: FinishedOperation = {
            requestId: contextValue.requestId,
            operationName: operationName ?? null,
            clientId: contextValue.principal?.clientId ?? null,
            status: response.http.status ?? 200,
            seconds: Number(process.hrtime.bigint() - started) / 1e9,
            errorCodes: errors?.map((error) => String(error.extensions?.code ?? 'UNKNOWN')) ?? [],
          };
          observe?.(operation);
          logger[level](
            {
              requestId: operation.requestId,
              ...(contextValue.clientRequestId ? { clientRequestId: contextValue.clientRequestId } : {}),
              clientId: operation.clientId,
              operationName: operation.operationName,
              status: operation.status,
              durationMs: Math.round(operation.seconds * 1e6) / 1000,
              errorCodes: operation.errorCodes,
            },
            'graphql request',
          );
        },
      };
    },
  };
}
