import { readFileSync } from 'node:fs';
import { buildSchema, getOperationAST, GraphQLError, type GraphQLSchema, parse } from 'graphql';
import type { Principal } from '../../contracts/principal';
import { loadPolicy, type Policy } from '../../policy/policy';
import { apiSchemaOf } from '../../platform/supergraph-file';
import { DEFAULT_SUPERGRAPH_PATH } from '../../platform/supergraph-file';
import type { GatewayContext } from '../gateway-context';
import { ProtectionPlans } from '../protection/plan';
import { admissionPlugin } from './admission.plugin';

/** The admission plugin over plans read from `supergraph`: what its didResolveOperation makes of one request. */
async function admission(supergraph: string, policy: Policy) {
  const plans = new ProtectionPlans(policy);
  plans.load(supergraph);
  const listener = await admissionPlugin(plans, policy).requestDidStart!({} as never);
  return (request: unknown) => (listener as { didResolveOperation: (context: unknown) => Promise<void> }).didResolveOperation(request);
}

function requestFor(
  schema: GraphQLSchema,
  source: string,
  context: GatewayContext,
  variables: Record<string, unknown> = {},
  operationName?: string,
) {
  const document = parse(source);
  const operation = getOperationAST(document, operationName)!;
  return {
    contextValue: context,
    context,
    document,
    operation,
    operationName: operation.name?.value ?? null,
    schema,
    queryHash: `hash:${source}`,
    request: { variables },
  };
}

describe('admissionPlugin in reject mode', () => {
  const SUPERGRAPH = `
    type Query { customers: [Customer!]! accessLog: [Entry!] @personal(category: BEHAVIOURAL) @access(scopes: [["audit:read"]]) }
    type Customer {
      id: ID!
      name: String @personal(category: IDENTITY) @access(scopes: [["customer:read"]])
      segment: String @personal(category: PROFILING) @access(scopes: [["profiling:read"]])
    }
    type Entry { at: String }
  `;
  const API = buildSchema(`
    type Query { customers(first: Int!): [Customer!]! accessLog: [Entry!] }
    type Customer { id: ID! name: String segment: String }
    type Entry { at: String }
  `);
  const POLICY = {
    purposes: { sales: '', audit: '' },
    scopes: { 'customer:read': '', 'profiling:read': '', 'audit:read': '' },
    masking: {},
    roles: { clerk: { purposes: ['sales', 'audit'], maxCustomers: 1000 } },
    enforcement: { firstParty: 'filter', partner: 'reject', clients: { 'strict-app': 'reject', 'lenient-partner': 'filter' } },
    limits: { 'first-party': { cost: 1000 }, partner: { cost: 1000 } },
  } as unknown as Policy;
  const CLERK: Principal = {
    subject: 'clerk@example.com',
    scopes: ['customer:read'],
    purpose: 'sales',
    clientId: 'clerk-app',
    clientKind: 'first-party',
  };
  const PARTNER: Principal = { ...CLERK, clientId: 'courier', clientKind: 'partner' };
  const admit = async (source: string, principal: Principal) =>
    (await admission(SUPERGRAPH, POLICY))(requestFor(API, source, { principal, requestId: 'gw-1', clientRequestId: null }));

  it('refuses a partner the whole operation when it asks for a field it may not read (403)', async () => {
    const refusal = await admit('{ customers(first: 1) { name segment } accessLog { at } }', PARTNER).catch((error: GraphQLError) => error);
    expect(refusal).toBeInstanceOf(GraphQLError);
    expect([(refusal as GraphQLError).message, (refusal as GraphQLError).extensions]).toEqual([
      'This operation asks for fields you may not read',
      { code: 'FORBIDDEN', forbiddenFields: ['Customer.segment', 'Query.accessLog'], http: { status: 403 } },
    ]);
  });

  it('lets a partner run what it may read', async () => {
    await expect(admit('{ customers(first: 1) { name } }', PARTNER)).resolves.toBeUndefined();
  });

  it('follows the mode set for the client over the one of its kind', async () => {
    const source = '{ customers(first: 1) { segment } }';
    await expect(admit(source, { ...CLERK, clientId: 'strict-app' })).rejects.toThrow('This operation asks for fields you may not read');
    await expect(admit(source, { ...PARTNER, clientId: 'lenient-partner' })).resolves.toBeUndefined();
    await expect(admit(source, CLERK)).resolves.toBeUndefined();
  });

  it('does nothing for a request without an operation', async () => {
    const didResolveOperation = await admission(SUPERGRAPH, POLICY);
    const request = requestFor(API, '{ customers(first: 1) { segment } }', {
      principal: PARTNER,
      requestId: 'gw-1',
      clientRequestId: null,
    });
    await expect(didResolveOperation({ ...request, operation: undefined })).resolves.toBeUndefined();
  });
});

