import { parse, print } from 'graphql';
import { hasIntrospectionInRootFragment, inlineRootFragments } from './root-fragments';

describe('inlineRootFragments', () => {
  it('moves the fields of root-level fragments to the root, leaving out those @skip/@include exclude', () => {
    const document = parse(`
      query Q($on: Boolean!) {
        version
        ... on Query @include(if: $on) { __schema { queryType { name } } }
        ... @skip(if: $on) { skipped }
        ...Named
        ...Missing
        ...Off @include(if: false)
      }
      fragment Named on Query { ... on Query { __type(name: "Customer") { name } } named }
      fragment Off on Query { off }
    `);
    expect(print(inlineRootFragments(document, { on: true }))).toBe(
      [
        'query Q($on: Boolean!) {',
        '  version',
        '  __schema {',
        '    queryType {',
        '      name',
        '    }',
        '  }',
        '  __type(name: "Customer") {',
        '    name',
        '  }',
        '  named',
        '}',
        '',
        'fragment Named on Query {',
        '  ... on Query {',
        '    __type(name: "Customer") {',
        '      name',
        '    }',
        '  }',
        '  named',
        '}',
        '',
        'fragment Off on Query {',
        '  off',
        '}',
      ].join('\n'),
    );
    expect(
      print(inlineRootFragments(document, { on: false }))
        .split('\n')
        .slice(0, 4),
    ).toEqual(['query Q($on: Boolean!) {', '  version', '  skipped', '  __type(name: "Customer") {']);
  });

  it('leaves fragments below the root alone', () => {
    const document = parse('{ customers { ... on Customer { name } } }');
    expect(print(inlineRootFragments(document, {}))).toBe('{\n  customers {\n    ... on Customer {\n      name\n    }\n  }\n}');
  });
});

describe('hasIntrospectionInRootFragment', () => {
  it.each([
    ['finds __schema in a root inline fragment', '{ ... on Query { __schema { queryType { name } } } }', true],
    ['finds __type in a root named fragment', '{ ...F } fragment F on Query { __type(name: "X") { name } }', true],
    [
      'finds introspection in a fragment of a fragment',
      '{ ...F } fragment F on Query { ...G } fragment G on Query { __schema { types { name } } }',
      true,
    ],
    ['ignores introspection at the root itself', '{ __schema { queryType { name } } __type(name: "X") { name } }', false],
    ['ignores a root fragment of other fields', '{ ... on Query { version } ...F } fragment F on Query { __typename }', false],
    ['ignores a fragment the operation does not use', '{ version } fragment F on Query { __schema { queryType { name } } }', false],
    [
      'ignores introspection in an inline fragment of a fragment the operation does not use',
      '{ version } fragment F on Query { ... on Query { __schema { queryType { name } } } }',
      false,
    ],
    ['ignores a missing fragment', '{ ...Missing }', false],
    ['stops at fragments that spread each other', '{ ...F } fragment F on Query { ...G } fragment G on Query { ...F version }', false],
  ])('%s', (_, source, expected) => {
    expect(hasIntrospectionInRootFragment(parse(source))).toBe(expected);
  });
});
