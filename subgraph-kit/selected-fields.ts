import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';

const known = new WeakMap<GraphQLResolveInfo['fieldNodes'], readonly string[]>();

/**
 * The names of the fields selected under the field being resolved (through inline fragments and
 * named ones; `__typename` left out), each once, sorted: what a resolver needs to fetch of what it
 * returns. Fields under `@skip` or `@include` are counted as selected: fetching one too many is
 * harmless, one too few is not. Fragments count whatever their type condition: for a field of an object type,
 * as its resolver's are, every valid fragment is on that type. Kept per field nodes, which compiled execution keeps
 * per operation.
 */
export function selectedFields(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): readonly string[] {
  const cached = known.get(info.fieldNodes);
  if (cached) return cached;
  const names = new Set<string>();
  const visited = new Set<string>();
  const collect = (selectionSet: SelectionSetNode | undefined) => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === 'Field') {
        if (selection.name.value !== '__typename') names.add(selection.name.value);
      } else if (selection.kind === 'InlineFragment') {
        collect(selection.selectionSet);
      } else if (!visited.has(selection.name.value)) {
        visited.add(selection.name.value);
        collect(info.fragments[selection.name.value]?.selectionSet);
      }
    }
  };
  for (const node of info.fieldNodes) collect(node.selectionSet);
  const fields = [...names].sort();
  known.set(info.fieldNodes, fields);
  return fields;
}