describe('admissionPlugin, on the real supergraph and policy', () => {
  const supergraphSdl = readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8');
  const schema = apiSchemaOf(supergraphSdl);
  const agent: GatewayContext = {
    requestId: 'request-0001',
    clientRequestId: null,
    principal: {
      subject: 'agent@example.com',
      scopes: ['customer:read', 'contact:read', 'commerce:read'],
      purpose: 'customer_service',
      clientId: 'desk',
      clientKind: 'first-party',
    },
  };
  const admit = async (query: string, variables: Record<string, unknown> = {}, operationName?: string) =>
    (await admission(supergraphSdl, loadPolicy()))(requestFor(schema, query, agent, variables, operationName)).then(
      () => 'admitted',
      (error: GraphQLError) => [error.message, error.extensions],
    );

  it('admits exactly the cap of customers a support agent may read, and refuses one more', async () => {
    const pages = 'a: customers(first: 100) { nodes { id } } b: customers(first: 100) { nodes { id } }';
    expect(await admit(`{ ${pages} }`)).toBe('admitted');
    expect(await admit(`{ ${pages} c: customer(id: "1000001") { id } }`)).toEqual([
      'The operation can return the data of up to 201 customers; one request may return at most 200 for this purpose',
      { code: 'CUSTOMER_LIMIT_EXCEEDED', http: { status: 400 } },
    ]);
  });

  it('admits exactly the cost limit, and refuses one more', async () => {
    expect(await admit('query($n: Int!) { customer(id: "1000001") { orders(first: $n) { id } } }', { n: 59_999 })).toBe('admitted');
    expect(await admit('query($n: Int!) { customer(id: "1000001") { orders(first: $n) { id } } }', { n: 60_000 })).toEqual([
      'The operation exceeds the limits: Cost limit of 60000 exceeded, estimated 60001.',
      { code: 'OPERATION_TOO_LARGE', http: { status: 400 } },
    ]);
  });

  it("refuses a page size below 1 and a null no condition can take, as the caller's errors", async () => {
    expect(await admit('{ customer(id: "1000001") { orders(first: 0) { id } } }')).toEqual([
      'A list cannot be shorter than 1: Customer.orders(first: 0)',
      { code: 'BAD_USER_INPUT', argumentName: 'first', http: { status: 400 } },
    ]);
    expect(await admit('query($v: Boolean = true) { customer(id: "1000001") { id @include(if: $v) } }', { v: null })).toEqual([
      'Argument "if" of non-null type "Boolean!" must not be null.',
      { code: 'BAD_USER_INPUT', http: { status: 400 } },
    ]);
  });

  it("judges the conditions of the operation that runs, not those of the document's others", async () => {
    const document =
      'query WithEmail($e: Boolean!) { customer(id: "1000001") { id email @include(if: $e) } } ' +
      'query Plain { customer(id: "1000001") { id } }';
    expect(await admit(document, {}, 'Plain')).toBe('admitted');
    expect(await admit(document, { e: true }, 'WithEmail')).toBe('admitted');
  });
});
