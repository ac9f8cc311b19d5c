import {
  type DocumentNode, type FieldNode, type FragmentDefinitionNode, getDirectiveValues, GraphQLIncludeDirective, GraphQLSkipDirective, Kind,
  type OperationDefinitionNode, type SelectionSetNode,
} from 'graphql';

/**
 * The fields of one selection set as the client will see them in the answer: fragments
 * (inline and named) flattened into their parent, fields the client left out with
 * @skip/@include dropped.
 */
export class ClientSelections {
  readonly operation: OperationDefinitionNode | undefined;
  private readonly fragments = new Map<string, FragmentDefinitionNode>();

  constructor(document: DocumentNode, private readonly variables: Record<string, unknown> | undefined) {
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(definition.name.value, definition);
      else if (definition.kind === Kind.OPERATION_DEFINITION) this.operation ??= definition;
    }
  }

  /** Calls `visit` for each field of `selectionSet` the answer will carry. */
  forEachField(selectionSet: SelectionSetNode, visit: (field: FieldNode) => void): void {
    for (const selection of selectionSet.selections) {
      if (!this.included(selection)) continue;
      if (selection.kind === Kind.FIELD) visit(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) this.forEachField(selection.selectionSet, visit);
      else {
        const fragment = this.fragments.get(selection.name.value);
        if (fragment) this.forEachField(fragment.selectionSet, visit);
      }
    }
  }

  private included(node: SelectionSetNode['selections'][number]): boolean {
    if (!node.directives?.length) return true;
    return getDirectiveValues(GraphQLSkipDirective, node, this.variables)?.if !== true && getDirectiveValues(GraphQLIncludeDirective, node, this.variables)?.if !== false;
  }
}

/** A field's response key: its alias, or its name. */
export function responseKey(field: FieldNode): string {
  return field.alias?.value ?? field.name.value;
}
