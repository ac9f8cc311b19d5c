import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { type GraphQLSchema, getVariableValues, type OperationDefinitionNode, valueFromASTUntyped } from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';

/** Operations kept compiled: a subgraph hears only the gateway's planned operations, a few kinds each. */
const COMPILED_OPERATIONS = 1000;

/**
 * A subgraph's schema executed by graphql-jit: each operation the gateway sends is compiled once into
 * a function that resolves its fields without graphql-js's interpretation per field and per object
 * (argument coercion, a promise per object, a completion step per value), which on a page of a
 * hundred customers was most of a subgraph's own CPU. Apollo Server takes it in the place of a
 * gateway: it still parses and validates every request and runs every plugin; the schema's
 * resolvers (federation's `_entities` and `__resolveReference`, type-graphql's) run as before.
 */
export function compiledExecution(schema: GraphQLSchema): GatewayInterface {
  const compiled = new LRUCache<string, Compiled>({ max: COMPILED_OPERATIONS });
  const executor: GatewayExecutor = async (requestContext) => {
    const { document, operation, operationName, queryHash, request, context } = requestContext;
    const key = `${queryHash}|${operationName ?? ''}`;
    let entry = compiled.get(key);
    if (!entry) {
      const query = compileQuery(schema, document, operationName ?? undefined);
      if (!isCompiledQuery(query)) return query;
      compiled.set(key, (entry = { query, defaults: defaultsOf(operation) }));
    }
    const variables = { ...entry.defaults, ...request.variables };
    const result = await entry.query.query(undefined, context, variables);
    if (result.data === undefined && result.errors?.length) {
      // Variables it refused: told with graphql-js's own errors, which Apollo Server answers with 400 and BAD_USER_INPUT.
      const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
      if (coerced.errors) return { errors: coerced.errors };
    }
    return result;
  };
  return {
    load: async () => ({ executor }),
    onSchemaLoadOrUpdate: (callback) => {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => undefined;
    },
    stop: async () => undefined,
  };
}

interface Compiled {
  query: CompiledQuery;
  defaults: Record<string, unknown>;
}

/**
 * The defaults the operation declares, as a caller would send them. graphql-jit refuses a non-null
 * variable left out even when it has a default (`$b: Boolean! = false`), which GraphQL says to use:
 * sent explicitly, it is coerced like any value (an explicit null stays null).
 */
function defaultsOf(operation: OperationDefinitionNode): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) defaults[definition.variable.name.value] = valueFromASTUntyped(definition.defaultValue);
  }
  return defaults;
}
