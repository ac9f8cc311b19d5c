import {
  type DocumentNode,
  type FieldNode,
  getArgumentValues,
  getNamedType,
  getNullableType,
  type GraphQLNamedType,
  type GraphQLSchema,
  isAbstractType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { fragmentsOf, isIncluded } from '../protection/document-parts';
import type { ListSizes } from '../../policy/list-sizes';

/** A list no `@listSize` bounds counts as this long (a test keeps every list of this graph declared). */
const UNDECLARED_LIST_SIZE = 100;

/** What an operation can cost and return at most, for these variables. */
export interface Demand {
  /** Demand control's cost: every object 1, times the size of each list around it; scalars 0. */
  cost: number;
  /** How many customers (distinct or not) the answer can hold at most. */
  customers: number;
  /** Slicing arguments below 1 (`first: -2000`): no list is that long, and such a value must not lower the estimate. */
  badSlices: Array<{ coordinate: string; argument: string; value: number }>;
}

type Weight = Omit<Demand, 'badSlices'>;

/**
 * Estimates an operation before anything is planned, the way Apollo's demand control
 * does: a list is as long as its slicing argument says (the coerced value, so variables and
 * defaults count), or its assumed size; fields left out by @skip/@include for these
 * variables do not count; every fragment counts (an upper bound for abstract types).
 */
export function estimateDemand(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  listSizes: ListSizes,
  entityType = 'Customer',
): Demand {
  const fragments = fragmentsOf(document);
  const memo = new Map<string, Weight>();
  const badSlices = new Map<string, Demand['badSlices'][number]>();

  const ofSelections = (selectionSet: SelectionSetNode, parent: GraphQLNamedType, sized: ReadonlyMap<string, number>): Weight => {
    const total: Weight = { cost: 0, customers: 0 };
    for (const selection of selectionSet.selections) {
      if (!isIncluded(selection, variables)) continue;
      let part: Weight;
      if (selection.kind === Kind.FIELD) part = ofField(selection, parent, sized);
      else if (selection.kind === Kind.INLINE_FRAGMENT)
        part = ofSelections(selection.selectionSet, typeOr(selection.typeCondition?.name.value, parent), sized);
      else part = ofFragment(selection.name.value, parent, sized);
      total.cost += part.cost;
      total.customers += part.customers;
    }
    return total;
  };

  // Memoised per fragment and context: a fragment spread many times is weighed once, not expanded each time.
  const ofFragment = (name: string, parent: GraphQLNamedType, sized: ReadonlyMap<string, number>): Weight => {
    const fragment = fragments.get(name);
    if (!fragment) return { cost: 0, customers: 0 };
    const key = `${name}|${parent.name}|${[...sized].join(',')}`;
    let demand = memo.get(key);
    if (!demand) {
      memo.set(key, { cost: 0, customers: 0 }); // a cycle (refused by validation anyway) weighs nothing more
      demand = ofSelections(fragment.selectionSet, typeOr(fragment.typeCondition.name.value, parent), sized);
      memo.set(key, demand);
    }
    return demand;
  };

  const ofField = (node: FieldNode, parent: GraphQLNamedType, sized: ReadonlyMap<string, number>): Weight => {
    // Introspection answers with the schema, whose size is fixed; who may ask is the schema-access rule's business.
    if (node.name.value.startsWith('__') || (!isObjectType(parent) && !isInterfaceType(parent))) return { cost: 0, customers: 0 };
    const definition = parent.getFields()[node.name.value];
    if (!definition) return { cost: 0, customers: 0 };
    const type = getNamedType(definition.type);
    if (!isCompositeType(type)) return { cost: 0, customers: 0 };
    const declared = listSizes.get(`${parent.name}.${node.name.value}`);
    const args = getArgumentValues(definition, node, variables);
    const sliced = declared?.slicingArguments?.map((name) => args[name]).filter((value): value is number => typeof value === 'number');
    for (const name of declared?.slicingArguments ?? []) {
      const value = args[name];
      const coordinate = `${parent.name}.${node.name.value}`;
      if (typeof value === 'number' && value < 1) badSlices.set(`${coordinate}(${name}: ${value})`, { coordinate, argument: name, value });
    }
    const size = sliced && sliced.length > 0 ? Math.max(1, ...sliced) : declared?.assumedSize;
    const inherited = sized.get(node.name.value);
    const isList = isListType(getNullableType(definition.type));
    const times = inherited ?? (isList && !declared?.sizedFields ? (size ?? UNDECLARED_LIST_SIZE) : 1);
    const childSized = new Map((declared?.sizedFields ?? []).map((field) => [field, size ?? UNDECLARED_LIST_SIZE] as const));
    const children = node.selectionSet ? ofSelections(node.selectionSet, type, childSized) : { cost: 0, customers: 0 };
    return {
      cost: times * (1 + children.cost),
      customers: times * ((type.name === entityType ? 1 : 0) + children.customers),
    };
  };

  const typeOr = (name: string | undefined, fallback: GraphQLNamedType): GraphQLNamedType => {
    const type = name ? schema.getType(name) : undefined;
    return type && (isObjectType(type) || isInterfaceType(type) || isAbstractType(type)) ? type : fallback;
  };

  const root = schema.getRootType(operation.operation);
  const weight = root ? ofSelections(operation.selectionSet, root, new Map()) : { cost: 0, customers: 0 };
  return { ...weight, badSlices: [...badSlices.values()] };
}
