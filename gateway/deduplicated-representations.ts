import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GraphQLFormattedError } from 'graphql';

/**
 * @apollo/gateway sends one entity representation per place an entity occurs in the
 * response, so a customer reached twice is resolved twice. These two functions send
 * each distinct representation once and give the gateway back the list it expects.
 */
interface DeduplicatedRepresentations {
  /** Each distinct representation as the JSON the subgraph is sent (serialised once, here). */
  unique: string[];
  /** For each original representation, its index in `unique`. */
  positions: number[];
}

export function deduplicateRepresentations(representations: unknown[]): DeduplicatedRepresentations {
  const indexByKey = new Map<string, number>();
  const unique: string[] = [];
  const positions = representations.map((representation) => {
    const key = keyOf(representation);
    let index = indexByKey.get(key);
    if (index === undefined) {
      index = unique.push(key) - 1;
      indexByKey.set(key, index);
    }
    return index;
  });
  return { unique, positions };
}

/**
 * The whole representation identifies an entity: its key may span several fields
 * (`@key(fields: "id region")`) and `@requires` adds more, so two representations are one
 * only when the subgraph would receive the same JSON. The planner builds every representation
 * of one fetch from the same selection, so equal entities serialise alike (a different field
 * order would only cost a repeat, never a merge).
 */
function keyOf(representation: unknown): string {
  return JSON.stringify(representation) ?? 'null';
}

/**
 * The subgraph's answer for the unique representations, spread back over the original
 * positions. Repeats are copies: the gateway merges later fetches into these objects.
 * An error at `_entities.i` is reported at every position that shared `i`.
 */
export function expandEntities(response: GatewayGraphQLResponse, positions: number[]): GatewayGraphQLResponse {
  const entities = response.data?._entities;
  if (!Array.isArray(entities)) return response;
  const used = new Set<number>();
  const expanded = positions.map((index) => {
    const entity = entities[index];
    if (!used.has(index)) {
      used.add(index);
      return entity;
    }
    return entity === null || typeof entity !== 'object' ? entity : structuredClone(entity);
  });
  return {
    ...response,
    data: { ...response.data, _entities: expanded },
    errors: response.errors && expandErrors(response.errors, positions),
  };
}

function expandErrors(errors: readonly GraphQLFormattedError[], positions: number[]): GraphQLFormattedError[] {
  return errors.flatMap((error) => {
    const [root, index, ...rest] = error.path ?? [];
    if (root !== '_entities' || typeof index !== 'number') return [error];
    return positions.flatMap((unique, original) => (unique === index ? [{ ...error, path: ['_entities', original, ...rest] }] : []));
  });
}
