import { buildSchema, type FieldNode, Kind, parse, separateOperations, visit } from 'graphql';

import { ClientSelections, undecidableCondition } from './client-selections';

const DOCUMENT = parse(`
  query Page($withEmail: Boolean!, $skipSegment: Boolean!, $withPhone: Boolean = false) {
    customers(first: 2) { nodes { id ...Contact ... on Customer { segment @skip(if: $skipSegment) } phone @include(if: $withPhone) name } }
  }
  fragment Contact on Customer { name mail: email @include(if: $withEmail) }
`);

const SCHEMA = buildSchema(`
  type Query { items: [Item!]! }
  interface Item { id: ID! }
  type Book implements Item { id: ID! title: String }
  type Film implements Item { id: ID! director: String }
`);
const ABSTRACT = parse('{ items { id ... on Book { title } ... on Film { director } ...Named } } fragment Named on Book { title }');

function fieldNamed(document: typeof DOCUMENT, name: string): FieldNode {
  let found: FieldNode | undefined;
  visit(document, { Field: (node) => void (node.name.value === name && (found = node)) });
  return found!;
}

describe('ClientSelections', () => {
  const keysOf = (variables: Record<string, unknown>) => {
    const fields = new ClientSelections(DOCUMENT, variables).collect([fieldNamed(DOCUMENT, 'nodes').selectionSet!]);
    return [...fields].map(([key, nodes]) => `${key}×${nodes.length}`);
  };

  it('flattens fragments, merges fields sharing a key in first-selected order, and drops what @skip/@include leave out', () => {
    expect(keysOf({ withEmail: true, skipSegment: false, withPhone: false })).toEqual(['id×1', 'name×2', 'mail×1', 'segment×1']);
    expect(keysOf({ withEmail: false, skipSegment: true, withPhone: true })).toEqual(['id×1', 'name×2', 'phone×1']);
  });

  it('reads @skip/@include from the coerced variables, so a default counts as sent', () => {
    expect(keysOf({ withEmail: false, skipSegment: true, withPhone: false })).toEqual(['id×1', 'name×2']);
  });

  it('leaves out fragments whose type condition does not match the object, when its type is known', () => {
    const selections = new ClientSelections(ABSTRACT, {}, SCHEMA);
    const items = [fieldNamed(ABSTRACT, 'items').selectionSet!];
    expect([...selections.collect(items, 'Book').keys()]).toEqual(['id', 'title']);
    expect([...selections.collect(items, 'Film').keys()]).toEqual(['id', 'director']);
    expect([...selections.collect(items).keys()]).toEqual(['id', 'title', 'director']);
  });

  it('finds the operation among the fragments', () => {
    expect(new ClientSelections(DOCUMENT, {}).operation?.kind).toBe(Kind.OPERATION_DEFINITION);
  });
});

describe('undecidableCondition', () => {
  it('finds a condition the coerced variables cannot decide, anywhere in the document, and nothing otherwise', () => {
    const document = parse('query($a: Boolean = true, $b: Boolean) { x @include(if: $a) ...F } fragment F on Query { y @skip(if: $b) }');
    expect(undecidableCondition(document, { a: true, b: false })).toBeUndefined();
    expect(undecidableCondition(document, { a: null, b: false })?.message).toBe(
      'Argument "if" of non-null type "Boolean!" must not be null.',
    );
    expect(undecidableCondition(document, { a: true, b: null })?.message).toBe(
      'Argument "if" of non-null type "Boolean!" must not be null.',
    );
    expect(undecidableCondition(parse('{ x @deprecated }'), {})).toBeUndefined();
    // The same document again, decided: what is remembered of a document never includes a request's variables.
    expect(undecidableCondition(document, { a: false, b: true })).toBeUndefined();
  });

  it("given the operation that runs with the fragments it reaches, judges none of the document's other operations", () => {
    const operations = separateOperations(
      parse(`
        query A($a: Boolean!) { x @include(if: $a) ...OfA }
        query B($b: Boolean) { y ...OfB }
        fragment OfA on Query { z @skip(if: $a) }
        fragment OfB on Query { ...Deeper }
        fragment Deeper on Query { w @skip(if: $b) }
      `),
    );
    expect(undecidableCondition(operations.B, { b: false })).toBeUndefined();
    expect(undecidableCondition(operations.B, { b: null })?.message).toBe('Argument "if" of non-null type "Boolean!" must not be null.');
    expect(undecidableCondition(operations.A, { a: true })).toBeUndefined();
  });
});
