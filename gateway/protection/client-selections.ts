import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type GraphQLSchema,
  isAbstractType,
  isObjectType,
  Kind,
  type NamedTypeNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  visit,
} from 'graphql';
import { fragmentsOf, isIncluded, perDocument } from './document-parts';

/**
 * The fields of the client's operation as its answer carries them, the way GraphQL's own
 * field collection works: fragments (inline and named) flattened into their parent,
 * fields left out by @skip/@include dropped (evaluated on the coerced variables, defaults
 * included), fragments whose type condition does not match the object left out, and the
 * fields that share a response key merged in the order the operation selects them.
 */
export class ClientSelections {
  readonly operation: OperationDefinitionNode | undefined;
  private readonly fragments: Map<string, FragmentDefinitionNode>;
  private readonly collected = new WeakMap<readonly SelectionSetNode[], Map<string | undefined, Map<string, FieldNode[]>>>();
  private readonly below = new WeakMap<readonly FieldNode[], readonly SelectionSetNode[]>();

  /** `variables` must be the coerced ones: a variable's default counts as if it had been sent. */
  constructor(
    document: DocumentNode,
    private readonly variables: Record<string, unknown>,
    private readonly schema?: GraphQLSchema,
  ) {
    this.fragments = fragmentsOf(document);
    this.operation = document.definitions.find(
      (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
    );
  }

  /**
   * The response keys of `selectionSets` on an object whose type is `typeName` (unknown:
   * every fragment counts), each with all the field nodes that answer it. Collected once per
   * selection sets and type: a list of a hundred customers is one collection, not a hundred.
   * The map is shared between callers and must not be changed.
   */
  collect(selectionSets: readonly SelectionSetNode[], typeName?: string): ReadonlyMap<string, FieldNode[]> {
    let byType = this.collected.get(selectionSets);
    if (!byType) this.collected.set(selectionSets, (byType = new Map()));
    let fields = byType.get(typeName);
    if (!fields) byType.set(typeName, (fields = this.collectNow(selectionSets, typeName)));
    return fields;
  }

  /** The sub-selections of every field node answering one key (merged, as execution merges them), the same list each time. */
  subSelections(fields: readonly FieldNode[]): readonly SelectionSetNode[] {
    let below = this.below.get(fields);
    if (!below) this.below.set(fields, (below = fields.flatMap((field) => (field.selectionSet ? [field.selectionSet] : []))));
    return below;
  }

  private collectNow(selectionSets: readonly SelectionSetNode[], typeName: string | undefined): Map<string, FieldNode[]> {
    const fields = new Map<string, FieldNode[]>();
    const visited = new Set<string>();
    const walk = (selectionSet: SelectionSetNode): void => {
      for (const selection of selectionSet.selections) {
        if (!isIncluded(selection, this.variables)) continue;
        if (selection.kind === Kind.FIELD) {
          const key = responseKey(selection);
          const same = fields.get(key);
          if (same) same.push(selection);
          else fields.set(key, [selection]);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          if (this.matches(selection.typeCondition, typeName)) walk(selection.selectionSet);
        } else {
          const name = selection.name.value;
          const fragment = this.fragments.get(name);
          if (!fragment || visited.has(name) || !this.matches(fragment.typeCondition, typeName)) continue;
          visited.add(name);
          walk(fragment.selectionSet);
        }
      }
    };
    for (const selectionSet of selectionSets) walk(selectionSet);
    return fields;
  }

  private matches(condition: NamedTypeNode | undefined, typeName: string | undefined): boolean {
    if (!condition || !typeName || !this.schema || condition.name.value === typeName) return true;
    const conditionType = this.schema.getType(condition.name.value);
    const objectType = this.schema.getType(typeName);
    return isAbstractType(conditionType) && isObjectType(objectType) && this.schema.isSubType(conditionType, objectType);
  }
}

/** A field's response key: its alias, or its name. */
function responseKey(field: FieldNode): string {
  return field.alias?.value ?? field.name.value;
}

/**
 * The first @skip/@include in `document` that these variables cannot decide (a null where a Boolean is needed), as the
 * error it raises. `document` is the operation that runs and the fragments it reaches (an analysis's `source`): the
 * document's other operations are not run, and their variables are not this request's.
 */
export function undecidableCondition(document: DocumentNode, variables: Record<string, unknown>): GraphQLError | undefined {
  for (const node of conditionedNodes(document)) {
    try {
      isIncluded(node, variables);
    } catch (error) {
      return error as GraphQLError;
    }
  }
  return undefined;
}

/** Every node of the document that carries a directive, in document order (most documents have none). */
const conditionedNodes = perDocument((document): SelectionNode[] => {
  const nodes: SelectionNode[] = [];
  visit(document, {
    enter(node) {
      if ('directives' in node && node.directives?.length && node.kind !== Kind.DIRECTIVE_DEFINITION) nodes.push(node as SelectionNode);
      return undefined;
    },
  });
  return nodes;
});
