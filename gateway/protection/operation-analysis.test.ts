import { createHash } from 'node:crypto';
import { buildSchema, type FieldNode, parse, print, visit } from 'graphql';
import type { FieldRule } from '../../policy/field-rules';
import { CLERK, POLICY, RULES, SCHEMA } from '../../test/support/protection-fixture';
import { analyseOperation } from './operation-analysis';

const analyse = (source: string, operationName: string | null = null, caller = CLERK) =>
  analyseOperation(SCHEMA, parse(source), operationName, RULES, caller, POLICY);

/** The facts of the first field node named `name` in the client's operation. */
function factsOf(analysis: ReturnType<typeof analyse>, name: string) {
  let node: FieldNode | undefined;
  visit(analysis.source, { Field: (field) => void (field.name.value === name && !node && (node = field)) });
  return analysis.fields.get(node!);
}

describe('analyseOperation', () => {
  it('takes out the fields the caller may not read, adds the audit id to every customer selection, and hashes what runs', () => {
    const analysis = analyse('query A { customers { name email segment orders { total note } } } query B { version }', 'A');
    const executed =
      'query A {\n  customers {\n    name\n    email\n    orders {\n      total\n      note\n    }\n    _auditCustomerId: id\n  }\n}';
    expect(print(analysis.document)).toBe(executed);
    expect(analysis.documentHash).toBe(createHash('sha256').update(executed).digest('hex'));
    expect(analysis.forbiddenCoordinates).toEqual(['Customer.segment']);
    expect(print(analysis.source)).toBe(
      'query A {\n  customers {\n    name\n    email\n    segment\n    orders {\n      total\n      note\n    }\n  }\n}',
    );
    expect([analysis.auditAlias, analysis.typeAlias, analysis.inlineRootFragments, analysis.schema]).toEqual([
      '_auditCustomerId',
      '_protectionTypename',
      false,
      SCHEMA,
    ]);
  });

  it('takes a mutation the caller may not send out before planning, like a field, and keeps the one it may send', () => {
    const schema = buildSchema(`
      type Query { version: String }
      type Mutation { allowed(customerId: ID!): Customer refused(customerId: ID!): Customer }
      type Customer { id: ID! name: String }
    `);
    const rules = new Map<string, FieldRule>([
      ...RULES,
      ['Mutation.allowed', { category: 'BEHAVIOURAL', scopes: [['customer:read']] }],
      ['Mutation.refused', { category: 'BEHAVIOURAL', scopes: [['restriction:write']] }],
    ]);
    const source = 'mutation { allowed(customerId: "1") { name } refused(customerId: "1") { id } }';
    const analysis = analyseOperation(schema, parse(source), null, rules, CLERK, POLICY);
    expect(print(analysis.document)).toBe('mutation {\n  allowed(customerId: "1") {\n    name\n    _auditCustomerId: id\n  }\n}');
    expect(analysis.forbiddenCoordinates).toEqual(['Mutation.refused']);
    const onlyRefused = analyseOperation(schema, parse('mutation { refused(customerId: "1") { id } }'), null, rules, CLERK, POLICY);
    expect(print(onlyRefused.document)).toBe('mutation {\n  _protectionTypename: __typename\n}');
  });

  it('notes for every field its coordinate, rule, whether it is withheld and how it is masked', () => {
    const analysis = analyse('{ customers { id name email segment } accessLog { at } }');
    expect(factsOf(analysis, 'id')).toEqual({ coordinate: 'Customer.id', rule: undefined, forbidden: false, mask: undefined });
    expect(factsOf(analysis, 'name')).toEqual({
      coordinate: 'Customer.name',
      rule: RULES.get('Customer.name'),
      forbidden: false,
      mask: undefined,
    });
    expect(factsOf(analysis, 'email')).toEqual({
      coordinate: 'Customer.email',
      rule: RULES.get('Customer.email'),
      forbidden: false,
      mask: 'EMAIL',
    });
    expect(factsOf(analysis, 'segment')).toEqual({
      coordinate: 'Customer.segment',
      rule: RULES.get('Customer.segment'),
      forbidden: true,
      mask: undefined,
    });
    expect(factsOf(analysis, 'accessLog')).toEqual({
      coordinate: 'Query.accessLog',
      rule: RULES.get('Query.accessLog'),
      forbidden: true,
      mask: undefined,
    });
    // Under a removed field nothing is looked at.
    expect(factsOf(analysis, 'at')).toBeUndefined();
    expect(analysis.forbiddenCoordinates).toEqual(['Customer.segment', 'Query.accessLog']);
  });

  it('shows a masked field in full to a caller holding its unmask scope', () => {
    const unmasked = { scopes: new Set([...CLERK.scopes, 'contact:unmasked']), purpose: 'sales' };
    expect(factsOf(analyse('{ customers { email } }', null, unmasked), 'email')).toMatchObject({ forbidden: false, mask: undefined });
  });

  it('does not mask a field the caller may not read at all', () => {
    const analysis = analyse('{ customers { email } }', null, { scopes: new Set(['customer:read']), purpose: 'sales' });
    expect(factsOf(analysis, 'email')).toMatchObject({ forbidden: true, mask: undefined });
  });

  it('names each withheld coordinate once, and keeps emptied selections valid with the hidden __typename', () => {
    const analysis = analyse('{ customer(id: 1) { segment } node(id: 2) { ... on Customer { segment } } accessLog { at } }');
    expect(analysis.forbiddenCoordinates).toEqual(['Customer.segment', 'Query.accessLog']);
    expect(print(analysis.document)).toBe(
      [
        '{',
        '  customer(id: 1) {',
        '    _auditCustomerId: id',
        '    _protectionTypename: __typename',
        '  }',
        '  node(id: 2) {',
        '    ... on Customer {',
        '      _auditCustomerId: id',
        '      _protectionTypename: __typename',
        '    }',
        '    _protectionTypename: __typename',
        '  }',
        '}',
      ].join('\n'),
    );
  });

  it('fetches the hidden __typename on abstract types, and no audit id outside customers', () => {
    expect(print(analyse('{ search { ... on Order { id total } } }').document)).toBe(
      '{\n  search {\n    ... on Order {\n      id\n      total\n    }\n    _protectionTypename: __typename\n  }\n}',
    );
    expect(print(analyse('{ version }').document)).toBe('{\n  version\n}');
  });

  it('picks aliases no field of the operation uses', () => {
    const analysis = analyse('{ customers { _auditCustomerId: name _auditCustomerId1: email } _protectionTypename: version }');
    expect([analysis.auditAlias, analysis.typeAlias]).toEqual(['_auditCustomerId2', '_protectionTypename1']);
    expect(print(analysis.document)).toContain('_auditCustomerId2: id');
    expect(analyse('{ customers { _auditCustomerId: id } }').auditAlias).toBe('_auditCustomerId1');
    expect(analyse('{ _auditCustomerId: version }').auditAlias).toBe('_auditCustomerId1');
  });

  it('keeps only the operation that runs, with the fragments it uses', () => {
    const analysis = analyse(
      'query A { ...F } query B { accessLog { at } } fragment F on Query { version } fragment G on Query { accessLog { at } }',
      'A',
    );
    expect(print(analysis.source)).toBe('query A {\n  ...F\n}\n\nfragment F on Query {\n  version\n}');
    expect(analysis.forbiddenCoordinates).toEqual([]);
  });

  it('refuses a document without the operation named', () => {
    expect(() => analyse('query A { version }', 'B')).toThrow('The document has no operation named "B"');
    expect(() => analyse('query A { version } query B { version }')).toThrow('The document has no operation named ""');
  });

  it('says when introspection stands in a root-level fragment', () => {
    expect(analyse('{ ... on Query { __schema { queryType { name } } } }').inlineRootFragments).toBe(true);
    expect(analyse('{ __schema { queryType { name } } }').inlineRootFragments).toBe(false);
  });

  it('notes nothing under a field of no known type', () => {
    const analysis = analyse('{ nope { name } }');
    expect([...analysis.fields.values()]).toEqual([{ coordinate: 'Query.nope', rule: undefined, forbidden: false, mask: undefined }]);
  });
});
