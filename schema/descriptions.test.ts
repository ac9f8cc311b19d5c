import { readFileSync } from 'node:fs';
import { buildSchema, isEnumType, isInputObjectType, isIntrospectionType, isObjectType, isSpecifiedScalarType } from 'graphql';
import { DEFAULT_SUPERGRAPH_PATH } from '../gateway/gateway-config';

/** The types clients see: the supergraph minus federation's own machinery. */
function apiSchemaTypes() {
  const schema = buildSchema(readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8'), { assumeValidSDL: true });
  return Object.values(schema.getTypeMap()).filter(
    (type) => !isIntrospectionType(type) && !isSpecifiedScalarType(type) && !/^(join__|link__|_)/.test(type.name),
  );
}

describe('the API schema documents itself', () => {
  it('has a description on every type, field, argument and enum value', () => {
    const missing: string[] = [];
    for (const type of apiSchemaTypes()) {
      if (isInputObjectType(type)) continue;
      if (!type.description && type.name !== 'Query') missing.push(type.name);
      if (isObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (field.name.startsWith('_')) continue;
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of field.args) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
    }
    expect(missing).toEqual([]);
  });
});
