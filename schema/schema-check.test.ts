import { readFileSync } from 'node:fs';
import { buildSchema, printSchema } from 'graphql';
import { DEFAULT_SUPERGRAPH_PATH } from '../gateway/gateway-config';
import type { PersistedOperation } from '../contracts/persisted-operation';
import { fromProjectRoot } from '../platform/project-root';
import { apiSchemaFromFile } from './api-schema';
import { checkSchema } from './schema-check';

const CONTRACT = `
  type Query { customer(id: ID!): Customer }
  type Customer { id: ID! name: String email: String }
`;
const operation = (body: string): PersistedOperation => ({ id: 'x', name: 'Op', type: 'query', body, purpose: 'order_delivery' });

describe('schema check', () => {
  it('passes an added field', () => {
    const next = buildSchema(CONTRACT.replace('email: String', 'email: String phone: String'));
    expect(checkSchema(CONTRACT, next, [], [])).toMatchObject({ breaking: [], invalidOperations: [], changed: true });
  });

  it('fails a removed field unless the exceptions file lists it', () => {
    const next = buildSchema(CONTRACT.replace(' email: String', ''));
    expect(checkSchema(CONTRACT, next, [], []).breaking).toEqual(['Customer.email was removed.']);
    const allowed = [
      { description: 'Customer.email was removed.', reason: 'Contact data moved to Customer.contact (agreed with all clients).' },
    ];
    expect(checkSchema(CONTRACT, next, allowed, [])).toMatchObject({ breaking: [], allowed: ['Customer.email was removed.'] });
  });

  it('fails when a registered partner operation no longer validates', () => {
    const next = buildSchema(CONTRACT.replace(' email: String', ''));
    const ops = [{ clientId: 'acme', operation: operation('query Op { customer(id: "1") { name email } }') }];
    expect(checkSchema(CONTRACT, next, [{ description: 'Customer.email was removed.', reason: 'r' }], ops).invalidOperations).toEqual([
      'acme/Op: Cannot query field "email" on type "Customer".',
    ]);
  });

  it('has the committed API contract match the composed supergraph (run `npm run schema:check -- --write`)', () => {
    expect(readFileSync(fromProjectRoot('schema', 'api-schema.graphql'), 'utf8')).toBe(
      `${printSchema(apiSchemaFromFile(DEFAULT_SUPERGRAPH_PATH))}\n`,
    );
  });
});
