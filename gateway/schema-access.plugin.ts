import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind } from 'graphql';
import { ErrorCode } from '../resolvers/errors';
import type { GatewayContext } from './gateway-context';

export const SCHEMA_READ_SCOPE = 'schema:read';

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
      didResolveOperation: async ({ operation, contextValue }) => {
        if (!operation || !options.production || mayReadSchema(contextValue)) return;
        const introspects = operation.selectionSet.selections.some(
          (selection) => selection.kind === Kind.FIELD && (selection.name.value === '__schema' || selection.name.value === '__type'),
        );
        if (introspects) {
          throw new GraphQLError('Introspection needs the schema:read scope', { extensions: { code: ErrorCode.IntrospectionDisabled, http: { status: 403 } } });
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
