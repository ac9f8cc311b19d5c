import { getOperationAST, parse } from 'graphql';
import { countSelections } from './selection-counts';

const countsOf = (query: string) => {
  const document = parse(query);
  return countSelections(document, getOperationAST(document)!);
};

describe('countSelections', () => {
  it('counts __typename aliases like any other', () => {
    expect(countsOf('{ a: __typename b: __typename c: id }')).toEqual({ aliases: 3, directives: 0 });
  });

  it("counts a fragment's aliases and directives once per spread, and each spread's own directives", () => {
    expect(countsOf('{ ...F @include(if: true) ...F @skip(if: false) ...F } fragment F on Query { x: a @include(if: true) }')).toEqual({
      aliases: 3,
      directives: 5,
    });
  });

  it('counts directives on the operation, inline fragments and nested fields', () => {
    expect(countsOf('query Q @live { ... @include(if: true) { a { b @skip(if: false) c: d } } }')).toEqual({ aliases: 1, directives: 3 });
  });

  it('multiplies nested spreads without expanding them (a fragment bomb is counted, not walked)', () => {
    const levels = Array.from({ length: 20 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join(' ');
    expect(countsOf(`{ ...F0 } ${levels} fragment F20 on Query { x: a }`)).toEqual({ aliases: 2 ** 20, directives: 0 });
  });

  it('stops at a cycle instead of looping (validation refuses it anyway)', () => {
    expect(countsOf('{ ...A } fragment A on Query { x: a ...B } fragment B on Query { y: b ...A }')).toEqual({ aliases: 2, directives: 0 });
  });
});
