import {
  type DocumentNode,
  type FragmentDefinitionNode,
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  type SelectionNode,
} from 'graphql';

/** The document's fragment definitions by name. */
export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  return fragments;
}

/**
 * Does a selection stand in the answer for these variables (its @skip/@include)? The
 * variables must be the coerced ones, so a default counts as sent; a null no condition can
 * take throws (the admission step refuses such requests first).
 */
export function isIncluded(node: SelectionNode, variables: Record<string, unknown>): boolean {
  if (!node.directives?.length) return true;
  return (
    getDirectiveValues(GraphQLSkipDirective, node, variables)?.if !== true &&
    getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false
  );
}

/**
 * A fact about a document worked out once per parsed document instead of once per request: Apollo Server keeps
 * each document it parsed and hands the same object to every request that sends the same text, and documents are
 * never changed once parsed.
 */
export function perDocument<T>(fact: (document: DocumentNode) => T): (document: DocumentNode) => T {
  const known = new WeakMap<DocumentNode, { value: T }>();
  return (document) => {
    let entry = known.get(document);
    if (!entry) known.set(document, (entry = { value: fact(document) }));
    return entry.value;
  };
}

/** `__schema` and `__type`: the fields that answer with the schema itself. */
export function isIntrospectionField(name: string): boolean {
  return name === '__schema' || name === '__type';
}
