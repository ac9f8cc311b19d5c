import { type DirectiveNode, type DocumentNode, type FieldDefinitionNode, Kind, type ObjectTypeDefinitionNode, parse } from 'graphql';
import { fieldRulesFromSdl, ruleFromDirectives } from './field-rules';

/** The directives of `field` in `type Query { field: String <directives> }`. */
function directivesOf(directives: string): readonly DirectiveNode[] {
  const type = parse(`type Query { field: String ${directives} }`).definitions[0] as ObjectTypeDefinitionNode;
  return (type.fields![0] as FieldDefinitionNode).directives!;
}

describe('ruleFromDirectives', () => {
  it('reads category, mask, scope sets, purposes and consent', () => {
    expect(
      ruleFromDirectives(
        directivesOf(
          '@personal(category: CONTACT, mask: EMAIL) ' +
            '@access(scopes: [["customer:read", "contact:read"], ["risk:read"]], purposes: ["sales"]) ' +
            '@consent(topic: "email_marketing", purposes: ["marketing"])',
        ),
      ),
    ).toEqual({
      category: 'CONTACT',
      mask: 'EMAIL',
      scopes: [['customer:read', 'contact:read'], ['risk:read']],
      purposes: ['sales'],
      consent: { topic: 'email_marketing', purposes: ['marketing'] },
    });
  });

  it('leaves out what the directives do not say: no mask, no scope sets, any purpose, no consent', () => {
    const rule = ruleFromDirectives(directivesOf('@personal(category: RISK)'));
    expect(rule).toEqual({ category: 'RISK', scopes: [] });
    expect(rule).toHaveProperty('mask', undefined);
    expect(rule).toHaveProperty('purposes', undefined);
    expect(rule).toHaveProperty('consent', undefined);
  });

  it('treats an explicit null mask as no mask, and @access without purposes as any purpose', () => {
    expect(ruleFromDirectives(directivesOf('@personal(category: IDENTITY, mask: null) @access(scopes: [["identity:read"]])'))).toEqual({
      category: 'IDENTITY',
      scopes: [['identity:read']],
      mask: undefined,
      purposes: undefined,
      consent: undefined,
    });
  });

  it('reads a directive without arguments as one with none', () => {
    expect(ruleFromDirectives(directivesOf('@personal(category: RISK) @access'))).toEqual({ category: 'RISK', scopes: [] });
  });

  it('is no rule without @personal, whatever else the field says', () => {
    expect(ruleFromDirectives(directivesOf('@access(scopes: [["risk:read"]]) @deprecated'))).toBeUndefined();
    expect(ruleFromDirectives([])).toBeUndefined();
  });

  it('turns a consent topic into a string', () => {
    expect(
      ruleFromDirectives(directivesOf('@personal(category: CONTACT) @consent(topic: POST, purposes: ["marketing"])'))?.consent,
    ).toEqual({ topic: 'POST', purposes: ['marketing'] });
  });
});

describe('fieldRulesFromSdl', () => {
  it('keys the rules of object types and their extensions by coordinate, skipping unclassified fields and other definitions', () => {
    const rules = fieldRulesFromSdl(
      parse(`
      type Customer { id: ID! email: String @personal(category: CONTACT, mask: EMAIL) @access(scopes: [["contact:read"]]) }
      extend type Customer { risk: String @personal(category: RISK) }
      interface Named { name: String @personal(category: IDENTITY) }
      input Filter { email: String }
      type Empty
      scalar Date
    `),
    );
    expect([...rules.keys()]).toEqual(['Customer.email', 'Customer.risk']);
    expect(rules.get('Customer.email')).toEqual({ category: 'CONTACT', mask: 'EMAIL', scopes: [['contact:read']] });
    expect(rules.get('Customer.risk')).toEqual({ category: 'RISK', scopes: [] });
  });
});

describe('rules from syntax trees built by hand', () => {
  const name = (value: string) => ({ kind: Kind.NAME, value }) as const;

  it('reads a directive node without arguments, a field without directives and a type without fields', () => {
    const personal = { kind: Kind.DIRECTIVE, name: name('personal') } as DirectiveNode;
    expect(ruleFromDirectives([personal])).toEqual({ category: undefined, scopes: [] });
    const document = {
      kind: Kind.DOCUMENT,
      definitions: [
        { kind: Kind.OBJECT_TYPE_DEFINITION, name: name('Empty') },
        {
          kind: Kind.OBJECT_TYPE_DEFINITION,
          name: name('Plain'),
          fields: [{ kind: Kind.FIELD_DEFINITION, name: name('id'), type: { kind: Kind.NAMED_TYPE, name: name('ID') } }],
        },
      ],
    } as unknown as DocumentNode;
    expect(fieldRulesFromSdl(document)).toEqual(new Map());
  });
});
