import { readFileSync } from 'node:fs';
import { buildSchema, printSchema } from 'graphql';
import { DEFAULT_SUPERGRAPH_PATH } from '../platform/supergraph-file';
import type { PersistedOperation } from '../contracts/persisted-operation';
import { fromProjectRoot } from '../platform/project-root';
import { apiSchemaFromFile } from '../platform/supergraph-file';
import { type AllowedBreakingChange, checkSchema } from './schema-check';

const CONTRACT = `
  type Query { customer(id: ID!): Customer }
  type Customer { id: ID! name: String email: String segment: Segment }
  enum Segment { RETAIL BUSINESS }
`;
const operation = (body: string): PersistedOperation => ({ id: 'x', name: 'Op', type: 'query', body, purpose: 'order_delivery' });
const check = (sdl: string, allowed: AllowedBreakingChange[] = [], ops: Parameters<typeof checkSchema>[3] = []) =>
  checkSchema(CONTRACT, buildSchema(sdl), allowed, ops);
const REMOVED_EMAIL = "Field 'email' was removed from object type 'Customer'";

describe('schema check', () => {
  it('reports no change for the contract itself', async () => {
    expect(await check(CONTRACT)).toEqual({ breaking: [], allowed: [], dangerous: [], safe: [], invalidOperations: [], changed: false });
  });

  it('passes an added field as safe', async () => {
    expect(await check(CONTRACT.replace('email: String', 'email: String phone: String'))).toEqual({
      breaking: [],
      allowed: [],
      dangerous: [],
      safe: ["Field 'phone' was added to object type 'Customer'"],
      invalidOperations: [],
      changed: true,
    });
  });

  it('passes a new field with an optional argument as safe', async () => {
    const result = await check(CONTRACT.replace('email: String', 'email: String orders(first: Int): [String]'));
    expect(result).toMatchObject({ breaking: [], dangerous: [] });
    expect(result.safe).toEqual([
      "Field 'orders' was added to object type 'Customer'",
      "Argument 'first: Int' added to field 'Customer.orders'",
    ]);
  });

  it('reports an optional argument added to an existing field as dangerous, without failing', async () => {
    expect(await check(CONTRACT.replace('customer(id: ID!)', 'customer(id: ID!, asOf: String)'))).toMatchObject({
      breaking: [],
      dangerous: ["Argument 'asOf: String' added to field 'Query.customer'"],
      safe: [],
    });
  });

  it('reports an added enum value as dangerous, without failing', async () => {
    expect(await check(CONTRACT.replace('RETAIL BUSINESS', 'RETAIL BUSINESS PUBLIC_SECTOR'))).toMatchObject({
      breaking: [],
      dangerous: ["Enum value 'PUBLIC_SECTOR' was added to enum 'Segment'"],
    });
  });

  it.each([
    ['a removed field', CONTRACT.replace(' email: String', ''), [REMOVED_EMAIL]],
    [
      'a required argument added',
      CONTRACT.replace('customer(id: ID!)', 'customer(id: ID!, asOf: String!)'),
      ["Argument 'asOf: String!' added to field 'Query.customer'"],
    ],
    ['a changed field type', CONTRACT.replace('name: String', 'name: Int'), ["Field 'Customer.name' changed type from 'String' to 'Int'"]],
    ['a removed enum value', CONTRACT.replace('RETAIL BUSINESS', 'RETAIL'), ["Enum value 'BUSINESS' was removed from enum 'Segment'"]],
  ])('fails %s as breaking', async (_, sdl, breaking) => {
    expect(await check(sdl)).toMatchObject({ breaking, allowed: [] });
  });

  it('passes a removed field the exceptions file lists, reporting it as allowed', async () => {
    const allowed = [{ description: REMOVED_EMAIL, reason: 'Contact data moved to Customer.contact (agreed with all clients).' }];
    expect(await check(CONTRACT.replace(' email: String', ''), allowed)).toMatchObject({ breaking: [], allowed: [REMOVED_EMAIL] });
  });

  it('does not take a graphql-js wording in the exceptions file for the change', async () => {
    const allowed = [{ description: 'Customer.email was removed.', reason: 'r' }];
    expect(await check(CONTRACT.replace(' email: String', ''), allowed)).toMatchObject({ breaking: [REMOVED_EMAIL], allowed: [] });
  });

  it('fails when a registered partner operation no longer validates', async () => {
    const ops = [{ clientId: 'acme', operation: operation('query Op { customer(id: "1") { name email } }') }];
    expect(
      (await check(CONTRACT.replace(' email: String', ''), [{ description: REMOVED_EMAIL, reason: 'r' }], ops)).invalidOperations,
    ).toEqual(['acme/Op: Cannot query field "email" on type "Customer".']);
  });

  it('has the committed API contract match the composed supergraph (run `npm run schema:check -- --write`)', () => {
    expect(readFileSync(fromProjectRoot('schema', 'api-schema.graphql'), 'utf8')).toBe(
      `${printSchema(apiSchemaFromFile(DEFAULT_SUPERGRAPH_PATH))}\n`,
    );
  });
});
