import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, type DocumentNode, visit } from 'graphql';
import { RequestRefusedError } from '../refusal';
import { isIntrospectionField, perDocument } from '../protection/document-parts';
import { ErrorCode } from '../../contracts/error-codes';
import type { GatewayContext } from '../gateway-context';

const SCHEMA_READ_SCOPE = 'schema:read';

/**
 * What a caller may learn about the schema itself. Introspection: always in
 * development, in production only with `schema:read` (architects). Field suggestions
 * ("Did you mean …") only for callers with `schema:read`, so nobody maps the schema by
 * guessing.
 */
export function schemaAccessPlugin(options: { production: boolean }): ApolloServerPlugin<GatewayContext> {
  const mayReadSchema = (context: GatewayContext) => context.principal.scopes.includes(SCHEMA_READ_SCOPE);
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ document, contextValue }) => {
        if (!options.production || mayReadSchema(contextValue)) return;
        if (introspects(document)) {
          throw new RequestRefusedError('Introspection needs the schema:read scope', ErrorCode.IntrospectionDisabled, 403);
        }
      },
      willSendResponse: async ({ response, contextValue }) => {
        if (mayReadSchema(contextValue) || response.body.kind !== 'single') return;
        for (const error of response.body.singleResult.errors ?? []) {
          (error as { message: string }).message = error.message.replace(/ ?Did you mean .*\?$/, '');
        }
      },
    }),
  };
}

/**
 * Whether any introspection field stands anywhere in the document: at the root, in a named
 * or inline fragment, conditional or not (a document holds no unused fragment, validation
 * refuses those, so every fragment counts).
 */
const introspects = perDocument((document: DocumentNode): boolean => {
  let found = false;
  visit(document, {
    Field(node) {
      if (!isIntrospectionField(node.name.value)) return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
});
