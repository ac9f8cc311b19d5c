import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, type DocumentNode, GraphQLError, Kind, visit } from 'graphql';
import type { GatewayContext } from '../gateway-context';
import { ErrorCode } from '../../contracts/error-codes';
import { perDocument } from '../protection/document-parts';

/**
 * The operation a request runs must be found before anything else looks at it: an
 * `operationName` that names none, a missing one where the document holds several, or a
 * root type the schema does not have is the caller's mistake (400), and nothing runs.
 */
export function operationResolutionPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ operation, document, request, schema }) => {
        if (!operation)
          throw unresolved(document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length, request.operationName);
        const reserved = reservedAlias(document);
        if (reserved) {
          throw new GraphQLError(`"${reserved}" is not an alias a client may choose: names beginning with "__" are reserved`, {
            extensions: { code: ErrorCode.GraphQLValidationFailed, http: { status: 400 } },
          });
        }
        if (!schema.getRootType(operation.operation)) {
          throw new GraphQLError(`This schema has no ${operation.operation} operations`, {
            extensions: { code: ErrorCode.GraphQLValidationFailed, http: { status: 400 } },
          });
        }
      },
    }),
  };
}

function unresolved(operations: number, operationName: string | undefined): GraphQLError {
  const message =
    operationName === undefined
      ? `The document holds ${operations} operations: say which one to run in operationName`
      : `The document has no operation named "${operationName}"`;
  return new GraphQLError(message, { extensions: { code: ErrorCode.OperationResolutionFailure, http: { status: 400 } } });
}

/** An alias beginning with "__" (`__typename: id`): reserved for introspection, and the gateway's answer would not be the client's. */
const reservedAlias = perDocument((document: DocumentNode): string | undefined => {
  let found: string | undefined;
  visit(document, {
    Field(node) {
      if (!node.alias?.value.startsWith('__')) return undefined;
      found = node.alias.value;
      return BREAK;
    },
  });
  return found;
});
