import { type DocumentNode, parse } from 'graphql';
import { perDocument } from './document-parts';

describe('perDocument', () => {
  it('works a fact out once per document object, falsy facts included, and apart for every other document', () => {
    const seen: DocumentNode[] = [];
    const fact = perDocument((document) => {
      seen.push(document);
      return document.definitions.length > 1 ? undefined : 0;
    });
    const one = parse('{ a }');
    const two = parse('{ a } query B { b }');
    const sameText = parse('{ a }');
    expect([fact(one), fact(one), fact(two), fact(two), fact(sameText)]).toEqual([0, 0, undefined, undefined, 0]);
    expect(seen).toEqual([one, two, sameText]);
    expect(seen[0]).toBe(one);
    expect(seen[2]).toBe(sameText);
  });
});
