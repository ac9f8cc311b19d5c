import { type DocumentNode, type FieldNode, Kind, type OperationDefinitionNode, type SelectionNode } from 'graphql';
import { fragmentsOf, isIncluded, isIntrospectionField } from './document-parts';

/**
 * The query planner answers introspection (`__schema`, `__type`) only where it stands at
 * the root of the operation, not inside a root-level fragment (with @include it fails to
 * plan, a 500). For such operations the root-level fragments are inlined for this request's
 * variables: their fields move to the root, fragments left out by @skip/@include go.
 */
export function inlineRootFragments(document: DocumentNode, variables: Record<string, unknown>): DocumentNode {
  const fragments = fragmentsOf(document);
  const flatten = (selections: readonly SelectionNode[]): FieldNode[] =>
    selections.flatMap((selection): FieldNode[] => {
      if (selection.kind === Kind.FIELD) return [selection];
      if (!isIncluded(selection, variables)) return [];
      if (selection.kind === Kind.INLINE_FRAGMENT) return flatten(selection.selectionSet.selections);
      const fragment = fragments.get(selection.name.value);
      return fragment ? flatten(fragment.selectionSet.selections) : [];
    });
  return {
    ...document,
    definitions: document.definitions.map((definition) =>
      definition.kind !== Kind.OPERATION_DEFINITION
        ? definition
        : ({
            ...definition,
            selectionSet: { ...definition.selectionSet, selections: flatten(definition.selectionSet.selections) },
          } satisfies OperationDefinitionNode),
    ),
  };
}

/** Does introspection stand inside a root-level fragment (where the planner cannot answer it)? */
export function hasIntrospectionInRootFragment(document: DocumentNode): boolean {
  const fragments = fragmentsOf(document);
  const introspectsIn = (selections: readonly SelectionNode[], inFragment: boolean, seen: Set<string>): boolean =>
    selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return inFragment && isIntrospectionField(selection.name.value);
      if (selection.kind === Kind.INLINE_FRAGMENT) return introspectsIn(selection.selectionSet.selections, true, seen);
      const fragment = fragments.get(selection.name.value);
      if (!fragment || seen.has(fragment.name.value)) return false;
      return introspectsIn(fragment.selectionSet.selections, true, new Set(seen).add(fragment.name.value));
    });
  return document.definitions.some(
    (d) => d.kind === Kind.OPERATION_DEFINITION && introspectsIn(d.selectionSet.selections, false, new Set()),
  );
}
