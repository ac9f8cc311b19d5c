import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind } from 'graphql';
import type { GatewayContext } from './gateway-context';

/**
 * The operation a request runs must be found before anything else looks at it: an
 * `operationName` that names none, a missing one where the document holds several, or a
 * root type the schema does not have is the caller's mistake (400), and nothing runs.
 */
export function operationResolutionPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ operation, document, request, schema }) => {
        if (!operation) throw unresolved(document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length, request.operationName);
        if (!schema.getRootType(operation.operation)) {
          throw new GraphQLError(`This schema has no ${operation.operation} operations`, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } } });
        }
      },
    }),
  };
}

function unresolved(operations: number, operationName: string | undefined): GraphQLError {
  const message = operationName === undefined
    ? `The document holds ${operations} operations: say which one to run in operationName`
    : `The document has no operation named "${operationName}"`;
  return new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } });
}
