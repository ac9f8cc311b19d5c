import { buildSchema, type FieldNode, Kind, type OperationDefinitionNode, parse, type SelectionSetNode } from 'graphql';
import { ClientSelections } from './client-selections';
import { mask } from './masks';

const SCHEMA = buildSchema(`
  type Query { items: [Item!]! }
  interface Item { id: ID! }
  interface Priced { price: Int }
  type Book implements Item & Priced { id: ID! title: String price: Int }
  type Film implements Item { id: ID! director: String }
  union Media = Book | Film
`);

const rootOf = (selections: ClientSelections) => [selections.operation!.selectionSet];
const itemsOf = (source: string) =>
  (parse(source).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode).selectionSet
    .selections[0] as FieldNode;

describe('ClientSelections with type conditions', () => {
  const source =
    '{ items { id ... on Priced { price } ... on Media { ...Titled } ... on Film { director } } } fragment Titled on Book { title }';
  const keys = (typeName?: string) => {
    const document = parse(source);
    const items = itemsOf(source);
    return [...new ClientSelections(document, {}, SCHEMA).collect([items.selectionSet!], typeName).keys()];
  };

  it('takes the fragments on an interface or union the object belongs to', () => {
    expect(keys('Book')).toEqual(['id', 'price', 'title']);
  });

  it('leaves out the fragments on an interface the object does not implement or another object type', () => {
    expect(keys('Film')).toEqual(['id', 'director']);
  });

  it('leaves out every typed fragment for a type the schema does not have', () => {
    expect(keys('Magazine')).toEqual(['id']);
  });

  it('treats an abstract type name given as the object type as matching nothing but itself', () => {
    expect(keys('Media')).toEqual(['id']);
  });
});

describe('ClientSelections', () => {
  it('takes the first operation of the document, whatever else it holds', () => {
    const selections = new ClientSelections(parse('type T { a: Int } fragment F on Query { a } query First { a } query Second { b }'), {});
    expect(selections.operation?.name?.value).toBe('First');
  });

  it('skips a spread of a fragment the document does not have, and a fragment spread twice', () => {
    const document = parse('{ ...Missing ...F ...F a } fragment F on Query { a }');
    const fields = new ClientSelections(document, {}).collect(rootOf(new ClientSelections(document, {})));
    expect([...fields].map(([key, nodes]) => `${key}×${nodes.length}`)).toEqual(['a×2']);
  });

  it('takes field nodes built without directives', () => {
    const built: SelectionSetNode = { kind: Kind.SELECTION_SET, selections: [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'a' } }] };
    expect([...new ClientSelections(parse('{ a }'), {}).collect([built]).keys()]).toEqual(['a']);
  });
});

describe('IBAN masks at the length where the country code shows', () => {
  it('shows country code and last four from 12 characters on', () => {
    expect(mask('IBAN', 'DE1234567890')).toBe('DE•• •••• 7890');
    expect(mask('IBAN', 'DE123456789')).toBe('•••• 6789');
  });
});
