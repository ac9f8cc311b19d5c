import { type FieldNode, Kind, parse, visit } from 'graphql';
import { ClientSelections, responseKey } from './client-selections';
import type { OperationAnalysis } from './operation-analysis';
import { requestedPaths } from './requested-paths';

const DOCUMENT = parse(`
  query Page($withEmail: Boolean!, $skipSegment: Boolean!) {
    customers(first: 2) { nodes { id ...Contact ... on Customer { segment @skip(if: $skipSegment) } } }
  }
  fragment Contact on Customer { name mail: email @include(if: $withEmail) }
`);

function fieldNamed(name: string): FieldNode {
  let found: FieldNode | undefined;
  visit(DOCUMENT, { Field: (node) => void (node.name.value === name && (found = node)) });
  return found!;
}

describe('ClientSelections', () => {
  it('flattens inline and named fragments, and drops what @skip/@include leave out', () => {
    const keysOf = (variables: Record<string, unknown>) => {
      const selections = new ClientSelections(DOCUMENT, variables);
      const keys: string[] = [];
      selections.forEachField(fieldNamed('nodes').selectionSet!, (field) => keys.push(responseKey(field)));
      return keys;
    };
    expect(keysOf({ withEmail: true, skipSegment: false })).toEqual(['id', 'name', 'mail', 'segment']);
    expect(keysOf({ withEmail: false, skipSegment: true })).toEqual(['id', 'name']);
  });

  it('finds the operation among the fragments', () => {
    expect(new ClientSelections(DOCUMENT, {}).operation?.kind).toBe(Kind.OPERATION_DEFINITION);
  });
});

describe('requestedPaths', () => {
  it('lists the response paths the client asked for, without list indices, forbidden fields or skipped ones', () => {
    const analysis = { source: DOCUMENT, fields: new Map([[fieldNamed('name'), { forbidden: true }]]) } as unknown as OperationAnalysis;
    expect([...requestedPaths(analysis, { withEmail: true, skipSegment: true })].sort()).toEqual([
      'customers', 'customers.nodes', 'customers.nodes.id', 'customers.nodes.mail',
    ]);
  });
});
