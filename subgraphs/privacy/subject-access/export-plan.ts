import {
  getNamedType,
  getNullableType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import type { FieldRules } from '../../../policy/field-rules';
import type { ListSizes } from '../../../policy/list-sizes';

/** How many items one page of a list asks for: within every list's own maximum. */
export const PAGE_SIZE = 20;

/** The argument every sliced list is paged with. */
const OFFSET_ARGUMENT = 'offset';

/** The data subject. Another customer reached from them (a household's members) is someone else's data: not read at all. */
const SUBJECT_TYPE = 'Customer';

/**
 * Customer fields not read as the customer's data, each with the reason: the audit trail is
 * exported as the recipients (who read what, when, for which purpose), from `Query.accessLog`.
 */
export const NOT_EXPORTED_AS_DATA: Readonly<Record<string, string>> = {
  'Customer.accessLog': 'the audit trail is exported as the recipients of the data',
};

/** One list of the customer read in full, a page at a time. */
export interface PagedList {
  /** The Customer field (`orders`). */
  field: string;
  operationName: string;
  /** Takes `$customerId` and `$offset`; the list is at `data.customer[field]`. */
  query: string;
  /**
   * `last`: windows of time back from now (months, scorings), where an empty window need not be
   * the end; `first`: items newest first, where it is.
   */
  slicing: string;
}

/** The operations one customer's export runs, made from the API schema alone. */
export interface ExportPlan {
  /** Every field of the customer that is not a sliced list, in one operation taking `$customerId`. */
  profile: { operationName: string; query: string };
  lists: PagedList[];
  /** Every classified coordinate the export reads, in schema order: each appears in the export, with or without values. */
  coordinates: string[];
}

/**
 * The operations that read everything the graph holds about one customer: every field of
 * `Customer`, and of every object below it, whatever a subgraph adds; sliced lists (`first`
 * or `last`) paged with `offset` until a short page. Nothing here names a subgraph's field:
 * a field added to the schema is exported without a change here. A sliced list that cannot
 * be paged, or a field that needs an argument the export cannot know, makes the plan fail:
 * an export that could leave something out is not made.
 */
export function exportPlan(schema: GraphQLSchema, rules: FieldRules, listSizes: ListSizes): ExportPlan {
  const customer = schema.getType(SUBJECT_TYPE);
  const root = schema.getQueryType()?.getFields().customer;
  if (!isObjectType(customer) || !root || getNamedType(root.type) !== customer || !root.args.some((arg) => arg.name === 'id'))
    throw new Error(`The schema has no Query.customer(id:) returning ${SUBJECT_TYPE}`);
  const coordinates = new Set<string>();
  const profile: string[] = [];
  const lists: PagedList[] = [];
  for (const field of Object.values(customer.getFields())) {
    const coordinate = `${SUBJECT_TYPE}.${field.name}`;
    if (coordinate in NOT_EXPORTED_AS_DATA) continue;
    if (rules.has(coordinate)) coordinates.add(coordinate);
    if (getNamedType(field.type).name === SUBJECT_TYPE) continue;
    const slicing = slicingArgumentOf(coordinate, field, listSizes);
    if (!slicing && isListType(getNullableType(field.type)) && field.args.length > 0)
      throw new Error(`${coordinate} is a list with arguments but no @listSize slicing argument: it cannot be known to be read in full`);
    const selection = selectionOf(getNamedType(field.type), rules, listSizes, coordinates, [SUBJECT_TYPE]);
    if (!slicing) {
      profile.push(`${field.name}${fixedArguments(field, coordinate)}${selection}`);
      continue;
    }
    if (!field.args.some((arg) => arg.name === OFFSET_ARGUMENT))
      throw new Error(`${coordinate} is sliced by ${slicing} but takes no ${OFFSET_ARGUMENT}: it cannot be read in full`);
    const operationName = `SubjectAccess${field.name[0].toUpperCase()}${field.name.slice(1)}`;
    lists.push({
      field: field.name,
      slicing,
      operationName,
      query:
        `query ${operationName}($customerId: ID!, $offset: Int!) { customer(id: $customerId) { ` +
        `${field.name}(${slicing}: ${PAGE_SIZE}, ${OFFSET_ARGUMENT}: $offset) ${selection} } }`,
    });
  }
  return {
    profile: {
      operationName: 'SubjectAccessProfile',
      query: `query SubjectAccessProfile($customerId: ID!) { customer(id: $customerId) { ${profile.join(' ')} } }`,
    },
    lists,
    coordinates: [...coordinates],
  };
}

/** The argument a list field is sliced by, as its `@listSize` declares it. */
function slicingArgumentOf(coordinate: string, field: GraphQLField<unknown, unknown>, listSizes: ListSizes): string | undefined {
  const slicing = listSizes.get(coordinate)?.slicingArguments?.filter((name) => field.args.some((arg) => arg.name === name)) ?? [];
  if (slicing.length > 1) throw new Error(`${coordinate} is sliced by ${slicing.join(' or ')}: the export pages by one argument`);
  return slicing[0];
}

/** Arguments other than slicing take their defaults; one the export would have to invent fails the plan. */
function fixedArguments(field: GraphQLField<unknown, unknown>, coordinate: string): string {
  for (const arg of field.args)
    if (isNonNullType(arg.type) && arg.defaultValue === undefined)
      throw new Error(`${coordinate} needs the argument ${arg.name}, which the export cannot choose`);
  return '';
}

/** The selection of every field of `type` and below (`''` for a leaf); another data subject's fields are left out. */
function selectionOf(type: GraphQLNamedType, rules: FieldRules, listSizes: ListSizes, coordinates: Set<string>, path: string[]): string {
  if (isLeafType(type)) return '';
  if (!isObjectType(type)) throw new Error(`${path.join('.')} is of the abstract type ${type.name}, which the export cannot read in full`);
  if (path.includes(type.name)) throw new Error(`${path.join('.')} leads back to ${type.name}`);
  const fields = Object.values((type as GraphQLObjectType).getFields()).flatMap((field) => {
    const coordinate = `${type.name}.${field.name}`;
    if (getNamedType(field.type).name === SUBJECT_TYPE) return [];
    if (rules.has(coordinate)) coordinates.add(coordinate);
    if (slicingArgumentOf(coordinate, field, listSizes) && isListType(getNullableType(field.type)))
      throw new Error(`${coordinate} is a sliced list below the customer, which the export cannot page`);
    const below = selectionOf(getNamedType(field.type), rules, listSizes, coordinates, [...path, type.name]);
    return [`${field.name}${fixedArguments(field, coordinate)}${below}`];
  });
  if (fields.length === 0) throw new Error(`${path.join('.')} holds nothing but other customers`);
  return `{ ${fields.join(' ')} }`;
}
