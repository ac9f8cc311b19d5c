import type { GatewayGraphQLRequest, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { type GraphQLError, Kind, parse, type SelectionSetNode } from 'graphql';
import { LRUCache } from 'lru-cache';

const fieldsByQuery = new LRUCache<string, string[]>({ max: 1_000 });

/**
 * A subgraph call that failed as a whole becomes an answer with no data and the error at
 * every path it would have filled (for entity calls, each field of each entity), so the
 * gateway reports it where the data is missing and keeps everything else.
 */
export function failedFetchErrors(error: GraphQLError, request: GatewayGraphQLRequest): GatewayGraphQLResponse {
  const fields = responseKeysOf(request.query ?? '');
  const representations = request.variables?.representations;
  const paths = Array.isArray(representations)
    ? representations.flatMap((_, index) => fields.map((field) => ['_entities', index, field]))
    : fields.map((field) => [field]);
  return { errors: paths.map((path) => ({ message: error.message, path, extensions: error.extensions })) };
}

/** The response keys the subgraph was asked for: root fields, or the fields asked of each entity. */
function responseKeysOf(query: string): string[] {
  let keys = fieldsByQuery.get(query);
  if (!keys) {
    const operation = parse(query).definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
    const root = operation?.selectionSet;
    const entities = root?.selections.find((s) => s.kind === Kind.FIELD && s.name.value === '_entities');
    keys = fieldKeys(entities?.kind === Kind.FIELD ? entities.selectionSet : root);
    fieldsByQuery.set(query, keys);
  }
  return keys;
}

function fieldKeys(selectionSet: SelectionSetNode | undefined): string[] {
  const keys = new Set<string>();
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD && selection.name.value !== '__typename') keys.add(selection.alias?.value ?? selection.name.value);
    if (selection.kind === Kind.INLINE_FRAGMENT) for (const key of fieldKeys(selection.selectionSet)) keys.add(key);
  }
  return [...keys];
}
