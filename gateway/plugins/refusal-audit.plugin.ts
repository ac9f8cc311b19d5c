import type { ApolloServerPlugin } from '@apollo/server';
import type { AuditSink } from '../audit/audit-record';
import { refusalRecord } from '../audit/records';
import type { GatewayContext } from '../gateway-context';
import { RequestRefusedError } from '../refusal';

/** Every refusal of a verified caller inside Apollo's pipeline leaves an audit record of kind `refused`. */
export function refusalAuditPlugin(audit: AuditSink): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart: async () => ({
      didEncounterErrors: async ({ errors, contextValue, operationName, queryHash }) => {
        const refusal = errors.find((error): error is RequestRefusedError => error instanceof RequestRefusedError);
        if (!refusal) return;
        audit(
          refusalRecord(
            contextValue,
            { operationName: operationName ?? null, operationHash: queryHash ?? '' },
            refusal.code,
            refusal.coordinates,
          ),
        );
      },
    }),
  };
}
