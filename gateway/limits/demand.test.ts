import { readFileSync } from 'node:fs';
import { getNullableType, getOperationAST, getVariableValues, isListType, isObjectType, parse } from 'graphql';
import { apiSchemaOf } from '../../platform/supergraph-file';
import { CUSTOMER_PAGE_QUERY, CUSTOMER_QUERY } from '../../test/support/customer-360';
import { DEFAULT_SUPERGRAPH_PATH } from '../../platform/supergraph-file';
import { estimateDemand } from './demand';
import { listSizesFromSdl } from '../../policy/list-sizes';

const supergraphSdl = readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8');
const schema = apiSchemaOf(supergraphSdl);
const listSizes = listSizesFromSdl(parse(supergraphSdl));

function demandOf(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = getOperationAST(document)!;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) throw coerced.errors[0];
  return estimateDemand(schema, document, operation, coerced.coerced, listSizes);
}

describe('demand estimate', () => {
  it('finds a declared @listSize on every list field of the API, and on the customer page', () => {
    const undeclared = Object.values(schema.getTypeMap())
      .filter((type) => isObjectType(type) && !type.name.startsWith('__'))
      .flatMap((type) =>
        Object.values((type as ReturnType<typeof schema.getQueryType> & object).getFields()).map((field) => ({ type: type.name, field })),
      )
      .filter(({ field }) => isListType(getNullableType(field.type)))
      .map(({ type, field }) => `${type}.${field.name}`)
      .filter((coordinate) => !listSizes.has(coordinate));
    // A page's nodes are sized by the field that returns the page (sizedFields), not by a directive of their own.
    expect(undeclared).toEqual(['AccessLogPage.nodes', 'CustomerListPage.nodes', 'CustomerPage.nodes', 'ProspectPage.nodes']);
    expect(listSizes.get('Query.customers')).toEqual({ assumedSize: undefined, slicingArguments: ['first'], sizedFields: ['nodes'] });
    expect(listSizes.get('Query.accessLog')).toEqual({ assumedSize: undefined, slicingArguments: ['first'], sizedFields: ['nodes'] });
    expect(listSizes.get('Query.customersWhere')).toEqual({ assumedSize: undefined, slicingArguments: ['first'], sizedFields: ['nodes'] });
    expect(listSizes.get('Query.prospects')).toEqual({ assumedSize: undefined, slicingArguments: ['first'], sizedFields: ['nodes'] });
  });

  it('sizes a page of the audit trail by its `first` (20 by default), like the customer page', () => {
    const page = 'query($first: Int) { accessLog(first: $first) { nodes { id customerIds } pageInfo { endCursor } } }';
    expect([demandOf(page, { first: 100 }), demandOf(page, { first: 20 }), demandOf(page, {})]).toEqual([
      { cost: 102, customers: 0, badSlices: [] },
      { cost: 22, customers: 0, badSlices: [] },
      { cost: 22, customers: 0, badSlices: [] },
    ]);
  });

  it('weighs the customer-360 and a page of it (reviewed numbers)', () => {
    expect(demandOf(CUSTOMER_QUERY, { id: '1000001' })).toEqual({ cost: 183, customers: 7, badSlices: [] });
    expect(demandOf(CUSTOMER_PAGE_QUERY, { first: 100 })).toEqual({ cost: 18302, customers: 700, badSlices: [] });
    expect(demandOf(CUSTOMER_PAGE_QUERY, { first: 20 })).toEqual({ cost: 3662, customers: 140, badSlices: [] });
  });

  it('reads sizes from variables and from defaults, and does not count what @skip/@include leave out', () => {
    expect(demandOf('query($n: Int!) { customers(first: $n) { nodes { id } } }', { n: 50 })).toEqual({
      cost: 51,
      customers: 50,
      badSlices: [],
    });
    expect(demandOf('{ customers { nodes { id } } }')).toEqual({ cost: 21, customers: 20, badSlices: [] });
    expect(demandOf('query($with: Boolean = false) { customers(first: 5) { nodes { orders @include(if: $with) { id } } } }')).toEqual({
      cost: 6,
      customers: 5,
      badSlices: [],
    });
    expect(
      demandOf('query($with: Boolean = false) { customers(first: 5) { nodes { orders @include(if: $with) { id } } } }', { with: true }),
    ).toEqual({ cost: 56, customers: 5, badSlices: [] });
  });

  it('counts a fragment every time it is spread, and weighs it once', () => {
    const spreads = Array.from({ length: 10 }, (_, i) => `p${i}: customers(first: 100) { nodes { ...C } }`).join(' ');
    expect(demandOf(`{ ${spreads} } fragment C on Customer { household { members { id } } }`)).toEqual({
      cost: 8010,
      customers: 7000,
      badSlices: [],
    });
  });

  it('names slicing arguments below 1 instead of letting them lower the estimate', () => {
    expect(demandOf('{ a: customers(first: 100) { nodes { id } } b: customers(first: -2000) { nodes { id } } }')).toEqual({
      cost: 103,
      customers: 101,
      badSlices: [{ coordinate: 'Query.customers', argument: 'first', value: -2000 }],
    });
  });

  it('leaves introspection out of the cost (the schema is of a fixed size)', () => {
    expect(demandOf('{ __schema { types { fields { name } } } }')).toEqual({ cost: 0, customers: 0, badSlices: [] });
  });
});
